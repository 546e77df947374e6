import { cancelRunsInput, createRunInput, listRunMessagesInput, listRunsInput, runIdInput, updateRunInput } from "./schemas";
import { cancelMatchingRuns } from "./run-bulk-cancel";
import { cancelRuns } from "./run-cancel";
import { countRuns, previewCancel } from "./run-count";
import { listRuns } from "./run-list";
import { listRunMessages } from "./run-messages";
import { getRunUsage } from "./run-usage";
import { createRun, deleteRun, getRun, getRunRequestConfig, updateRun } from "./runs";
import { orgProcedure, router, writeProcedure } from "@/server/trpc";

export const runsRouter = router({
  create: writeProcedure("runs:write")
    .input(createRunInput)
    .mutation(({ ctx, input }) => createRun(ctx.scope, input)),
  get: orgProcedure.input(runIdInput).query(({ ctx, input }) => getRun(ctx.scope, input.runId)),
  delete: writeProcedure("runs:delete")
    .input(runIdInput)
    .mutation(({ ctx, input }) => deleteRun(ctx.scope, input.runId)),
  list: orgProcedure.input(listRunsInput).query(({ ctx, input }) => listRuns(ctx.scope, input)),
  count: orgProcedure.input(listRunsInput).query(({ ctx, input }) => countRuns(ctx.scope, input)),
  cancelPreview: orgProcedure.input(listRunsInput).query(({ ctx, input }) => previewCancel(ctx.scope, input)),
  cancelMatching: writeProcedure("runs:cancel")
    .input(listRunsInput)
    .mutation(({ ctx, input }) => cancelMatchingRuns(ctx.scope, input)),
  update: writeProcedure("runs:write")
    .input(updateRunInput)
    .mutation(({ ctx, input }) => updateRun(ctx.scope, input)),
  cancel: writeProcedure("runs:cancel")
    .input(cancelRunsInput)
    .mutation(({ ctx, input }) => cancelRuns(ctx.scope, input)),
  usage: orgProcedure.input(runIdInput).query(({ ctx, input }) => getRunUsage(ctx.scope, input.runId)),
  messages: orgProcedure.input(listRunMessagesInput).query(({ ctx, input }) => listRunMessages(ctx.scope, input)),
  requestConfig: orgProcedure.input(runIdInput).query(({ ctx, input }) => getRunRequestConfig(ctx.scope, input.runId)),
});
