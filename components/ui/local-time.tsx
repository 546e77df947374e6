"use client";

import { useIsClient } from "./use-is-client";

const dateFormat = new Intl.DateTimeFormat(undefined, {
  year: "numeric",
  month: "short",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** A time in the viewer's time zone, UTC on hover. The server renders UTC; the client swaps in local time. */
export function LocalTime({ date, className }: { date: Date | string | null | undefined; className?: string }) {
  const isClient = useIsClient();
  if (!date) return <span className={className}>—</span>;
  const d = typeof date === "string" ? new Date(date) : date;
  const utc = d
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");
  return (
    <time dateTime={d.toISOString()} title={utc} className={className}>
      {isClient ? dateFormat.format(d) : utc}
    </time>
  );
}
