/** Chart colours that read on white and on zinc-950 alike. */
export const PERCENTILE_COLORS: Record<number, string> = {
  50: "#0ea5e9",
  75: "#14b8a6",
  90: "#eab308",
  95: "#f97316",
  99: "#e11d48",
};
export const GROUP_COLORS = [
  "#0ea5e9",
  "#f97316",
  "#10b981",
  "#a855f7",
  "#e11d48",
  "#eab308",
  "#14b8a6",
  "#6366f1",
  "#ec4899",
  "#84cc16",
];
export const THIN_COLOR = "#a1a1aa";

export const STOP_REASON_COLORS: Record<string, string> = {
  end_turn: "#10b981",
  requires_approval: "#6366f1",
  max_steps: "#eab308",
  cancelled: "#a1a1aa",
  error: "#e11d48",
  llm_api_error: "#f97316",
  invalid_tool_call: "#ec4899",
  invalid_llm_response: "#be123c",
  no_tool_call: "#0ea5e9",
  tool_rule: "#14b8a6",
  max_tokens_exceeded: "#a855f7",
  insufficient_credits: "#78716c",
  context_window_overflow_in_system_prompt: "#7c3aed",
};

/** Axis tick for a bucket start, in the viewer's zone: times for short ranges, dates for long ones. */
export function tickFormatter(rangeMs: number): (t: number) => string {
  const day = 86_400_000;
  const fmt =
    rangeMs <= day
      ? new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" })
      : rangeMs <= 14 * day
        ? new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "2-digit" })
        : new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });
  return (t: number) => fmt.format(new Date(t));
}

const rangeFormat = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

/** "Nov 23, 09:00 – 09:15" in the viewer's zone. */
export function formatBucket(start: Date, end: Date): string {
  const sameDay = start.toDateString() === new Date(end.getTime() - 1).toDateString();
  return `${rangeFormat.format(start)} – ${sameDay ? timeOnly.format(end) : rangeFormat.format(end)}`;
}

export function utcBucket(start: Date, end: Date): string {
  return `${start.toISOString().replace("T", " ").slice(0, 16)} – ${end.toISOString().replace("T", " ").slice(0, 16)} UTC`;
}

/** "+18 %", "−4 %", "±0 %". */
export function formatDelta(delta: number | null | undefined): string | null {
  if (delta == null || !Number.isFinite(delta)) return null;
  const pct = Math.round(delta * 100);
  if (pct === 0) return "±0 %";
  return `${pct > 0 ? "+" : "−"}${Math.abs(pct)} %`;
}

export function formatPercent(fraction: number | null | undefined, digits = 1): string {
  if (fraction == null) return "—";
  return `${(fraction * 100).toFixed(digits)} %`;
}

/** Compact duration for chart axes: "450 ms", "25 s", "1.5 min", "2 h". */
export function formatAxisNs(ns: number): string {
  if (!ns) return "0";
  const ms = ns / 1_000_000;
  const trim = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));
  if (ms < 1) return `${trim(ns / 1000)} µs`;
  if (ms < 1000) return `${trim(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${trim(s)} s`;
  if (s < 3600) return `${trim(s / 60)} min`;
  return `${trim(s / 3600)} h`;
}

// Units an axis can count in, smallest first (ns per unit).
const AXIS_UNITS: [number, string][] = [
  [1e3, "µs"],
  [1e6, "ms"],
  [1e9, "s"],
  [60e9, "min"],
  [3600e9, "h"],
];

/**
 * Round ticks for a linear duration axis from 0 to at least `maxNs`: a step of 1, 2 or 5 × 10^k of ONE unit (the
 * largest not above the step), about `count` ticks, every label a whole number of that unit ("0, 5 min, 10 min"; never
 * "4.2 min"). Returns the ticks and their formatter.
 */
export function linearTicks(maxNs: number, count = 5): { ticks: number[]; format: (ns: number) => string } {
  const raw = Math.max(maxNs, 1e3) / count;
  const [unitNs, unit] = [...AXIS_UNITS].reverse().find(([u]) => u <= raw) ?? AXIS_UNITS[0];
  const inUnit = raw / unitNs;
  const pow = 10 ** Math.floor(Math.log10(inUnit));
  const step = [1, 2, 5, 10].find((m) => m * pow >= inUnit)! * pow * unitNs;
  const ticks = [0];
  while (ticks[ticks.length - 1] < maxNs) ticks.push(ticks[ticks.length - 1] + step);
  return { ticks, format: (ns) => (ns === 0 ? "0" : `${Math.round(ns / unitNs)} ${unit}`) };
}

// Log-axis ticks: decades, with the minute and the hour in place of 100 s and 6,000 s (people read those).
const LOG_TICKS = [1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 60e9, 600e9, 3600e9, 36000e9, 360000e9];

/** Ticks of a log duration axis covering [minNs, maxNs] (both > 0), and its domain from the first to the last tick. */
export function logTicks(minNs: number, maxNs: number): { ticks: number[]; domain: [number, number] } {
  // Half the smallest value at least: a point on the floor of the axis reads as "off the chart".
  const lo = [...LOG_TICKS].reverse().find((t) => t <= minNs / 2) ?? LOG_TICKS[0];
  const hi = LOG_TICKS.find((t) => t >= maxNs) ?? LOG_TICKS[LOG_TICKS.length - 1];
  const ticks = LOG_TICKS.filter((t) => t >= lo && t <= hi);
  return { ticks, domain: [lo, hi] };
}
