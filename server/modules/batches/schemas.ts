import { z } from "zod";
import { idOf, jsonObject, limitInput } from "@/server/lib/common-schemas";
import { callbackUrl, createRunInput } from "@/server/modules/runs/schemas";

export const createBatchInput = z
  .object({
    requests: z.array(createRunInput).min(1).max(1000),
    callbackUrl: callbackUrl.optional(),
    metadata: jsonObject().optional(),
  })
  .superRefine((value, ctx) => {
    const first = new Map<string, number>();
    value.requests.forEach((r, i) => {
      if (!r.id) return;
      if (first.has(r.id))
        ctx.addIssue({ code: "custom", path: ["requests", i, "id"], message: `repeats requests.${first.get(r.id)}.id` });
      else first.set(r.id, i);
    });
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
