// What other modules may call: the analytics time buckets (ranges resolved as the analytics pages resolve them).
export {
  bucketEnd,
  bucketFloor,
  bucketStarts,
  chooseBucket,
  resolveRange,
  type ResolvedRange,
  type TimeBucket,
} from "./time-buckets";
