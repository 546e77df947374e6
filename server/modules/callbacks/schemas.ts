import { z } from "zod";
import { DELIVERY_STATUSES } from "@/db/schema/callbacks";
import { idOf, limitInput, name } from "@/server/lib/common-schemas";

export const deliveryIdInput = z.object({ deliveryId: idOf("delivery") });
export const endpointIdInput = z.object({ endpointId: idOf("endpoint") });

export const listDeliveriesInput = z.object({
  runId: idOf("run").optional(),
  batchId: idOf("batch").optional(),
  status: z.enum(DELIVERY_STATUSES).optional(),
  includeBody: z.boolean().default(false),
  ascending: z.boolean().default(false),
  after: idOf("delivery").optional(),
  before: idOf("delivery").optional(),
  limit: limitInput(),
});
export type ListDeliveriesInput = z.infer<typeof listDeliveriesInput>;

export const listAttemptsInput = z.object({
  deliveryId: idOf("delivery"),
  limit: limitInput(),
});
export type ListAttemptsInput = z.infer<typeof listAttemptsInput>;

export const createEndpointInput = z.object({ name });
export type CreateEndpointInput = z.infer<typeof createEndpointInput>;

export const listEndpointsInput = z.object({
  ascending: z.boolean().default(false),
  after: idOf("endpoint").optional(),
  before: idOf("endpoint").optional(),
  limit: limitInput(),
});
export type ListEndpointsInput = z.infer<typeof listEndpointsInput>;

export const listReceivedInput = z.object({
  endpointId: idOf("endpoint").optional(),
  ascending: z.boolean().default(false),
  after: z.uuid({ message: "must be a received callback id (a UUID)" }).optional(),
  before: z.uuid({ message: "must be a received callback id (a UUID)" }).optional(),
  limit: limitInput(),
});
export type ListReceivedInput = z.infer<typeof listReceivedInput>;
