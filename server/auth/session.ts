import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { organizations } from "@/db/schema";
import type { Scope } from "@/server/scope";

/**
 * Resolves a browser request (cookies) to a scope, or null when nobody is signed in.
 *
 * TEMPORARY until browser sign-in lands: every browser request acts on the headless-init org
 * (RUNTOWER_INIT_ORG_ID) or else the demo org. The sign-in work replaces this body with real sessions;
 * callers (tRPC context, pages, server actions) keep calling this one function.
 */
export async function getSessionScope(db: Db, _headers: Headers): Promise<Scope | null> {
  const orgId = process.env.RUNTOWER_INIT_ORG_ID ?? "org-00000000-0000-4000-8000-00000000de30";
  const [org] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, orgId));
  if (!org) return null;
  return { db, orgId: org.id, projectId: null, actor: "browser" };
}
