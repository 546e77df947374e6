/**
 * Domain errors thrown by services. They know nothing of HTTP: tRPC maps them to TRPCError codes and
 * the REST layer to status codes, so every adapter reports the same failure the same way.
 */
export type DomainErrorCode = "BAD_REQUEST" | "NOT_FOUND" | "CONFLICT" | "FORBIDDEN" | "UNAUTHORIZED";

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** The input field the error is about, when there is one. */
    readonly field?: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const notFound = (entity: string, id: string, field?: string) =>
  new DomainError("NOT_FOUND", `${field ? `${field}: ` : ""}${entity} ${id} not found`, field);

export const badRequest = (field: string, message: string) => new DomainError("BAD_REQUEST", `${field}: ${message}`, field);

export const conflict = (message: string, field?: string) => new DomainError("CONFLICT", message, field);

export const forbidden = (message: string) => new DomainError("FORBIDDEN", message);
