import { z } from "zod";
import { orgProcedure, router, writeProcedure } from "@/server/trpc";
import {
  createEndpointInput,
  deliveryIdInput,
  endpointIdInput,
  listAttemptsInput,
  listDeliveriesInput,
  listEndpointsInput,
  listReceivedInput,
} from "./schemas";
import { listAttempts, listDeliveries, redeliver } from "./use-cases/deliveries";
import { createEndpoint, deleteEndpoint, listEndpoints, listReceived, rotateEndpointSecret } from "./use-cases/endpoints";
import { getSigningSecret, rotateSigningSecret } from "./use-cases/signing-secret";

const noInput = z.object({}).strict().optional();

export const callbacksRouter = router({
  deliveries: orgProcedure.input(listDeliveriesInput).query(({ ctx, input }) => listDeliveries(ctx.scope, input)),
  attempts: orgProcedure.input(listAttemptsInput).query(({ ctx, input }) => listAttempts(ctx.scope, input)),
  redeliver: writeProcedure("callbacks:redeliver")
    .input(deliveryIdInput)
    .mutation(({ ctx, input }) => redeliver(ctx.scope, input.deliveryId)),
  received: orgProcedure.input(listReceivedInput).query(({ ctx, input }) => listReceived(ctx.scope, input)),
  // The signing secret is a credential: reading it needs the same permission as rotating it.
  signingSecret: writeProcedure("callbacks:manage")
    .input(noInput)
    .query(({ ctx }) => getSigningSecret(ctx.scope)),
  rotateSigningSecret: writeProcedure("callbacks:manage")
    .input(noInput)
    .mutation(({ ctx }) => rotateSigningSecret(ctx.scope)),
  endpoints: router({
    create: writeProcedure("callbacks:manage")
      .input(createEndpointInput)
      .mutation(({ ctx, input }) => createEndpoint(ctx.scope, input)),
    list: orgProcedure.input(listEndpointsInput).query(({ ctx, input }) => listEndpoints(ctx.scope, input)),
    rotateSecret: writeProcedure("callbacks:manage")
      .input(endpointIdInput)
      .mutation(({ ctx, input }) => rotateEndpointSecret(ctx.scope, input.endpointId)),
    delete: writeProcedure("callbacks:manage")
      .input(endpointIdInput)
      .mutation(({ ctx, input }) => deleteEndpoint(ctx.scope, input.endpointId)),
  }),
});
