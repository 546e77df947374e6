export { GAMMA, RELATIVE_ERROR, bucketOf, percentileCont, quantilesFromHistogram, representative } from "./buckets";
export { histogramPercentiles, type HistogramAnswer, type HistogramRequest } from "./query";
export { FIELD, rebuildHistograms, removeRunFromHistograms, type HistogramField } from "./store";
export { EXACT_BELOW, histogramDurationAtPercentile, routedHistogramPercentiles, statusesKeepPopulation } from "./routing";
