"use client";

import { formatDateTime } from "./format";
import { useIsClient } from "./use-is-client";
import { useNow } from "./use-now";

/**
 * THE way the app shows a point in time: in the viewer's time zone, relative when recent ("5 min ago"), UTC on hover.
 * The server renders UTC (it does not know the viewer's zone); the client swaps in local time after hydration.
 */
export function LocalTime({ date, className }: { date: Date | string | null | undefined; className?: string }) {
  const isClient = useIsClient();
  const now = useNow();
  if (!date) return <span className={className}>—</span>;
  const d = typeof date === "string" ? new Date(date) : date;
  const utc = d
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");
  return (
    <time dateTime={d.toISOString()} title={utc} className={className}>
      {isClient ? formatDateTime(d, now) : utc}
    </time>
  );
}
