/**
 * Log-spaced buckets (DDSketch's scheme): bucket i ≥ 0 holds values in (γ^(i-1), γ^i] and is represented by
 * 2γ^i / (γ + 1), which is within α = (γ - 1) / (γ + 1) of every value in it. Zero has a bucket of its own
 * (-1) represented exactly. Buckets only ever add, so histograms of hours, agents and projects merge by summing.
 *
 * γ = 1.04 gives α = 1.96 %, the ≤ 2 % the design asks for, with half the buckets of γ = 1.02.
 */
export const GAMMA = 1.04;
export const RELATIVE_ERROR = (GAMMA - 1) / (GAMMA + 1);
export const ZERO_BUCKET = -1;

/** Same expression on every path (incremental upserts, rebuilds, edge scans), evaluated by the database. */
export const BUCKET_SQL = (valueSql: string) =>
  `(case when (${valueSql}) <= 0 then ${ZERO_BUCKET} else ceil(ln((${valueSql})::float8) / ln(${GAMMA}::float8))::int end)`;

export function bucketOf(value: number): number {
  if (value <= 0) return ZERO_BUCKET;
  return Math.ceil(Math.log(value) / Math.log(GAMMA));
}

export function representative(bucket: number): number {
  if (bucket === ZERO_BUCKET) return 0;
  return (2 * GAMMA ** bucket) / (GAMMA + 1);
}

/**
 * percentile_cont over a histogram: the values at ranks ⌊p(n-1)⌋ and ⌈p(n-1)⌉ are each estimated by their
 * bucket's representative and interpolated with percentile_cont's own weights. Both estimates are within α
 * of the true values and the weights are non-negative, so the result is within α of percentile_cont.
 * `buckets` must be sorted ascending; `counts` aligned with it.
 */
export function quantilesFromHistogram(buckets: readonly number[], counts: readonly number[], percentiles: readonly number[]) {
  let n = 0;
  for (const c of counts) n += c;
  if (n === 0) return percentiles.map(() => null);
  const valueAtRank = (rank: number) => {
    let seen = 0;
    for (let i = 0; i < buckets.length; i++) {
      seen += counts[i];
      if (seen > rank) return representative(buckets[i]);
    }
    return representative(buckets[buckets.length - 1]);
  };
  return percentiles.map((p) => {
    const rank = (p / 100) * (n - 1);
    const lo = Math.floor(rank);
    const hi = Math.ceil(rank);
    const low = valueAtRank(lo);
    if (hi === lo) return low;
    return low + (rank - lo) * (valueAtRank(hi) - low);
  });
}
