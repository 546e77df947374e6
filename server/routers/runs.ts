import {
  cancelRunsInput,
  createRunInput,
  listRunMessagesInput,
  listRunsInput,
  runIdInput,
  updateRunInput,
} from "@/server/schemas/runs";
import { cancelRuns } from "@/server/services/run-cancel";
import { listRuns } from "@/server/services/run-list";
import { listRunMessages } from "@/server/services/run-messages";
import { getRunUsage } from "@/server/services/run-usage";
import { createRun, deleteRun, getRun, getRunRequestConfig, updateRun } from "@/server/services/runs";
import { orgProcedure, router } from "@/server/trpc";

export const runsRouter = router({
  create: orgProcedure.input(createRunInput).mutation(({ ctx, input }) => createRun(ctx.scope, input)),
  get: orgProcedure.input(runIdInput).query(({ ctx, input }) => getRun(ctx.scope, input.runId)),
  delete: orgProcedure.input(runIdInput).mutation(({ ctx, input }) => deleteRun(ctx.scope, input.runId)),
  list: orgProcedure.input(listRunsInput).query(({ ctx, input }) => listRuns(ctx.scope, input)),
  update: orgProcedure.input(updateRunInput).mutation(({ ctx, input }) => updateRun(ctx.scope, input)),
  cancel: orgProcedure.input(cancelRunsInput).mutation(({ ctx, input }) => cancelRuns(ctx.scope, input)),
  usage: orgProcedure.input(runIdInput).query(({ ctx, input }) => getRunUsage(ctx.scope, input.runId)),
  messages: orgProcedure.input(listRunMessagesInput).query(({ ctx, input }) => listRunMessages(ctx.scope, input)),
  requestConfig: orgProcedure.input(runIdInput).query(({ ctx, input }) => getRunRequestConfig(ctx.scope, input.runId)),
});
