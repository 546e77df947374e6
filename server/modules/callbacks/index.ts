/**
 * What other modules, app/ and scripts may call. The outbox is filled by `enqueueDelivery` inside the transaction
 * that ends a run or batch (the runs and batches modules build the bodies); the worker (in the app via
 * instrumentation.ts, or `npm run worker`) delivers it; the receiver answers `POST /api/callbacks/<endpointId>`.
 */
export { enqueueDelivery, type DeliveryRequest } from "./enqueue";
export { CallbackWorker, startInAppWorker, type CallbackWorkerOptions } from "./worker";
export { receiveCallback } from "./receiver";
export { createDemoInbox, DEMO_ENDPOINT_NAME } from "./demo-inbox";
