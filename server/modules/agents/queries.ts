import { and, eq, ilike, inArray, type SQL } from "drizzle-orm";
import { agents } from "@/db/schema";
import type { KeysetSpec } from "@/server/lib/keyset";
import type { Scope } from "@/server/scope";
import { visibleTo } from "@/server/lib/visible";
import type { ListAgentsInput } from "./schemas";

export type Agent = typeof agents.$inferSelect;

export async function insertAgent(scope: Scope, values: typeof agents.$inferInsert): Promise<Agent> {
  const [agent] = await scope.db.insert(agents).values(values).returning();
  return agent;
}

export async function findAgent(scope: Scope, agentId: string): Promise<Agent | undefined> {
  const [agent] = await scope.db
    .select()
    .from(agents)
    .where(and(visibleTo(scope, agents), eq(agents.id, agentId)));
  return agent;
}

/** The project of each of these agents the caller may see (others are absent). */
export async function selectAgentProjects(scope: Scope, agentIds: string[]): Promise<Map<string, string | null>> {
  const found = await scope.db
    .select({ id: agents.id, projectId: agents.projectId })
    .from(agents)
    .where(and(visibleTo(scope, agents), inArray(agents.id, agentIds)));
  return new Map(found.map((a) => [a.id, a.projectId]));
}

export const agentKeyset: KeysetSpec = {
  table: agents,
  orgColumn: agents.organizationId,
  projectColumn: agents.projectId,
  idColumn: agents.id,
  sortKey: agents.createdAt,
  sortKeyType: "timestamptz",
  entity: "agent",
};

export function agentFilterConditions(scope: Scope, input: ListAgentsInput): SQL[] {
  const conditions = [visibleTo(scope, agents)];
  if (input.projectId) conditions.push(eq(agents.projectId, input.projectId));
  if (input.name) conditions.push(ilike(agents.name, `%${input.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  return conditions;
}

export function selectAgentPage(scope: Scope, conditions: SQL[], seek: SQL[], orderBy: SQL[], limit: number) {
  return scope.db
    .select()
    .from(agents)
    .where(and(...conditions, ...seek))
    .orderBy(...orderBy)
    .limit(limit);
}
