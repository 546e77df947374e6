import { not, type SQL } from "drizzle-orm";
import type { ListRunsInput } from "./schemas";
import type { Scope } from "@/server/scope";
import { resolveRunFilter } from "./run-list";
import { RUN_IS_CANCELLABLE } from "./queries/conditions";
import { countMatchingRuns } from "./queries/run-list";

/** Counts are exact up to this many rows; beyond it the answer is "10,000+" (never an unbounded count(*)). */
export const RUN_COUNT_CAP = 10_000;

export interface RunCount {
  /** Exact when `capped` is false; otherwise RUN_COUNT_CAP. */
  count: number;
  capped: boolean;
}

async function boundedCount(scope: Scope, conditions: SQL[], cap = RUN_COUNT_CAP): Promise<RunCount> {
  const n = await countMatchingRuns(scope, conditions, cap);
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
  /** Of the matching runs, those cancelling would leave as they are (ended, and not awaiting approval). */
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
    boundedCount(scope, [...conditions, not(RUN_IS_CANCELLABLE)]),
    boundedCount(scope, [...conditions, RUN_IS_CANCELLABLE]),
  ]);
  return { matching, alreadyTerminal, cancellable };
}
