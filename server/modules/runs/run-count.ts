import { and, eq, inArray, not, sql, type SQL } from "drizzle-orm";
import { runMetrics, runs, TERMINAL_RUN_STATUSES } from "@/db/schema";
import type { ListRunsInput } from "./schemas";
import type { Scope } from "@/server/scope";
import { resolveRunFilter } from "./run-list";

/** Counts are exact up to this many rows; beyond it the answer is "10,000+" (never an unbounded count(*)). */
export const RUN_COUNT_CAP = 10_000;

export interface RunCount {
  /** Exact when `capped` is false; otherwise RUN_COUNT_CAP. */
  count: number;
  capped: boolean;
}

/** A run that cancelling would leave untouched: terminal, except a completed run still awaiting approval. */
export const RUN_IS_SETTLED: SQL = sql`(${inArray(runs.status, [...TERMINAL_RUN_STATUSES])} and not (${runs.status} = 'completed' and ${runs.stopReason} is not distinct from 'requires_approval'))`;

/** count(*) over at most cap + 1 matching rows: the scan stops there, so the cost is bounded by the cap. */
async function boundedCount(scope: Scope, conditions: SQL[], cap = RUN_COUNT_CAP): Promise<RunCount> {
  const limited = scope.db
    .select({ one: sql`1` })
    .from(runs)
    .innerJoin(runMetrics, eq(runMetrics.id, runs.id))
    .where(and(...conditions))
    .limit(cap + 1)
    .as("limited");
  const [row] = await scope.db.select({ n: sql<string>`count(*)` }).from(limited);
  const n = Number(row?.n ?? 0);
  return n > cap ? { count: cap, capped: true } : { count: n, capped: false };
}

/** How many runs a `runs.list` filter matches (saved view and percentile included), capped at 10,000. */
export async function countRuns(scope: Scope, input: ListRunsInput): Promise<RunCount> {
  const { conditions } = await resolveRunFilter(scope, input);
  if (!conditions) return { count: 0, capped: false };
  return boundedCount(scope, conditions);
}

export interface CancelPreview {
  matching: RunCount;
  /** Of the matching runs, those already terminal (cancelling leaves them as they are). */
  alreadyTerminal: RunCount;
  cancellable: RunCount;
}

/** "N match, M already terminal" before a bulk cancel of everything a filter (or a `runIds` selection) matches. */
export async function previewCancel(scope: Scope, input: ListRunsInput): Promise<CancelPreview> {
  const { conditions } = await resolveRunFilter(scope, input);
  if (!conditions) {
    const zero = { count: 0, capped: false };
    return { matching: zero, alreadyTerminal: zero, cancellable: zero };
  }
  const [matching, alreadyTerminal, cancellable] = await Promise.all([
    boundedCount(scope, conditions),
    boundedCount(scope, [...conditions, RUN_IS_SETTLED]),
    boundedCount(scope, [...conditions, not(RUN_IS_SETTLED)]),
  ]);
  return { matching, alreadyTerminal, cancellable };
}
