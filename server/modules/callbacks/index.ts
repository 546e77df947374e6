/**
 * What other modules, app/ and scripts may call. The outbox is filled by `enqueue*Callback` inside the transaction
 * that ends a run or batch; the worker (in the app via instrumentation.ts, or `npm run worker`) delivers it; the
 * receiver answers `POST /api/callbacks/<endpointId>`.
 */
export { enqueueBatchCallback, enqueueRunCallback } from "./enqueue";
export { CallbackWorker, startInAppWorker, type CallbackWorkerOptions } from "./worker";
export { receiveCallback } from "./receiver";
