import type { ApiKeyRole, MembershipRole } from "@/db/schema/auth";
import { DomainError } from "@/server/errors";

/**
 * Named permissions checked on the server (tRPC `writeProcedure`, REST handlers via `assertPermission`) and sent to
 * the client (`me.get`) so the UI can hide what a role cannot do. Reading the organization's data needs no
 * permission beyond belonging to it: every role, and every API key, can read.
 */
export const PERMISSIONS = [
  "runs:write", // create/update runs and steps, create batches
  "runs:cancel",
  "runs:delete",
  "agents:write",
  "feedback:write", // step feedback
  "views:write", // saved views
  "callbacks:redeliver",
  "callbacks:manage", // endpoints, signing-secret rotation
  "keys:manage", // API keys: create, list, revoke
  "members:manage",
  "audit:read",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export type Role = MembershipRole;

const MEMBER: readonly Permission[] = [
  "runs:write",
  "runs:cancel",
  "runs:delete",
  "agents:write",
  "feedback:write",
  "views:write",
  "callbacks:redeliver",
];
const ADMIN: readonly Permission[] = [...MEMBER, "callbacks:manage", "keys:manage", "members:manage", "audit:read"];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  owner: ADMIN,
  admin: ADMIN,
  member: MEMBER,
  viewer: [],
};

export function permissionsFor(role: Role | ApiKeyRole): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}

/** What the permission checks need of a scope (server/scope.ts Scope has these as optional fields). */
interface Authorized {
  role?: Role;
  permissions?: readonly Permission[];
}

/** Scopes made by hand without a role (workers, scripts) hold no permissions: checks deny by default. */
export function hasPermission(scope: Authorized, permission: Permission): boolean {
  return scope.permissions?.includes(permission) ?? false;
}

/** Throws FORBIDDEN naming the missing permission. Used by tRPC's writeProcedure and REST handlers alike. */
export function assertPermission(scope: Authorized, permission: Permission): void {
  if (!hasPermission(scope, permission)) {
    throw new DomainError("FORBIDDEN", `Forbidden: role ${scope.role ?? "none"} lacks the permission ${permission}`);
  }
}
