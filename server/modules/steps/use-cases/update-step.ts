import type { Scope } from "@/server/scope";
import { conflict } from "@/server/errors";
import type { SetFeedbackInput, UpdateStepInput } from "../schemas";
import { toStep, type Step, type StepRow } from "../step";
import { findStep, patchStep, patchStepTimings } from "../queries/steps";
import { checkedTotalTokens } from "./create-step";

const FINISHED_STEP_STATUSES = new Set(["success", "failed", "cancelled"]);

export async function updateStep(scope: Scope, input: UpdateStepInput): Promise<Step> {
  return scope.db.transaction(async (tx) => {
    const step = await findStep(tx, scope, input.stepId, true);
    if (input.status && FINISHED_STEP_STATUSES.has(step.status) && input.status !== step.status)
      throw conflict(`status: step ${step.id} is already ${step.status}; it cannot become ${input.status}`, "status");
    const patch: Partial<StepRow> = { updatedAt: new Date(), lastUpdatedById: scope.actor };
    if (input.status) patch.status = input.status;
    if (input.errorType !== undefined) patch.errorType = input.errorType;
    if (input.errorData !== undefined) patch.errorData = input.errorData;
    if (input.stopReason !== undefined) patch.stopReason = input.stopReason;
    if (input.promptTokens !== undefined) patch.promptTokens = input.promptTokens;
    if (input.completionTokens !== undefined) patch.completionTokens = input.completionTokens;
    if (input.promptTokensDetails) patch.promptTokensDetails = input.promptTokensDetails;
    if (input.completionTokensDetails) patch.completionTokensDetails = input.completionTokensDetails;
    if (input.totalTokens !== undefined) patch.totalTokens = input.totalTokens;
    else if (input.promptTokens !== undefined || input.completionTokens !== undefined)
      patch.totalTokens = checkedTotalTokens(
        (patch.promptTokens ?? step.promptTokens) + (patch.completionTokens ?? step.completionTokens),
      );
    const updated = await patchStep(tx, scope, step.id, patch);
    if (input.timings && Object.keys(input.timings).length) await patchStepTimings(tx, scope, step.id, input.timings);
    return toStep(updated);
  });
}

export async function setStepFeedback(scope: Scope, input: SetFeedbackInput): Promise<Step> {
  return scope.db.transaction(async (tx) => {
    await findStep(tx, scope, input.stepId, true);
    const patch: Partial<StepRow> = { feedback: input.feedback, updatedAt: new Date(), lastUpdatedById: scope.actor };
    if (input.tags) patch.tags = [...new Set(input.tags)];
    return toStep(await patchStep(tx, scope, input.stepId, patch));
  });
}
