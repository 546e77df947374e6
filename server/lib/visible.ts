import { and, eq, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Scope } from "@/server/scope";

/** A table's columns the visibility rule reads; `projectId` is absent on org-level tables. */
export interface ScopedColumns {
  organizationId: AnyPgColumn;
  projectId?: AnyPgColumn;
}

/**
 * THE rule for what a scope may see: its org's rows, and for a project-bound API key (`scope.projectId`) only its
 * project's (rows without a project are the org's, not the key's). Every query of a table with a project column
 * filters through this, so another project's row answers exactly like a missing one.
 */
export function visibleTo(scope: Pick<Scope, "orgId" | "projectId">, table: ScopedColumns): SQL {
  const inOrg = eq(table.organizationId, scope.orgId);
  if (!scope.projectId || !table.projectId) return inOrg;
  return and(inOrg, eq(table.projectId, scope.projectId)) as SQL;
}
