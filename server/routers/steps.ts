import { createStepInput, listStepsInput, setFeedbackInput, stepIdInput, updateStepInput } from "@/server/schemas/steps";
import { createStep, getStep, listSteps, setStepFeedback, updateStep } from "@/server/services/steps";
import { orgProcedure, router } from "@/server/trpc";

export const stepsRouter = router({
  create: orgProcedure.input(createStepInput).mutation(({ ctx, input }) => createStep(ctx.scope, input)),
  update: orgProcedure.input(updateStepInput).mutation(({ ctx, input }) => updateStep(ctx.scope, input)),
  get: orgProcedure.input(stepIdInput).query(({ ctx, input }) => getStep(ctx.scope, input.stepId)),
  list: orgProcedure.input(listStepsInput).query(({ ctx, input }) => listSteps(ctx.scope, input)),
  setFeedback: orgProcedure.input(setFeedbackInput).mutation(({ ctx, input }) => setStepFeedback(ctx.scope, input)),
});
