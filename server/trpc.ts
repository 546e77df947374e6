/**
 * tRPC in three parts, as create-t3-app's server/api/trpc.ts:
 * 1. context: the database, the caller's scope and its rate limit, from the request pipeline (server/http/),
 * 2. initialisation: superjson (with a faster, wire-identical serializer for responses: server/transformer.ts), and
 *    errors that carry zod's issues per field; unexpected errors reach clients as a message with a request id only,
 * 3. procedures: `publicProcedure`, `orgProcedure` which narrows the context to a Scope and enforces the rate
 *    limit per call, and `writeProcedure(permission)` which also requires a role permission.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import { z, ZodError } from "zod";
import type { Db } from "@/db/client";
import { DomainError } from "@/server/errors";
import { authenticateRequest, type RequestRateLimit } from "@/server/http/authenticate";
import { internalErrorMessage, logUnexpected, rateLimitMessage, toTRPCError } from "@/server/http/errors";
import { assertPermission, type Permission } from "@/server/modules/access";
import { transformer } from "@/server/transformer";
import type { Scope } from "@/server/scope";

// 1. Context -------------------------------------------------------------------------------------

export interface Context {
  db: Db;
  /** Null when the request carries no valid credentials. */
  scope: Scope | null;
  /** HTTP requests: the caller's rate limit, a verdict per call of the request (the route adds 429's headers). */
  rateLimit?: RequestRateLimit | null;
}

/** The context of an HTTP request of `calls` procedure calls (a batch counts each of its calls). */
export async function createContextFromHeaders(db: Db, headers: Headers, calls = 1): Promise<Context> {
  const { scope, rateLimit } = await authenticateRequest(db, headers, { calls });
  return { db, scope, rateLimit };
}

// 2. Initialisation ------------------------------------------------------------------------------

function describeZodIssues(error: ZodError): string {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join(".") : "input"}: ${issue.message}`).join("; ");
}

/** The request id under which an unexpected error was logged (once per error, whichever reads it first). */
const requestIds = new WeakMap<TRPCError, string>();
export function unexpectedErrorId(error: TRPCError, path: string | undefined): string {
  let id = requestIds.get(error);
  if (!id) {
    id = logUnexpected(error.cause ?? error, `trpc ${path ?? "?"}`);
    requestIds.set(error, id);
  }
  return id;
}

const t = initTRPC.context<Context>().create({
  transformer,
  errorFormatter({ shape, error, path }) {
    const zodError = error.cause instanceof ZodError ? error.cause : null;
    const domainError = error.cause instanceof DomainError ? error.cause : null;
    // A failure nobody anticipated (a driver error carries its SQL): the client gets an id to quote, not the cause.
    if (error.code === "INTERNAL_SERVER_ERROR") {
      const { stack: _stack, ...data } = shape.data;
      return {
        ...shape,
        message: internalErrorMessage(unexpectedErrorId(error, path)),
        data: { ...data, zodError: null, field: null },
      };
    }
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

/** Use-cases throw DomainErrors (no HTTP in them); here they become the matching tRPC codes. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) throw toTRPCError(result.error.cause);
  return result;
});

export const publicProcedure = t.procedure.use(domainErrors);

export const orgProcedure = publicProcedure.use(({ ctx, next, batchIndex }) => {
  if (!ctx.scope) {
    throw new TRPCError({
      code: "UNAUTHORIZED",
      message: "Authorization: sign in, or pass a valid API key (Authorization: Bearer rt_…)",
    });
  }
  // Each call of a batch is judged on its own: a batch of N calls spends N.
  const verdict = ctx.rateLimit?.forCall(batchIndex);
  if (verdict && !verdict.allowed) {
    throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: rateLimitMessage(verdict, ctx.rateLimit!.who) });
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
