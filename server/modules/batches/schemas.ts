import { z } from "zod";
import { idOf, jsonObject, limitInput } from "@/server/lib/common-schemas";
import { callbackUrl, createRunInput } from "@/server/modules/runs/schemas";

export const createBatchInput = z.object({
  requests: z.array(createRunInput).min(1).max(1000),
  callbackUrl: callbackUrl.optional(),
  metadata: jsonObject().optional(),
});
export type CreateBatchInput = z.infer<typeof createBatchInput>;

export const batchIdInput = z.object({ batchId: idOf("batch") });

export const listBatchesInput = z.object({
  ascending: z.boolean().default(false),
  after: idOf("batch").optional(),
  before: idOf("batch").optional(),
  limit: limitInput(),
});
export type ListBatchesInput = z.infer<typeof listBatchesInput>;
