import { createStepInput, listStepsInput, setFeedbackInput, stepIdInput, updateStepInput } from "./schemas";
import { createStep } from "./use-cases/create-step";
import { getStep, listSteps } from "./use-cases/read-steps";
import { setStepFeedback, updateStep } from "./use-cases/update-step";
import { orgProcedure, router, writeProcedure } from "@/server/trpc";

export const stepsRouter = router({
  create: writeProcedure("runs:write")
    .input(createStepInput)
    .mutation(({ ctx, input }) => createStep(ctx.scope, input)),
  update: writeProcedure("runs:write")
    .input(updateStepInput)
    .mutation(({ ctx, input }) => updateStep(ctx.scope, input)),
  get: orgProcedure.input(stepIdInput).query(({ ctx, input }) => getStep(ctx.scope, input.stepId)),
  list: orgProcedure.input(listStepsInput).query(({ ctx, input }) => listSteps(ctx.scope, input)),
  setFeedback: writeProcedure("feedback:write")
    .input(setFeedbackInput)
    .mutation(({ ctx, input }) => setStepFeedback(ctx.scope, input)),
});
