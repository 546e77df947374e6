/**
 * tRPC in three parts, as create-t3-app's server/api/trpc.ts:
 * 1. context: the database and the caller's scope (resolved from an API key or a session cookie), and the
 *    API key's rate-limit verdict,
 * 2. initialisation: superjson (with a faster, wire-identical serializer for responses: server/transformer.ts), and errors that carry zod's issues per field,
 * 3. procedures: `publicProcedure`, `orgProcedure` which narrows the context to a Scope, and
 *    `writeProcedure(permission)` which also requires a role permission (server/modules/access/permissions.ts).
 */
import { initTRPC, TRPCError } from "@trpc/server";
import { z, ZodError } from "zod";
import type { Db } from "@/db/client";
import { DomainError } from "@/server/errors";
import { transformer } from "@/server/transformer";
import type { Scope } from "@/server/scope";
import { assertPermission, permissionsFor, type Permission } from "@/server/modules/access/permissions";
import { getSessionScope } from "@/server/modules/access/session";
import { authenticateApiKey } from "@/server/modules/access/api-keys";
import type { RateLimitResult } from "@/server/modules/access/rate-limit";

// 1. Context -------------------------------------------------------------------------------------

export interface Context {
  db: Db;
  /** Null when the request carries no valid credentials. */
  scope: Scope | null;
  /** API-key requests over HTTP: the limiter's verdict (the route turns a denial into 429 + Retry-After). */
  rateLimit?: RateLimitResult;
}

export function bearerToken(headers: Headers): string | null {
  const header = headers.get("authorization");
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match ? match[1] : null;
}

export async function createContextFromHeaders(db: Db, headers: Headers): Promise<Context> {
  const token = bearerToken(headers);
  // No API key: a browser request, authenticated by its session cookie.
  if (!token) return { db, scope: await getSessionScope(db, headers) };
  // One statement authenticates the key and counts the request against its rate limit.
  const principal = await authenticateApiKey(db, token, { countRequest: true });
  if (!principal) return { db, scope: null };
  const scope: Scope = {
    db,
    orgId: principal.orgId,
    projectId: principal.projectId,
    actor: principal.keyId,
    apiKeyId: principal.keyId,
    userId: null,
    role: principal.role,
    permissions: permissionsFor(principal.role),
  };
  return { db, scope, rateLimit: principal.rateLimit };
}

// 2. Initialisation ------------------------------------------------------------------------------

function describeZodIssues(error: ZodError): string {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join(".") : "input"}: ${issue.message}`).join("; ");
}

const t = initTRPC.context<Context>().create({
  transformer,
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? error.cause : null;
    const domainError = error.cause instanceof DomainError ? error.cause : null;
    return {
      ...shape,
      message: zodError ? describeZodIssues(zodError) : shape.message,
      data: {
        ...shape.data,
        zodError: zodError ? z.flattenError(zodError) : null,
        field: domainError?.field ?? zodError?.issues[0]?.path.join(".") ?? null,
      },
    };
  },
});

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;

// 3. Procedures ----------------------------------------------------------------------------------

/** Services throw DomainErrors (no HTTP in them); here they become the matching tRPC codes. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  return result;
});

export const publicProcedure = t.procedure.use(domainErrors);

export const orgProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.scope) {
    throw new TRPCError({
      code: "UNAUTHORIZED",
      message: "Authorization: sign in, or pass a valid API key (Authorization: Bearer rt_…)",
    });
  }
  if (ctx.rateLimit && !ctx.rateLimit.allowed) {
    throw new TRPCError({
      code: "TOO_MANY_REQUESTS",
      message: `Rate limit of ${ctx.rateLimit.limit} requests per minute exceeded for this API key; retry after ${ctx.rateLimit.retryAfterSeconds} s`,
    });
  }
  return next({ ctx: { ...ctx, scope: ctx.scope } });
});

/**
 * An org procedure that also requires `permission` of the caller's role (FORBIDDEN naming it otherwise).
 * Every mutation uses one: viewers and read-only API keys hold no write permission.
 */
export function writeProcedure(permission: Permission) {
  return orgProcedure.use(({ ctx, next }) => {
    assertPermission(ctx.scope, permission);
    return next();
  });
}
