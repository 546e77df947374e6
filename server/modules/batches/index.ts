/**
 * What other modules may call of the batches module: the runs module ends a batch's runs and enqueues the batch's
 * callback through it. (createBatch, which creates runs, is only the router's: exporting it here would make the
 * runs module and this index import each other.)
 */
export type { Batch } from "./batch";
export { enqueueBatchCallback } from "./use-cases/batch-callback";
