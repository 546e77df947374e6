/** Display helpers shared by every page: humanised durations from nanoseconds, counts, JSON. */

export function formatDurationNs(ns: number | null | undefined): string {
  if (ns == null) return "—";
  const ms = ns / 1_000_000;
  if (ms < 1) return `${(ns / 1000).toFixed(0)} µs`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 2 : 1)} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min ${Math.round(s % 60)} s`;
  return `${Math.floor(min / 60)} h ${min % 60} min`;
}

export function formatNumber(n: number | null | undefined): string {
  return n == null ? "—" : n.toLocaleString("en-US");
}

export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** Text that holds JSON (tool arguments and returns), indented; any other text as it is. */
export function prettyJsonText(text: string): string {
  try {
    return prettyJson(JSON.parse(text));
  } catch {
    return text;
  }
}
