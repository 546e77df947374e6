import { z } from "zod";
import { limitInput, text } from "@/server/lib/common-schemas";

export const listAuditInput = z
  .object({
    limit: limitInput(),
    after: text(100).optional(),
    action: text(100).optional(),
    targetType: text(100).optional(),
    targetId: text(200).optional(),
  })
  .default({ limit: 100 });
export type ListAuditInput = z.infer<typeof listAuditInput>;
