import { RUN_STATUSES, TERMINAL_RUN_STATUSES, type RunStatus } from "@/db/schema";
import type { ListRunsInput } from "@/server/modules/runs/schemas";
import type { Scope } from "@/server/scope";
import { histogramPercentiles, projectExists, type HistogramAnswer } from "./histograms/query";
import type { PercentileQuestion, RunPopulation } from "./question";

/** Below this many runs the exact percentile_cont is fast and is used instead of the histograms. */
export const EXACT_BELOW = 10_000;

/** A status filter the histograms can answer: absent, or one that keeps every run that has the field's value. */
function statusesKeepPopulation(field: PercentileQuestion["field"], statuses: readonly RunStatus[] | undefined): boolean {
  if (!statuses?.length) return true;
  const required: readonly RunStatus[] = field === "duration" ? TERMINAL_RUN_STATUSES : RUN_STATUSES;
  return required.every((s) => statuses.includes(s));
}

/**
 * THE routing rule, for every percentile question: the histograms answer when the population is made only of
 * organization, project (still existing; a project-bound key's own), agents, a created-at range (partial hours at its ends are read from
 * runs; it must hold a whole hour, a whole day with agents, and no hourly series per agent) and a status set that
 * cannot change the population (see statusesKeepPopulation), AND they hold at least EXACT_BELOW runs. Returns
 * their answer, or null when the caller must compute the exact one.
 */
export async function histogramAnswer(scope: Scope, question: PercentileQuestion): Promise<HistogramAnswer | null> {
  if (!statusesKeepPopulation(question.field, question.statuses)) return null;
  // A project-bound key's population is its project's, which the histograms' project roll-ups hold; asked about
  // another project, the exact query answers (it sees nothing of that project: server/lib/visible.ts).
  const projectId = question.projectId ?? scope.projectId ?? undefined;
  if (scope.projectId && projectId !== scope.projectId) return null;
  if (projectId && !(await projectExists(scope, projectId))) return null;
  const answer = await histogramPercentiles(scope, { ...question, projectId });
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
 * The population of a runs.list filter, when it has nothing the histograms cannot answer (checked by allow-list,
 * so a filter added later is exact by default); undefined otherwise, and for p0 and p100 (min and max: the exact
 * query is an index probe away).
 */
export function populationOfList(input: ListRunsInput, percentile: number): RunPopulation | undefined {
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || LIST_KEYS_HISTOGRAMS_ANSWER.has(key)) continue;
    if (key === "active" && value === false) continue;
    if (key === "active" && input.statuses?.length) continue; // statuses win over active
    return undefined;
  }
  if (percentile <= 0 || percentile >= 100) return undefined;
  return {
    agentIds: input.agentId ? [input.agentId] : input.agentIds?.length ? input.agentIds : undefined,
    projectId: input.projectId,
    statuses: input.statuses,
    from: input.startDate,
    to: input.endDate,
  };
}
