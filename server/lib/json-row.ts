import { Column, sql, type SQL } from "drizzle-orm";
import { renderQuery } from "@/db/client";

/**
 * A whole row selected as ONE json value built by Postgres (json_build_object), for list queries that return
 * many wide rows. Drizzle maps every column of every row through generic per-field code (~1 ms for a page of
 * 100 runs, the largest cost of an HTTP runs.list after serialization); a json column is parsed by the driver
 * with JSON.parse, natively, and only timestamps need converting afterwards. Values keep their JSON forms:
 * jsonb stays a document, text[] an array, bigint a number (exact below 2^53, as Drizzle's number mode).
 *
 * `fields` are columns or typed SQL expressions keyed by output name (≤ 50: json_build_object's argument limit).
 */
export function jsonRow<T>(fields: Record<string, Column | SQL>) {
  const entries = Object.entries(fields);
  if (entries.length > 50) throw new Error("jsonRow: json_build_object takes at most 50 key/value pairs");
  // Timestamps arrive as ISO 8601 text (json's format whatever the DateStyle); they become Dates as Drizzle's.
  const dateKeys = entries
    .filter(([, field]) => field instanceof Column && field.columnType === "PgTimestamp")
    .map(([key]) => key);
  const built = sql<Record<string, unknown>>`json_build_object(${sql.join(
    entries.map(([key, field]) => sql`${sql.raw(`'${key.replace(/'/g, "''")}'`)}, ${field}`),
    sql`, `,
  )})`;
  // Rendered to text once when it has no parameters (columns are written table-qualified): Drizzle otherwise walks
  // its ~150 chunks on every query, ~6 % of the server's CPU for an HTTP runs.list.
  const rendered = renderQuery(built);
  const expression = rendered.params.length === 0 ? sql<Record<string, unknown>>`${sql.raw(rendered.sql)}` : built;
  const decode = (row: Record<string, unknown>): T => {
    for (const key of dateKeys) {
      const value = row[key];
      if (value != null) row[key] = new Date(value as string);
    }
    return row as T;
  };
  return { expression, decode };
}
