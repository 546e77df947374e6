import { badRequest } from "@/server/errors";
import type { ListRunsInput } from "./schemas";
import type { Scope } from "@/server/scope";
import { cancelRuns, type CancelReceipt } from "./run-cancel";
import { RUN_COUNT_CAP } from "./run-count";
import { resolveRunFilter } from "./run-list";
import { selectMatchingRunIds } from "./queries/run-list";

const CHUNK = 1000;

/**
 * Cancels every run a `runs.list` filter matches (up to 10,000; a larger cohort must be narrowed first),
 * in chunks of 1,000 through `cancelRuns`, and returns one receipt with a result per run.
 */
export async function cancelMatchingRuns(scope: Scope, input: ListRunsInput): Promise<CancelReceipt> {
  const { conditions } = await resolveRunFilter(scope, input);
  if (!conditions) return { results: [], cancelled: 0, alreadyTerminal: 0, notFound: 0 };
  const ids = await selectMatchingRunIds(scope, conditions, RUN_COUNT_CAP + 1);
  if (ids.length > RUN_COUNT_CAP)
    throw badRequest("filter", `matches more than ${RUN_COUNT_CAP.toLocaleString("en")} runs; narrow it before cancelling`);
  const receipt: CancelReceipt = { results: [], cancelled: 0, alreadyTerminal: 0, notFound: 0 };
  for (let i = 0; i < ids.length; i += CHUNK) {
    const part = await cancelRuns(scope, { runIds: ids.slice(i, i + CHUNK) });
    receipt.results.push(...part.results);
    receipt.cancelled += part.cancelled;
    receipt.alreadyTerminal += part.alreadyTerminal;
    receipt.notFound += part.notFound; // deleted since they were selected
  }
  return receipt;
}
