import type { Db } from "@/db/client";
import type { Scope } from "@/server/scope";
import { getAuth } from "./auth";
import { scopeForUser } from "./users";

/**
 * Resolves a browser request (its better-auth session cookie) to a scope, or null when nobody is signed in
 * (or the user belongs to no organization). The scope acts on the session's active organization, else the
 * user's oldest membership, with the role the user has there. Callers: tRPC context, pages, server actions.
 */
export async function getSessionScope(db: Db, headers: Headers): Promise<Scope | null> {
  const session = await getBrowserSession(db, headers);
  if (!session) return null;
  const scope = await scopeForUser(db, session.user.id, session.session.activeOrganizationId);
  return scope && { ...scope, sessionId: session.session.id };
}

/** The raw better-auth session (user + session row), or null. */
export async function getBrowserSession(db: Db, headers: Headers) {
  // No cookie, no session: skip the lookup (API-key and anonymous requests are the common case).
  if (!headers.get("cookie")?.includes("session_token")) return null;
  const session = await getAuth(db).api.getSession({ headers });
  if (!session) return null;
  return session as typeof session & { session: { activeOrganizationId?: string | null } };
}
