import { notFound } from "@/server/errors";
import type { Page } from "@/server/lib/common-schemas";
import { keysetPage } from "@/server/lib/keyset";
import { toLettaMessages, type LettaMessage } from "@/server/letta";
import type { Scope } from "@/server/scope";
import { findRun } from "@/server/modules/runs";
import type { ListStepMessagesInput, ListStepsInput } from "../schemas";
import { toStep, type Step, type StepListItem } from "../step";
import {
  findStep,
  findStepMetrics,
  messageKeysetOfStep,
  selectStepMessagePage,
  selectStepPage,
  stepFilterConditions,
  stepKeyset,
} from "../queries/steps";

export async function getStep(scope: Scope, stepId: string): Promise<Step> {
  return toStep(await findStep(scope.db, scope, stepId));
}

export async function listSteps(scope: Scope, input: ListStepsInput): Promise<Page<StepListItem>> {
  // Listing the steps of an unknown run is an error, not an empty page (as Letta's runs/{id}/steps).
  if (input.runId) await findRun(scope.db, scope, input.runId);
  const conditions = stepFilterConditions(scope, input);
  return keysetPage(scope, stepKeyset, input, async (seek, orderBy, limit) => {
    const rows = await selectStepPage(scope, conditions, seek, orderBy, limit);
    return rows.map((row) => ({ ...toStep(row.step), timings: row.timings }));
  });
}

/** The messages a step wrote, in Letta's union shape, oldest first by default; an unknown step is NOT_FOUND. */
export async function listStepMessages(scope: Scope, input: ListStepMessagesInput): Promise<Page<LettaMessage>> {
  const step = await getStep(scope, input.stepId);
  const page = await keysetPage(scope, messageKeysetOfStep(step.id), input, (seek, orderBy, limit) =>
    selectStepMessagePage(scope, step.id, seek, orderBy, limit),
  );
  return { items: page.items.flatMap(toLettaMessages), nextCursor: page.nextCursor };
}

export type StepMetrics = Omit<NonNullable<Awaited<ReturnType<typeof findStepMetrics>>>, "organizationId">;

/** Letta's step_metrics row of one step (timings in ns; starts as timestamps). */
export async function getStepMetrics(scope: Scope, stepId: string): Promise<StepMetrics> {
  const row = await findStepMetrics(scope, stepId);
  if (!row) throw notFound("step", stepId, "stepId");
  const { organizationId: _org, ...metrics } = row;
  return metrics;
}
