// What other modules may call. Every percentile of run durations or TTFTs in the product is answered here:
// routed between the histograms and exact percentile_cont by one rule (routing.ts, histogramAnswer).
export type { PercentileQuestion, RunPercentileAnswer, RunPercentilePoint, RunPopulation } from "./question";
export {
  runPercentiles,
  listDurationPercentile,
  getPercentiles,
  exactPercentiles,
  percentileKey,
  type PercentilesResult,
} from "./percentiles";
export { EXACT_BELOW } from "./routing";
export { RELATIVE_ERROR } from "./histograms/buckets";
export { histogramPercentiles } from "./histograms/query";

// The exact path where a caller groups runs in ways the histograms do not hold (analytics' groups and time buckets).
export { exactPercentilesOf, percentileNumbers, RUN_VALUE, type PercentileArray } from "./queries/exact";

// Keeping the histograms equal to the runs table, in the transactions that change runs.
export {
  applyHistogramDeltas,
  histogramUpsertInput,
  histogramUpsertSql,
  rebuildHistograms,
  removeRunFromHistograms,
  runEndDeltas,
  ttftDeltas,
  type HistogramDelta,
} from "./histograms/store";

export { getRunMetrics, type RunMetrics } from "./run-metrics";
