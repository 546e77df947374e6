import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import { badRequest } from "@/server/errors";
import type { Page } from "./common-schemas";
import type { Scope } from "@/server/scope";
import { visibleTo } from "./visible";

/**
 * Keyset ("seek") paging over `(sortKey, id)`, the one implementation every list uses.
 * Cursors are item ids; the sort key is read back as text so timestamps keep Postgres'
 * microseconds (a JS Date would round them and skip or repeat rows at page edges).
 */
export interface KeysetSpec {
  table: PgTable;
  orgColumn: AnyPgColumn;
  /** The table's project column, when it has one: a project-bound key's cursor must be one of its project's rows. */
  projectColumn?: AnyPgColumn;
  idColumn: AnyPgColumn;
  /**
   * Rows a cursor must also be among, for tables without a project column listed under a parent the caller may see
   * (a run's messages): a cursor from another project's run is unknown, not a position.
   */
  cursorWithin?: SQL;
  sortKey: SQL | AnyPgColumn;
  sortKeyType: "timestamptz" | "bigint";
  /** Names the entity in cursor errors ("no run … in this organization"). */
  entity: string;
  /**
   * The same values as sortKey / idColumn, read from a driving table joined one row per item (e.g. run_tools, joined
   * on the run id, whose created_at is a copy of the run's): the seek and the ORDER BY use them, so they are index
   * conditions on the driving table's index instead of filters on `table`. Cursors are still resolved from `table` with sortKey / idColumn,
   * so they stay the items' ids and page interchangeably with a spec that has no driving table.
   */
  seekSortKey?: SQL | AnyPgColumn;
  seekIdColumn?: AnyPgColumn;
  /**
   * The sort key's value (as Postgres prints it) for items that have none, e.g. a run still running has no duration.
   * Such items come after every other item in both directions (NULLS LAST). Ascending, that is the key's own order;
   * descending, the page is read in two index ranges (items with a value, then those without), so one expression index
   * serves both directions and a reader sorting "slowest first" never sees the unfinished runs on top.
   */
  lastKey?: string;
}

export interface KeysetInput {
  ascending: boolean;
  after?: string;
  before?: string;
  limit: number;
}

type Cursor = { key: string; id: string };

async function resolveCursor(scope: Scope, spec: KeysetSpec, id: string, field: "after" | "before"): Promise<Cursor> {
  const rows = await scope.db
    .select({ key: sql<string>`(${spec.sortKey})::text`, id: sql<string>`${spec.idColumn}` })
    .from(spec.table)
    .where(
      and(
        visibleTo(scope, { organizationId: spec.orgColumn, projectId: spec.projectColumn }),
        eq(spec.idColumn, id),
        spec.cursorWithin,
      ),
    );
  if (!rows[0]) throw badRequest(field, `no ${spec.entity} ${id} in this organization`);
  return rows[0];
}

function seek(spec: KeysetSpec, cursor: Cursor, op: ">" | "<"): SQL {
  const { sortKey, idColumn } = seekColumns(spec);
  return sql`(${sortKey}, ${idColumn}) ${sql.raw(op)} (${cursor.key}::${sql.raw(spec.sortKeyType)}, ${cursor.id})`;
}

/** What the seek and the ORDER BY read: the driving table's columns when the spec has them. */
function seekColumns(spec: KeysetSpec) {
  return { sortKey: spec.seekSortKey ?? spec.sortKey, idColumn: spec.seekIdColumn ?? spec.idColumn };
}

/**
 * `after` = items after the cursor in the requested order; `before` = the `limit` items just before it,
 * still returned in the requested order; both = the items strictly between. `nextCursor` continues in
 * the direction paged: pass it as `before` when paging with `before` alone, else as `after`.
 */
export async function keysetPage<T extends { id: string }>(
  scope: Scope,
  spec: KeysetSpec,
  input: KeysetInput,
  query: (seekConditions: SQL[], orderBy: SQL[], limit: number) => Promise<T[]>,
): Promise<Page<T>> {
  const [after, before] = await Promise.all([
    input.after ? resolveCursor(scope, spec, input.after, "after") : undefined,
    input.before ? resolveCursor(scope, spec, input.before, "before") : undefined,
  ]);
  const backwards = Boolean(before && !after);
  const ascendingScan = backwards ? !input.ascending : input.ascending;
  const { sortKey, idColumn } = seekColumns(spec);
  const order = ascendingScan ? [asc(sortKey), asc(idColumn)] : [desc(sortKey), desc(idColumn)];
  const rows =
    spec.lastKey !== undefined && !input.ascending
      ? await lastKeyTiers(spec, spec.lastKey, { after, before, backwards, order, limit: input.limit + 1 }, query)
      : await query(
          [
            ...(after ? [seek(spec, after, input.ascending ? ">" : "<")] : []),
            ...(before ? [seek(spec, before, input.ascending ? "<" : ">")] : []),
          ],
          order,
          input.limit + 1,
        );
  const hasMore = rows.length > input.limit;
  const page = hasMore ? rows.slice(0, input.limit) : rows;
  if (backwards) {
    page.reverse();
    return { items: page, nextCursor: hasMore ? page[0].id : null };
  }
  return { items: page, nextCursor: hasMore ? page[page.length - 1].id : null };
}

/**
 * A descending page with `lastKey` items last: tier 0 (keys below lastKey, descending) then tier 1 (key = lastKey, by id
 * descending); backwards, the same tiers in reverse. A cursor's own tier is sought from the cursor, the tiers beyond it
 * are read whole, those behind it not at all. Each tier is one index range; the second is read only if the first left
 * room on the page.
 */
async function lastKeyTiers<T>(
  spec: KeysetSpec,
  lastKey: string,
  page: { after?: Cursor; before?: Cursor; backwards: boolean; order: SQL[]; limit: number },
  query: (seekConditions: SQL[], orderBy: SQL[], limit: number) => Promise<T[]>,
): Promise<T[]> {
  const { sortKey } = seekColumns(spec);
  const last = sql`${lastKey}::${sql.raw(spec.sortKeyType)}`;
  const tierOf = (cursor: Cursor) => (cursor.key === lastKey ? 1 : 0);
  const rows: T[] = [];
  for (const tier of page.backwards ? [1, 0] : [0, 1]) {
    const conditions = [tier === 0 ? sql`${sortKey} < ${last}` : sql`${sortKey} = ${last}`];
    if (page.after) {
      if (tier < tierOf(page.after)) continue;
      if (tier === tierOf(page.after)) conditions.push(seek(spec, page.after, "<"));
    }
    if (page.before) {
      if (tier > tierOf(page.before)) continue;
      if (tier === tierOf(page.before)) conditions.push(seek(spec, page.before, ">"));
    }
    rows.push(...(await query(conditions, page.order, page.limit - rows.length)));
    if (rows.length >= page.limit) break;
  }
  return rows;
}
