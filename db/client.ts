import fs from "node:fs";
import path from "node:path";
import { getTableColumns, sql, type Query, type SQL, type Table } from "drizzle-orm";
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

export type Schema = typeof schema;
/** One type for both engines: node-postgres and PGlite databases share Drizzle's Postgres query builder. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Engine = "postgres" | "pglite";

export interface Database {
  db: Db;
  engine: Engine;
  /** Connection string, for Postgres only: migrations need a dedicated session for their advisory lock. */
  url?: string;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");
export const DEFAULT_PGLITE_DIR = path.join(process.cwd(), ".data", "pglite");

export async function openPostgres(url: string, options: { max?: number } = {}): Promise<Database> {
  const [{ Pool }, { drizzle }] = await Promise.all([import("pg"), import("drizzle-orm/node-postgres")]);
  const pool = new Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle client whose server connection drops emits 'error' on the pool; without a listener Node exits.
  pool.on("error", (err) => console.error("[db] idle Postgres client error:", err.message));
  // A checked-out client (mid-transaction) whose server connection drops also emits 'error', and the pool only
  // listens while the client is idle: without this listener the process dies. The query in flight still rejects,
  // and the pool drops the dead client on release (test/faults/connection-drop.test.ts).
  pool.on("connect", (client) => {
    client.on("error", (err) => console.error("[db] Postgres connection lost:", err.message));
  });
  const db = drizzle(pool, { schema }) as unknown as Db;
  return { db, engine: "postgres", url, close: () => pool.end() };
}

/**
 * PGlite has no lock of its own: a second process on the same data dir silently loses writes,
 * so callers must make sure only one process opens a given dir.
 */
export async function openPglite(source: { dataDir: string } | { snapshot: Blob } | { memory: true }): Promise<Database> {
  const [{ PGlite }, { drizzle }] = await Promise.all([import("@electric-sql/pglite"), import("drizzle-orm/pglite")]);
  let client: InstanceType<typeof PGlite>;
  if ("dataDir" in source) {
    fs.mkdirSync(source.dataDir, { recursive: true });
    client = await PGlite.create(source.dataDir);
  } else if ("snapshot" in source) {
    client = await PGlite.create({ loadDataDir: source.snapshot });
  } else {
    client = await PGlite.create();
  }
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    engine: "pglite",
    close: async () => {
      if (!client.closed) await client.close();
    },
    // Exposed for snapshotting test templates.
    ...({ pglite: client } as object),
  };
}

export function pgliteClientOf(database: Database): import("@electric-sql/pglite").PGlite {
  const client = (database as unknown as { pglite?: import("@electric-sql/pglite").PGlite }).pglite;
  if (!client) throw new Error("not a PGlite database");
  return client;
}

/** Raw SQL returning rows; both drivers answer `{ rows }`, which the shared Db type cannot express. */
export async function queryRows<T>(db: Db, query: import("drizzle-orm").SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * Runs a hot raw-SQL statement as a named prepared statement: node-postgres parses it once per connection and afterwards
 * only binds values, and Postgres reuses its plan — about half the cost of sending and planning the text each
 * time. PGlite ignores the name. Rows come back as from `db.execute` (same type parsers). `query` must be the
 * only text ever run under `name`.
 *
 * The one use of Drizzle's private API (`db._.session.prepareQuery`), kept here alone: Drizzle 0.45 offers
 * `.prepare(name)` only on its query builders (select/insert/update/delete); `db.execute(sql)`'s PgRaw has no
 * `prepare`, and nothing public runs a `sql` statement under a name on `db` or a transaction. A statement the
 * builders can express uses their `.prepare(name)` instead (runs.lock).
 */
export async function executePrepared<T>(db: Db, name: string, query: Query, values: Record<string, unknown>): Promise<T[]> {
  const prepared = db._.session.prepareQuery(query, undefined, name, false);
  return ((await prepared.execute(values)) as { rows: T[] }).rows;
}

/** A row read by raw SQL (keys are column names), decoded by the table's columns exactly as Drizzle decodes `.returning()`. */
export function decodeRow<T extends Table>(table: T, row: Record<string, unknown>): T["$inferSelect"] {
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = row[column.name];
    out[key] = value == null ? null : column.mapFromDriverValue(value);
  }
  return out as T["$inferSelect"];
}

/**
 * A JSON text parameter (read by jsonb_populate_record and friends). Lone UTF-16 surrogates become U+FFFD, as
 * node-postgres does for text parameters: Postgres refuses their \uD800-style escapes inside json.
 */
export function jsonParameter(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === "string" ? v.toWellFormed() : v));
}

const dialect = new PgDialect();

/** A statement rendered once, for executePrepared (placeholders stay named: sql.placeholder). */
export const renderQuery = (statement: SQL): Query => dialect.sqlToQuery(statement);

/** Property name → column name of a table's columns (all of them, or those named), in order. */
export function columnNames<T extends Table>(table: T, keys?: readonly (keyof T["$inferSelect"] & string)[]) {
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  return (keys ?? Object.keys(columns)).map((key) => [key, columns[key].name] as const);
}

/** Column names as a SQL list, optionally qualified (`p.` …): prepared statements list columns rather than `*`. */
export const columnList = (names: readonly string[], prefix = "") => sql.raw(names.map((name) => prefix + name).join(", "));

/**
 * The key a statement clashed on, when `error` (or an error it wraps: Drizzle wraps driver errors in `cause`) is
 * Postgres' unique_violation (23505) on `constraint`; null otherwise. Both drivers report code, constraint and detail
 * ("Key (id)=(…) already exists.").
 */
export function uniqueViolation(error: unknown, constraint: string): { key: string | null } | null {
  for (let e = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const { code, constraint: name, detail } = e as { code?: unknown; constraint?: unknown; detail?: unknown };
    if (code === "23505" && name === constraint)
      return { key: typeof detail === "string" ? (/=\((.*)\) already exists/.exec(detail)?.[1] ?? null) : null };
  }
  return null;
}
