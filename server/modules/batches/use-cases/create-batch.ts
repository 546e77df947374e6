import { notFound } from "@/server/errors";
import { newId } from "@/server/ids";
import type { Scope } from "@/server/scope";
import { projectsOfAgents } from "@/server/modules/agents";
import { insertRunsWithMetrics, toRun, type Run } from "@/server/modules/runs";
import type { CreateBatchInput } from "../schemas";
import { toBatch, type Batch } from "../batch";
import { insertBatch } from "../queries";

/** The project every run of the batch is in (a project-bound key sees the batch), or null when they differ. */
function sharedProject(projectOf: Map<string, string | null>): string | null {
  const projects = new Set(projectOf.values());
  return projects.size === 1 ? [...projects][0] : null;
}

/** Creates the batch and one run per request in one transaction: either all runs exist or none. */
export async function createBatch(scope: Scope, input: CreateBatchInput): Promise<Batch & { runs: Run[] }> {
  return scope.db.transaction(async (tx) => {
    const projectOf = await projectsOfAgents({ ...scope, db: tx }, [...new Set(input.requests.map((r) => r.agentId))]);
    const missing = input.requests.findIndex((r) => !projectOf.has(r.agentId));
    if (missing >= 0) throw notFound("agent", input.requests[missing].agentId, `requests.${missing}.agentId`);

    const batch = await insertBatch(tx, {
      id: newId("batch"),
      organizationId: scope.orgId,
      projectId: scope.projectId ?? sharedProject(projectOf),
      requestCount: input.requests.length,
      metadata: input.metadata ?? null,
      callbackUrl: input.callbackUrl ?? null,
      createdById: scope.actor,
    });
    const created = await insertRunsWithMetrics(
      tx,
      input.requests.map((r) => ({
        id: r.id ?? newId("run"),
        organizationId: scope.orgId,
        projectId: projectOf.get(r.agentId) ?? null,
        agentId: r.agentId,
        batchId: batch.id,
        background: r.background ?? false,
        metadata: r.metadata ?? null,
        requestConfig: r.requestConfig ?? null,
        conversationId: r.conversationId ?? null,
        baseTemplateId: r.baseTemplateId ?? null,
        callbackUrl: r.callbackUrl ?? null,
        createdById: scope.actor,
        lastUpdatedById: scope.actor,
      })),
      (i) => `requests.${i}.id`,
    );
    return { ...toBatch(batch), runs: created.map(toRun) };
  });
}
