export interface BenchResult {
  name: string;
  value: number;
  /** Same figure measured the baseline way in the same run (null where there is none, e.g. callbacks). */
  baseline: number | null;
  /** baseline ÷ value for times, value ÷ baseline for rates: higher is better either way. */
  ratio: number | null;
  unit: string;
  error?: string;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Median wall time (ms) of `iterations` calls after one warm-up call. */
export async function timeMs(fn: () => Promise<unknown>, iterations: number): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

/**
 * Median wall times (ms) of `fn` and of its baseline, called alternately (after one warm-up call each), so both
 * see the same machine: on a shared 2-core box, timing one block after the other let load drift into the ratio.
 */
export async function timePairMs(
  fn: () => Promise<unknown>,
  baseline: () => Promise<unknown>,
  iterations: number,
): Promise<{ value: number; baseline: number }> {
  await fn();
  await baseline();
  const values: number[] = [];
  const baselines: number[] = [];
  for (let i = 0; i < iterations; i++) {
    let t = performance.now();
    await fn();
    values.push(performance.now() - t);
    t = performance.now();
    await baseline();
    baselines.push(performance.now() - t);
  }
  return { value: median(values), baseline: median(baselines) };
}

export const timeResult = (name: string, value: number, baseline: number | null): BenchResult => ({
  name,
  value: round(value),
  baseline: baseline == null ? null : round(baseline),
  ratio: baseline == null || value === 0 ? null : round(baseline / value),
  unit: "ms",
});

export const rateResult = (name: string, value: number, baseline: number | null, unit: string): BenchResult => ({
  name,
  value: round(value),
  baseline: baseline == null ? null : round(baseline),
  ratio: baseline == null || baseline === 0 ? null : round(value / baseline),
  unit,
});

export const round = (x: number) => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : x);

export function formatTable(results: BenchResult[]): string {
  const rows = results.map((r) => [
    r.name,
    `${r.value}`,
    r.baseline == null ? "-" : `${r.baseline}`,
    r.ratio == null ? "-" : `${r.ratio}×`,
    r.unit,
    r.error ?? "",
  ]);
  const header = ["name", "value", "baseline", "ratio", "unit", "error"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 || i === 5 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
