import { z } from "zod";
import { dateInput, idOf, runStatus } from "@/server/lib/common-schemas";

export const runMetricsInput = z.object({ runId: idOf("run") });

export const percentilesInput = z
  .object({
    percentiles: z.array(z.number().gt(0).lt(100)).min(1).max(10).default([50, 90, 95, 99]),
    field: z.enum(["duration", "ttft"]).default("duration"),
    agentIds: z.array(idOf("agent")).max(1000).optional(),
    projectId: idOf("project").optional(),
    statuses: z.array(runStatus).max(10).optional(),
    from: dateInput.optional(),
    to: dateInput.optional(),
    bucket: z.enum(["none", "hour", "day"]).default("none"),
  })
  .superRefine((value, ctx) => {
    if (value.from && value.to && value.from > value.to)
      ctx.addIssue({ code: "custom", path: ["to"], message: "must not be before from" });
    if (value.bucket !== "none" && value.from && value.to) {
      const unit = value.bucket === "hour" ? 3_600_000 : 86_400_000;
      if ((value.to.getTime() - value.from.getTime()) / unit > 10_000)
        ctx.addIssue({
          code: "custom",
          path: ["bucket"],
          message: "would produce more than 10,000 buckets; use a larger bucket",
        });
    }
  });
export type PercentilesInput = z.infer<typeof percentilesInput>;
