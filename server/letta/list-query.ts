/**
 * The query conventions of Letta's list routes, shared by every /v1 list: ISO dates (naive = UTC), `after` /
 * `before` item-id cursors, `limit` and `order` (and the deprecated `ascending`).
 */
import { z } from "zod";
import { idOf } from "@/server/lib/common-schemas";
import type { IdKind } from "@/server/ids";

/** ISO 8601 date-time (an offset or Z; none = UTC, as Letta's naive datetimes) or a date (UTC midnight). */
export const isoDateTime = z
  .union([z.iso.datetime({ offset: true, local: true }), z.iso.date()])
  .describe("ISO 8601 date-time, e.g. 2025-01-29T15:01:19-08:00 (no offset = UTC), or a date (UTC midnight)");

export function toDate(value: string): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T00:00:00Z`);
  return new Date(/(Z|[+-]\d{2}:?\d{2})$/i.test(value) ? value : `${value}Z`);
}
export const optionalDate = (value: string | undefined) => (value === undefined ? undefined : toDate(value));

const order = (fallback: "asc" | "desc") =>
  z.enum(["asc", "desc"]).optional().describe(`Order by created_at (id breaks ties); default ${fallback}`);
const limit = (fallback: number) =>
  z.number().int().min(1).max(1000).optional().describe(`Page size, 1-1000; default ${fallback}`);
const cursor = (kind: IdKind, which: "after" | "before") =>
  idOf(kind)
    .optional()
    .describe(
      which === "after"
        ? `A ${kind} id: return the items after it in the requested order`
        : `A ${kind} id: return the \`limit\` items just before it, still in the requested order`,
    );
export const paging = (kind: IdKind, fallbackOrder: "asc" | "desc", fallbackLimit: number) => ({
  after: cursor(kind, "after"),
  before: cursor(kind, "before"),
  limit: limit(fallbackLimit),
  order: order(fallbackOrder),
});

const ascendingFor = (q: { order?: "asc" | "desc"; ascending?: boolean }, fallback: "asc" | "desc") =>
  q.ascending ?? (q.order ?? fallback) === "asc";

type PagingQuery = { order?: "asc" | "desc"; ascending?: boolean; after?: string; before?: string; limit?: number };

/** A `paging(…)` query's values as a list input's paging fields, with the same defaults the query documents. */
export const pageInput = (q: PagingQuery, fallbackOrder: "asc" | "desc", fallbackLimit: number) => ({
  ascending: ascendingFor(q, fallbackOrder),
  after: q.after,
  before: q.before,
  limit: q.limit ?? fallbackLimit,
});

/** The query of a run's or a step's messages. */
export const listMessagesQuery = z.object({
  ...paging("message", "asc", 100),
  order_by: z.enum(["created_at"]).optional(),
});
export type ListMessagesQuery = z.output<typeof listMessagesQuery>;
