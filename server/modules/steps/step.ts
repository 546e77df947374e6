import type { steps } from "@/db/schema";

export type StepRow = typeof steps.$inferSelect;
export type Step = Omit<StepRow, "organizationId">;

export function toStep(row: StepRow): Step {
  const { organizationId: _org, ...step } = row;
  return step;
}

/** A step's timings from step_metrics (ns; starts as timestamps), read with the list in one join. */
export interface StepTimings {
  stepStart: Date | null;
  llmRequestStart: Date | null;
  llmRequestNs: number | null;
  toolExecutionNs: number | null;
  stepNs: number | null;
}
export type StepListItem = Step & { timings: StepTimings | null };
