import { batchIdInput, createBatchInput, listBatchesInput } from "./schemas";
import { createBatch } from "./use-cases/create-batch";
import { getBatch, listBatches } from "./use-cases/read-batches";
import { orgProcedure, router, writeProcedure } from "@/server/trpc";

export const batchesRouter = router({
  create: writeProcedure("runs:write")
    .input(createBatchInput)
    .mutation(({ ctx, input }) => createBatch(ctx.scope, input)),
  get: orgProcedure.input(batchIdInput).query(({ ctx, input }) => getBatch(ctx.scope, input.batchId)),
  list: orgProcedure.input(listBatchesInput).query(({ ctx, input }) => listBatches(ctx.scope, input)),
});
