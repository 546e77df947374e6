import type { Db } from "@/db/client";

/**
 * What every service call runs as: the organization whose rows it may touch, the project an API key
 * is bound to (if any), and who is acting (recorded in created_by/last_updated_by).
 */
export interface Scope {
  db: Db;
  orgId: string;
  projectId: string | null;
  actor: string;
}
