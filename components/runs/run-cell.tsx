"use client";

import Link from "next/link";
import type { RunListItem } from "@/components/trpc/router-outputs";
import { formatDurationNs, formatNumber } from "@/components/ui/format";
import { Elapsed } from "@/components/ui/elapsed";
import { LocalTime } from "@/components/ui/local-time";
import { isOpenStatus } from "@/db/schema/enums";
import { StatusBadge } from "@/components/ui/status-badge";
import { CallbackBadge } from "./callback-badge";
import type { CallbackState, RunColumn } from "./columns";

/** One cell of the runs table, rendered by its column's type. */
export function RunCell({ column, run }: { column: RunColumn; run: RunListItem }) {
  const value = column.value(run);
  switch (column.type) {
    case "id":
      return (
        <Link
          href={`/runs/${run.id}`}
          className="font-mono text-xs text-sky-700 hover:underline dark:text-sky-400"
          title={run.id}
          onClick={(e) => e.stopPropagation()}
        >
          {run.id.slice(4, 12)}…
        </Link>
      );
    case "status":
      return <StatusBadge status={String(value)} />;
    case "date":
      return <LocalTime date={value as Date | null} className="whitespace-nowrap text-xs" />;
    case "duration":
      // An open run has no duration yet: its time so far, in the open-run colour.
      if (value == null && column.id === "duration" && isOpenStatus(run.status))
        return <Elapsed since={run.createdAt} className="whitespace-nowrap text-sky-700 tabular-nums dark:text-sky-400" />;
      return <span className="whitespace-nowrap tabular-nums">{formatDurationNs(value as number | null)}</span>;
    case "number":
      return <span className="tabular-nums">{formatNumber(value as number | null)}</span>;
    case "callback":
      return <CallbackBadge state={value as CallbackState} code={run.callbackStatusCode} />;
    case "boolean":
      return <span>{value == null ? "—" : value ? "yes" : "no"}</span>;
    case "mono":
      return <span className="font-mono text-xs">{value == null ? "—" : String(value)}</span>;
    default:
      return <span>{value == null ? "—" : String(value)}</span>;
  }
}
