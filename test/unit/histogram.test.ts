import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  GAMMA,
  RELATIVE_ERROR,
  bucketOf,
  quantilesFromHistogram,
  representative,
} from "@/server/modules/percentiles/histograms/buckets";

const TOLERANCE = 1e-9; // floating-point slack on top of α

/** Postgres' percentile_cont over plain numbers (the reference). */
function percentileCont(values: readonly number[], percentile: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (percentile / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
}

function histogramOf(values: number[]) {
  const map = new Map<number, number>();
  for (const v of values) map.set(bucketOf(v), (map.get(bucketOf(v)) ?? 0) + 1);
  const buckets = [...map.keys()].sort((a, b) => a - b);
  return { buckets, counts: buckets.map((b) => map.get(b)!) };
}

const relError = (estimate: number, exact: number) => (exact === 0 ? Math.abs(estimate) : Math.abs(estimate - exact) / exact);

// Durations in ns as runs have them: zeros, nanoseconds, milliseconds, minutes, up to the 104-day wire limit.
const duration = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 1_000 }),
  fc.integer({ min: 1_000_000, max: 120_000_000_000 }),
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
);
const percentile = fc.oneof(fc.constantFrom(50, 90, 95, 99, 99.9), fc.double({ min: 0.01, max: 99.99, noNaN: true }));

describe("log-bucket histogram", () => {
  it("uses γ with α ≤ 2 %", () => {
    expect(RELATIVE_ERROR).toBeLessThanOrEqual(0.02);
    expect(RELATIVE_ERROR).toBeCloseTo((GAMMA - 1) / (GAMMA + 1), 12);
  });

  it("represents every value of a bucket within α", () => {
    fc.assert(
      fc.property(duration, (value) => {
        expect(relError(representative(bucketOf(value)), value)).toBeLessThanOrEqual(RELATIVE_ERROR + TOLERANCE);
      }),
      { numRuns: 2000 },
    );
  });

  it("is within α of percentile_cont for every requested percentile of random data sets", () => {
    fc.assert(
      fc.property(
        fc.array(duration, { minLength: 1, maxLength: 400 }),
        fc.array(percentile, { minLength: 1, maxLength: 10 }),
        (values, ps) => {
          const { buckets, counts } = histogramOf(values);
          const estimates = quantilesFromHistogram(buckets, counts, ps);
          ps.forEach((p, i) => {
            const exact = percentileCont(values, p)!;
            expect(relError(estimates[i]!, exact)).toBeLessThanOrEqual(RELATIVE_ERROR + TOLERANCE);
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it("merges by adding counts: the merge of two data sets' histograms is the histogram of their union", () => {
    fc.assert(
      fc.property(fc.array(duration, { maxLength: 100 }), fc.array(duration, { maxLength: 100 }), (a, b) => {
        const merged = new Map<number, number>();
        for (const h of [histogramOf(a), histogramOf(b)])
          h.buckets.forEach((bucket, i) => merged.set(bucket, (merged.get(bucket) ?? 0) + h.counts[i]));
        const union = histogramOf([...a, ...b]);
        expect(Object.fromEntries(merged)).toEqual(
          Object.fromEntries(union.buckets.map((bucket, i) => [bucket, union.counts[i]])),
        );
      }),
    );
  });

  it("answers null for an empty histogram", () => {
    expect(quantilesFromHistogram([], [], [50, 99])).toEqual([null, null]);
  });
});
