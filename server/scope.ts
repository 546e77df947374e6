import type { Db } from "@/db/client";
import type { Permission, Role } from "@/server/modules/access/permissions";

/**
 * What every service call runs as: the organization whose rows it may touch, the project an API key
 * is bound to (if any), and who is acting (recorded in created_by/last_updated_by).
 */
export interface Scope {
  db: Db;
  orgId: string;
  projectId: string | null;
  actor: string;
  /**
   * Set on every request scope (session or API key): the caller's role in the org and what it allows.
   * Hand-made scopes (workers, scripts) leave them out and then hold no permissions (server/modules/access/permissions.ts).
   */
  role?: Role;
  permissions?: readonly Permission[];
  /** The signed-in user (`user-…`), null or absent for API keys and internal scopes. */
  userId?: string | null;
  /** The API key acting (`key-…`), null or absent for sessions and internal scopes. */
  apiKeyId?: string | null;
  /** The browser session acting (better-auth's session id), for what changes the session itself (its active org). */
  sessionId?: string | null;
}
