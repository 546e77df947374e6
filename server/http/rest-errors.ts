/**
 * The one place where failures become Letta-shaped HTTP errors: `{ "detail": …, "message": … }` with the
 * status code that makes the official SDK raise its matching class (400 BadRequestError, 401
 * AuthenticationError, 403 PermissionDeniedError, 404 NotFoundError, 409 ConflictError,
 * 422 UnprocessableEntityError, 429 RateLimitError).
 */
import { ZodError, type z } from "zod";
import { DomainError, type DomainErrorCode } from "@/server/errors";
import { jsonResponse } from "./rest-json";

export const DOMAIN_ERROR_STATUS: Record<DomainErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
};

/** An HTTP-level failure raised by the REST layer itself (authentication, unreadable body). */
export class RestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "RestError";
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
  if (error instanceof RestError) {
    const headers: Record<string, string> = { ...error.headers, ...(error.status === 401 ? { "www-authenticate": "Bearer" } : {}) };
    return jsonResponse(errorBody(error.message), { status: error.status, headers });
  }
  console.error("[rest] unexpected error:", error);
  return jsonResponse(errorBody("Internal server error"), { status: 500 });
}
