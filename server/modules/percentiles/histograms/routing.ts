import { and, eq } from "drizzle-orm";
import { projects, RUN_STATUSES, TERMINAL_RUN_STATUSES, type RunStatus } from "@/db/schema";
import type { ListRunsInput } from "@/server/modules/runs/schemas";
import type { Scope } from "@/server/scope";
import { histogramPercentiles, type HistogramAnswer, type HistogramRequest } from "./query";
import type { HistogramField } from "./store";

/** Below this many runs the exact percentile_cont is fast (a few ms) and is used instead of the histograms. */
export const EXACT_BELOW = 10_000;

/**
 * Routing rule, one place for metrics.percentiles and runs.list({ durationPercentile }):
 * the histograms answer when the filter is made only of organization, project, agents, a created-at range
 * (partial hours at its ends are read from runs) and a status set that cannot change the population —
 * absent, or for durations (only ended runs have one) every terminal status, or every status — AND the
 * histograms hold at least EXACT_BELOW runs. Everything else (other statuses, stop reason, tools, step count,
 * duration filter, conversation, template, run ids, a range without a whole hour, a deleted project) is exact.
 */
export function statusesKeepPopulation(field: HistogramField, statuses: readonly RunStatus[] | undefined): boolean {
  if (!statuses?.length) return true;
  const required: readonly RunStatus[] = field === "duration" ? TERMINAL_RUN_STATUSES : RUN_STATUSES;
  return required.every((s) => statuses.includes(s));
}

async function projectExists(scope: Scope, projectId: string | undefined): Promise<boolean> {
  if (!projectId) return true;
  // A deleted project's runs keep their rows with project_id = null, but its histogram rows keep its id.
  const rows = await scope.db
    .select({ id: projects.id })
    .from(projects)
    .where(and(eq(projects.organizationId, scope.orgId), eq(projects.id, projectId)));
  return rows.length > 0;
}

/** The histograms' answer, or null when the caller must compute the exact one. */
export async function routedHistogramPercentiles(
  scope: Scope,
  request: HistogramRequest & { statuses?: readonly RunStatus[] },
): Promise<HistogramAnswer | null> {
  if (!statusesKeepPopulation(request.field, request.statuses)) return null;
  if (!(await projectExists(scope, request.projectId))) return null;
  const answer = await histogramPercentiles(scope, request);
  if (!answer || answer.count < EXACT_BELOW) return null;
  return answer;
}

const LIST_KEYS_HISTOGRAMS_ANSWER = new Set<string>([
  "agentId",
  "agentIds",
  "projectId",
  "startDate",
  "endDate",
  "statuses",
  "durationPercentile",
  "stepCountOperator",
  "orderBy",
  "ascending",
  "before",
  "after",
  "limit",
  "viewId",
]);

/**
 * runs.list({ durationPercentile }): the threshold from the histograms, or undefined when the filter has
 * anything the histograms cannot answer (checked by allow-list, so a filter added later is exact by default).
 */
export async function histogramDurationAtPercentile(
  scope: Scope,
  input: ListRunsInput,
  percentile: number,
): Promise<number | null | undefined> {
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || LIST_KEYS_HISTOGRAMS_ANSWER.has(key)) continue;
    if (key === "active" && value === false) continue;
    if (key === "active" && input.statuses?.length) continue; // statuses win over active
    return undefined;
  }
  if (percentile <= 0 || percentile >= 100) return undefined; // min and max: the exact query is an index probe away
  const agentIds = input.agentId ? [input.agentId] : input.agentIds?.length ? input.agentIds : undefined;
  const answer = await routedHistogramPercentiles(scope, {
    field: "duration",
    percentiles: [percentile],
    agentIds,
    projectId: input.projectId,
    from: input.startDate,
    to: input.endDate,
    series: "none",
    statuses: input.statuses,
  });
  return answer ? answer.values[0] : undefined;
}
