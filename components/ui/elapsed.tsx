"use client";

import { formatDurationNs } from "./format";
import { useNow } from "./use-now";

/** Time since `since`, ticking each second: what an open run has taken so far (it has no duration yet). */
export function Elapsed({ since, className }: { since: Date; className?: string }) {
  const now = useNow();
  if (now === null) return <span className={className}>—</span>;
  return (
    <span className={className} title="running: time so far">
      {formatDurationNs(Math.max(0, now - since.getTime()) * 1_000_000)}
    </span>
  );
}
