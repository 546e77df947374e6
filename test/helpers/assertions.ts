import { sql } from "drizzle-orm";
import { TRPCError } from "@trpc/server";
import { getErrorShape } from "@trpc/server/unstable-core-do-not-import";
import { expect } from "vitest";
import { queryRows, type Db } from "@/db/client";
import { appRouter } from "@/server/root";

export interface ErrorShape {
  message: string;
  code: number;
  data: {
    code: string;
    httpStatus: number;
    path?: string;
    zodError: { formErrors: string[]; fieldErrors: Record<string, string[] | undefined> } | null;
    field: string | null;
  };
}

/** The shape a client receives for this error: the app's own error formatter, as over HTTP. */
export function clientShape(error: TRPCError, path?: string): ErrorShape {
  return getErrorShape({
    config: appRouter._def._config,
    error,
    type: "unknown",
    path,
    input: undefined,
    ctx: undefined,
  }) as unknown as ErrorShape;
}

/** Awaits a call that must fail and returns its TRPCError (fails the test if it succeeds or throws something else). */
export async function catchTrpc(call: Promise<unknown>): Promise<TRPCError> {
  let result: unknown;
  try {
    result = await call;
  } catch (error) {
    expect(error).toBeInstanceOf(TRPCError);
    return error as TRPCError;
  }
  throw new Error(`expected the call to fail, but it returned ${JSON.stringify(result)?.slice(0, 300)}`);
}

/**
 * Asserts a call fails with `code` and, when `field` is given, that the error names the field:
 * the message the client receives starts with `<field>:` and `data.field` is the field.
 */
export async function expectTrpcError(call: Promise<unknown>, code: TRPCError["code"], field?: string): Promise<ErrorShape> {
  const error = await catchTrpc(call);
  expect(error.code, error.message).toBe(code);
  const shape = clientShape(error);
  if (field !== undefined) {
    expect(shape.message.startsWith(`${field}:`), `message "${shape.message}" should start with "${field}:"`).toBe(true);
    expect(shape.data.field).toBe(field);
  }
  return shape;
}

/** Every base table of the test database's schema (so tables added by later migrations are covered too). */
export async function tableNames(db: Db): Promise<string[]> {
  const rows = await queryRows<{ table_name: string }>(
    db,
    sql`select table_name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`,
  );
  return rows.map((r) => r.table_name);
}

/** Row count and a checksum of every row of every table: equal snapshots mean nothing was written. */
export async function snapshotTables(db: Db): Promise<Record<string, { count: number; digest: string }>> {
  const tables = await tableNames(db);
  // One round trip for all tables (a query per table is slow on PGlite).
  const parts = tables.map(
    (table) =>
      sql`select ${table}::text as name, count(*) as count, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${sql.identifier(table)} t`,
  );
  const rows = await queryRows<{ name: string; count: string | number; digest: string | null }>(
    db,
    sql.join(parts, sql` union all `),
  );
  return Object.fromEntries(rows.map((r) => [r.name, { count: Number(r.count), digest: r.digest ?? "" }]));
}
