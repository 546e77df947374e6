/**
 * The one place where failures become answers: tRPC errors (`toTRPCError`, and the formatter's `publicMessage`),
 * Letta-shaped HTTP errors for /v1 (`toErrorResponse`: `{ "detail": …, "message": … }` with the status code that
 * makes the official SDK raise its matching class: 400 BadRequestError, 401 AuthenticationError, 403
 * PermissionDeniedError, 404 NotFoundError, 409 ConflictError, 422 UnprocessableEntityError, 429 RateLimitError),
 * plain JSON errors for the export route (`toJsonError`), and results of server actions (`toActionError`).
 * Unexpected errors are logged with a request id; clients get a generic message and that id, never the cause.
 */
import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { ZodError, type z } from "zod";
import { DomainError, type DomainErrorCode } from "@/server/errors";
import type { RateLimitResult } from "@/server/modules/access";
import { jsonResponse } from "./rest-json";

export const DOMAIN_ERROR_STATUS: Record<DomainErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
};

/** An HTTP-level failure raised by the pipeline itself (authentication, rate limit, unreadable body). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** `idOf()` in server/lib/common-schemas.ts reports a malformed id with this message. */
const MALFORMED_ID = /^must be an? [a-z]+ id: '/;
export function isMalformedIdIssue(issue: z.core.$ZodIssue): boolean {
  return issue.code === "custom" && MALFORMED_ID.test(issue.message);
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function describeIssues(error: ZodError, location: string): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.map((p) => snake(String(p))).join(".") : location}: ${issue.message}`)
    .join("; ");
}

/** Services name fields in camelCase (`runId: run … not found`); the wire speaks snake_case. */
function domainMessage(error: DomainError): string {
  if (error.field && error.message.startsWith(`${error.field}: `))
    return `${snake(error.field)}: ${error.message.slice(error.field.length + 2)}`;
  return error.message;
}

export function errorBody(detail: string) {
  return { detail, message: detail };
}

/** Logs an unexpected error under a new request id and returns the id (what the client is told). */
export function logUnexpected(error: unknown, where: string): string {
  const requestId = randomUUID();
  console.error(`[${where}] request ${requestId}: unexpected error:`, error);
  return requestId;
}

export const internalErrorMessage = (requestId: string) => `Internal server error (request id ${requestId})`;

export function rateLimitMessage(result: RateLimitResult, who: "API key" | "user"): string {
  return `Rate limit of ${result.limit} requests per minute exceeded for this ${who}; retry after ${result.retryAfterSeconds} s`;
}

/** Standard headers for a limited (or nearly limited) response. */
export function rateLimitHeaders(result: RateLimitResult): Record<string, string> {
  const headers: Record<string, string> = {
    "x-ratelimit-limit": String(result.limit),
    "x-ratelimit-remaining": String(result.remaining),
  };
  if (!result.allowed) headers["retry-after"] = String(result.retryAfterSeconds);
  return headers;
}

/** A use-case's DomainError as the tRPC error of the same code; anything else unchanged. */
export function toTRPCError(error: unknown): unknown {
  if (error instanceof DomainError) return new TRPCError({ code: error.code, message: error.message, cause: error });
  return error;
}

/** Server actions answer failures as values the UI renders: domain errors say what is wrong, others are hidden. */
export function toActionError(error: unknown): { ok: false; error: string; field: string | null } {
  if (error instanceof DomainError) return { ok: false, error: error.message, field: error.field ?? null };
  return { ok: false, error: internalErrorMessage(logUnexpected(error, "action")), field: null };
}

/** Plain JSON errors (`{ error }`) of the export route, with the same statuses as /v1. */
export function toJsonError(error: unknown): Response {
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (error instanceof DomainError)
    return Response.json({ error: error.message }, { status: DOMAIN_ERROR_STATUS[error.code], headers });
  if (error instanceof HttpError)
    return Response.json({ error: error.message }, { status: error.status, headers: { ...headers, ...error.headers } });
  const requestId = logUnexpected(error, "http");
  return Response.json(
    { error: internalErrorMessage(requestId) },
    { status: 500, headers: { ...headers, "x-request-id": requestId } },
  );
}

export function toErrorResponse(error: unknown, location = "input"): Response {
  if (error instanceof DomainError) {
    const status = DOMAIN_ERROR_STATUS[error.code];
    // The SDK retries 409 (even POST/PATCH) unless told not to; our conflicts are deterministic.
    const headers: Record<string, string> = status === 409 ? { "x-should-retry": "false" } : {};
    return jsonResponse(errorBody(domainMessage(error)), { status, headers });
  }
  if (error instanceof ZodError) {
    // A malformed id is a bad request (as Letta answers); any other invalid input is FastAPI's 422.
    const status = error.issues.some(isMalformedIdIssue) ? 400 : 422;
    return jsonResponse(errorBody(describeIssues(error, location)), { status });
  }
  if (error instanceof HttpError) {
    const headers: Record<string, string> = {
      ...error.headers,
      ...(error.status === 401 ? { "www-authenticate": "Bearer" } : {}),
    };
    return jsonResponse(errorBody(error.message), { status: error.status, headers });
  }
  const requestId = logUnexpected(error, "rest");
  return jsonResponse(errorBody("Internal server error"), { status: 500, headers: { "x-request-id": requestId } });
}
