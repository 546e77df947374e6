"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useCan } from "@/components/shell/use-can";
import { useTRPC } from "@/components/trpc/client";
import type { RouterOutputs } from "@/components/trpc/router-outputs";
import { LocalTime } from "@/components/ui/local-time";
import { Skeleton } from "@/components/ui/skeleton";
import { buttonClass } from "@/components/ui/styles";
import { REDELIVER_CONFIRM } from "@/components/ui/format";
import { isGuardRefusal, RefusalHint } from "@/components/callbacks/refusal-hint";

type Delivery = RouterOutputs["callbacks"]["deliveries"]["items"][number];

/** One delivery of the run's callback: status, last response, Redeliver, and its attempts on demand. */
export function RunDelivery({ delivery }: { delivery: Delivery }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const canRedeliver = useCan("callbacks:redeliver");
  const attempts = useQuery({ ...trpc.callbacks.attempts.queryOptions({ deliveryId: delivery.id, limit: 50 }), enabled: open });
  const redeliver = useMutation(
    trpc.callbacks.redeliver.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.callbacks.deliveries.queryKey() });
        void queryClient.invalidateQueries({
          queryKey: trpc.callbacks.attempts.queryKey({ deliveryId: delivery.id, limit: 50 }),
        });
      },
    }),
  );
  return (
    <li className="space-y-1.5 px-4 py-3 text-xs">
      <div className="flex flex-wrap items-center gap-2">
        <span
          className={`font-medium ${delivery.status === "delivered" ? "text-emerald-600" : delivery.status === "failed" ? "text-red-600" : "text-sky-600"}`}
        >
          {delivery.status}
        </span>
        <span className="text-zinc-500">
          {delivery.attemptCount} attempt{delivery.attemptCount === 1 ? "" : "s"}
          {delivery.lastStatusCode != null ? ` · last HTTP ${delivery.lastStatusCode}` : ""}
        </span>
        <button
          type="button"
          className={`${buttonClass("secondary")} ml-auto`}
          onClick={() => window.confirm(REDELIVER_CONFIRM(delivery.url)) && redeliver.mutate({ deliveryId: delivery.id })}
          disabled={redeliver.isPending || !canRedeliver}
        >
          {redeliver.isPending ? "Queueing…" : "Redeliver"}
        </button>
      </div>
      <p className="truncate font-mono text-[11px] text-zinc-500" title={delivery.url}>
        {delivery.url}
      </p>
      {delivery.lastError && <p className="text-red-600">{delivery.lastError}</p>}
      {isGuardRefusal(delivery.lastError) && <RefusalHint />}
      {delivery.deliveredAt ? (
        <p className="text-zinc-500">
          delivered <LocalTime date={delivery.deliveredAt} />
        </p>
      ) : (
        delivery.status !== "failed" && (
          <p className="text-zinc-500">
            next attempt <LocalTime date={delivery.nextAttemptAt} />
          </p>
        )
      )}
      {redeliver.isError && <p className="text-red-600">{redeliver.error.message}</p>}
      {redeliver.isSuccess && <p className="text-emerald-600">Redelivery queued.</p>}
      <button type="button" className="text-sky-700 hover:underline dark:text-sky-400" onClick={() => setOpen((v) => !v)}>
        {open ? "Hide attempts" : "Show attempts"}
      </button>
      {open &&
        (attempts.isPending ? (
          <Skeleton className="h-10" />
        ) : attempts.isError ? (
          <p className="text-red-600">{attempts.error.message}</p>
        ) : attempts.data.length === 0 ? (
          <p className="text-zinc-500">No attempts yet.</p>
        ) : (
          <ol className="space-y-1">
            {attempts.data.map((a) => (
              <li key={a.id} className="rounded bg-zinc-50 px-2 py-1 dark:bg-zinc-900">
                #{a.attemptNumber} {a.manual ? "(manual) " : ""}
                <span className={a.outcome === "delivered" ? "text-emerald-600" : "text-red-600"}>{a.outcome}</span>
                {a.statusCode != null ? ` · HTTP ${a.statusCode}` : ""} · {a.durationMs} ms · <LocalTime date={a.startedAt} />
                {a.error && <span className="block text-red-600">{a.error}</span>}
              </li>
            ))}
          </ol>
        ))}
    </li>
  );
}
