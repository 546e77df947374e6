import { notFound } from "@/server/errors";
import { newId } from "@/server/ids";
import type { Page } from "@/server/lib/common-schemas";
import { keysetPage } from "@/server/lib/keyset";
import type { Scope } from "@/server/scope";
import { assertProjectInOrg } from "@/server/modules/access";
import type { CreateAgentInput, ListAgentsInput } from "./schemas";
import {
  agentFilterConditions,
  agentKeyset,
  findAgent,
  insertAgent,
  selectAgentPage,
  selectAgentProjects,
  type Agent,
} from "./queries";

export async function createAgent(scope: Scope, input: CreateAgentInput): Promise<Agent> {
  const projectId = input.projectId ?? scope.projectId;
  // A project-bound key sees no other project: naming one answers as a missing project would.
  if (scope.projectId && input.projectId && input.projectId !== scope.projectId)
    throw notFound("project", input.projectId, "projectId");
  if (projectId) await assertProjectInOrg(scope, projectId);
  return insertAgent(scope, {
    id: newId("agent"),
    organizationId: scope.orgId,
    projectId,
    name: input.name,
    description: input.description ?? null,
    metadata: input.metadata ?? null,
  });
}

/** One agent the caller may see (its org's; its project's for a project-bound key); NOT_FOUND names `field` (agentId, or agent_id on /v1). */
export async function getAgent(scope: Scope, agentId: string, field = "agentId"): Promise<Agent> {
  const agent = await findAgent(scope, agentId);
  if (!agent) throw notFound("agent", agentId, field);
  return agent;
}

export async function listAgents(scope: Scope, input: ListAgentsInput): Promise<Page<Agent>> {
  const conditions = agentFilterConditions(scope, input);
  return keysetPage(scope, agentKeyset, input, (seek, orderBy, limit) =>
    selectAgentPage(scope, conditions, seek, orderBy, limit),
  );
}

/** The project of each of these agents; an agent missing from the map is not in the caller's org. */
export async function projectsOfAgents(scope: Scope, agentIds: string[]): Promise<Map<string, string | null>> {
  return selectAgentProjects(scope, agentIds);
}
