"use client";

import Link from "next/link";
import type { RouterOutputs } from "@/components/trpc/router-outputs";
import { LocalTime } from "@/components/ui/local-time";
import { buttonClass } from "@/components/ui/styles";
import { Attempts } from "./attempts";
import { DELIVERY_STYLES, td } from "./constants";

type Delivery = RouterOutputs["callbacks"]["deliveries"]["items"][number];

/** One delivery in the deliveries table, and its attempts below it when open. */
export function DeliveryRow({
  delivery: d,
  open,
  onToggle,
  redeliverPending,
  onRedeliver,
}: {
  delivery: Delivery;
  open: boolean;
  onToggle: () => void;
  redeliverPending: boolean;
  onRedeliver: () => void;
}) {
  return (
    <>
      <tr data-testid="delivery-row" data-delivery={d.id} data-run={d.runId ?? undefined}>
        <td className={`${td} text-xs`}>
          <LocalTime date={d.createdAt} />
        </td>
        <td className={`${td} font-mono text-xs`}>
          {d.runId ? (
            <Link className="text-sky-700 hover:underline dark:text-sky-400" href={`/runs/${d.runId}`}>
              {d.runId.slice(0, 12)}…
            </Link>
          ) : (
            <span title={d.subjectId}>{d.subjectId.slice(0, 14)}…</span>
          )}
          <div className="text-[10px] text-zinc-400">{d.event}</div>
        </td>
        <td className={`${td} text-xs font-medium ${DELIVERY_STYLES[d.status] ?? ""}`} data-testid="delivery-status">
          {d.status}
          {d.replay ? <span className="ml-1 text-zinc-400">(replay)</span> : null}
        </td>
        <td className={`${td} text-right tabular-nums`}>{d.attemptCount}</td>
        <td className={`${td} max-w-64 truncate text-xs`} title={d.lastError ?? undefined}>
          {d.lastStatusCode != null ? <span className="font-mono">{d.lastStatusCode}</span> : null}
          {d.lastError ? <span className="ml-1 text-red-700 dark:text-red-400">{d.lastError}</span> : null}
          {d.lastStatusCode == null && !d.lastError ? <span className="text-zinc-400">—</span> : null}
        </td>
        <td className={`${td} text-xs`}>
          {d.status === "pending" ? <LocalTime date={d.nextAttemptAt} /> : <span className="text-zinc-400">—</span>}
        </td>
        <td className={`${td} max-w-56 truncate font-mono text-[11px]`} title={d.url}>
          {d.url}
        </td>
        <td className={`${td} space-x-1 text-right`}>
          <button type="button" className={buttonClass("ghost")} aria-expanded={open} onClick={onToggle}>
            Attempts
          </button>
          <button
            type="button"
            className={buttonClass("secondary")}
            disabled={d.status === "pending" || redeliverPending}
            onClick={onRedeliver}
          >
            Redeliver
          </button>
        </td>
      </tr>
      {open && (
        <tr>
          <td colSpan={8} className="bg-zinc-50 px-3 py-2 dark:bg-zinc-900">
            <Attempts deliveryId={d.id} />
          </td>
        </tr>
      )}
    </>
  );
}
