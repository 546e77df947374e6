import { and, eq, ilike } from "drizzle-orm";
import { agents } from "@/db/schema";
import { notFound } from "@/server/errors";
import { newId } from "@/server/ids";
import type { Page } from "@/server/lib/common-schemas";
import type { CreateAgentInput, ListAgentsInput } from "./schemas";
import type { Scope } from "@/server/scope";
import { keysetPage, type KeysetSpec } from "@/server/lib/keyset";
import { assertProjectInOrg } from "@/server/modules/access/projects";

export type Agent = typeof agents.$inferSelect;

export async function createAgent(scope: Scope, input: CreateAgentInput): Promise<Agent> {
  const projectId = input.projectId ?? scope.projectId;
  if (projectId) await assertProjectInOrg(scope, projectId);
  const [agent] = await scope.db
    .insert(agents)
    .values({
      id: newId("agent"),
      organizationId: scope.orgId,
      projectId,
      name: input.name,
      description: input.description ?? null,
      metadata: input.metadata ?? null,
    })
    .returning();
  return agent;
}

export async function getAgent(scope: Scope, agentId: string, field = "agentId"): Promise<Agent> {
  const [agent] = await scope.db
    .select()
    .from(agents)
    .where(and(eq(agents.organizationId, scope.orgId), eq(agents.id, agentId)));
  if (!agent) throw notFound("agent", agentId, field);
  return agent;
}

const agentKeyset: KeysetSpec = {
  table: agents,
  orgColumn: agents.organizationId,
  idColumn: agents.id,
  sortKey: agents.createdAt,
  sortKeyType: "timestamptz",
  entity: "agent",
};

export async function listAgents(scope: Scope, input: ListAgentsInput): Promise<Page<Agent>> {
  const conditions = [eq(agents.organizationId, scope.orgId)];
  if (input.projectId) conditions.push(eq(agents.projectId, input.projectId));
  if (input.name) conditions.push(ilike(agents.name, `%${input.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  return keysetPage(scope, agentKeyset, input, (seek, orderBy, limit) =>
    scope.db
      .select()
      .from(agents)
      .where(and(...conditions, ...seek))
      .orderBy(...orderBy)
      .limit(limit),
  );
}
