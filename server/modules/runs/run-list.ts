import type { SQL } from "drizzle-orm";
import type { Page } from "@/server/lib/common-schemas";
import type { ListRunsInput } from "./schemas";
import type { Scope } from "@/server/scope";
import { keysetPage } from "@/server/lib/keyset";
import { listDurationPercentile } from "@/server/modules/percentiles";
import { applySavedView } from "@/server/modules/views";
import { durationAtLeast, runFilterConditions } from "./queries/run-filter";
import { RUN_LIST_SPECS, selectRunListItems, TOOL_DRIVEN_SPEC, type RunListItem } from "./queries/run-list";

export type RunPage = Page<RunListItem> & {
  /** With `durationPercentile`: the duration (ns) at that percentile of the filtered runs. */
  durationThresholdNs?: number | null;
};

/** The tool whose run_tools rows drive the list (see TOOL_DRIVEN_SPEC), if the filter allows it. */
function drivingToolOf(input: ListRunsInput): string | undefined {
  const toolIds = new Set(input.toolsUsed ?? []);
  return input.orderBy === "created_at" && toolIds.size === 1 ? [...toolIds][0] : undefined;
}

/**
 * The WHERE of a `runs.list` call (saved view merged, percentile resolved), shared by the list, its count
 * and bulk actions. `conditions` is null when the percentile has no runs to be read from (nothing matches).
 * With `joinDrivingTool` (the list), a filter on one tool ordered by created_at comes back as `drivingTool`
 * instead of a condition: the caller joins run_tools for it.
 */
export async function resolveRunFilter(scope: Scope, rawInput: ListRunsInput, options: { joinDrivingTool?: boolean } = {}) {
  const input = await applySavedView(scope, rawInput);
  const drivingTool = options.joinDrivingTool ? drivingToolOf(input) : undefined;
  const conditions: SQL[] | null = runFilterConditions(scope, input, { toolJoined: drivingTool !== undefined });
  let durationThresholdNs: number | null | undefined;
  if (input.durationPercentile !== undefined) {
    // Over runs and run_metrics only: the tool filter as a condition, joined or not.
    const filter = drivingTool === undefined ? conditions : runFilterConditions(scope, input);
    durationThresholdNs = await listDurationPercentile(scope, input, input.durationPercentile, filter);
    if (durationThresholdNs === null) return { input, conditions: null, durationThresholdNs, drivingTool };
    // percentile_cont interpolates (e.g. 162.9); durations are integers, so `>= ceil(t)` is `>= t` and binds as a bigint.
    conditions.push(durationAtLeast(Math.ceil(durationThresholdNs)));
  }
  return { input, conditions, durationThresholdNs, drivingTool };
}

export async function listRuns(scope: Scope, rawInput: ListRunsInput): Promise<RunPage> {
  const { input, conditions, durationThresholdNs, drivingTool } = await resolveRunFilter(scope, rawInput, {
    joinDrivingTool: true,
  });
  const spec = drivingTool === undefined ? RUN_LIST_SPECS[input.orderBy] : TOOL_DRIVEN_SPEC;
  const page = await keysetPage(scope, spec, input, async (seek, orderBy, limit) =>
    // No run to read the percentile from: nothing matches (the cursors were still checked).
    conditions ? selectRunListItems(scope, conditions, drivingTool, { seek, orderBy, limit }) : [],
  );
  return durationThresholdNs === undefined ? page : { ...page, durationThresholdNs };
}
