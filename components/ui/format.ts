/** Display helpers shared by every page: humanised durations from nanoseconds, counts, dates, JSON. */

const absoluteFormat = new Intl.DateTimeFormat(undefined, {
  year: "numeric",
  month: "short",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});
const RELATIVE_FOR_MS = 24 * 3_600_000;

/**
 * A point in time in the viewer's zone: relative within the last 24 h ("just now", "40 s ago", "5 min ago", "3 h ago")
 * when `now` is known, else the full local date and time. Rendered through <LocalTime>, which adds UTC on hover.
 */
export function formatDateTime(date: Date, now: number | null = null): string {
  const ago = now === null ? -1 : now - date.getTime();
  if (ago < -60_000 || ago >= RELATIVE_FOR_MS || now === null) return absoluteFormat.format(date);
  if (ago < 5_000) return "just now";
  if (ago < 60_000) return `${Math.floor(ago / 1000)} s ago`;
  if (ago < 3_600_000) return `${Math.floor(ago / 60_000)} min ago`;
  return `${Math.floor(ago / 3_600_000)} h ago`;
}

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

/** "1 step", "2 steps", "1,234 runs": a count with its noun, pluralised by adding "s". */
export function formatCount(n: number, noun: string): string {
  return `${formatNumber(n)} ${n === 1 ? noun : `${noun}s`}`;
}

/** What Redeliver asks before sending a callback again (the receiver gets it once more, with the same webhook-id). */
export const REDELIVER_CONFIRM = (url: string) =>
  `Send this callback to ${url} again? The receiver gets it once more, with the same webhook-id.`;
