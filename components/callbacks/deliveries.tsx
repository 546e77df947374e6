"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorNotice } from "@/components/ui/error-notice";
import { POLL_MS, th } from "./constants";
import { DeliveryRow } from "./delivery-row";
import { isGuardRefusal, RefusalHint } from "./refusal-hint";
import { CALLBACK_QUERIES } from "./queries";
import { REDELIVER_CONFIRM } from "@/components/ui/format";

/** The organization's outgoing callback deliveries, newest first; a row opens its attempts. */
export function Deliveries() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data } = useSuspenseQuery(
    trpc.callbacks.deliveries.queryOptions(CALLBACK_QUERIES.deliveries, { refetchInterval: POLL_MS }),
  );
  const [open, setOpen] = useState<string | null>(null);
  const redeliver = useMutation(
    trpc.callbacks.redeliver.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.callbacks.deliveries.queryKey() }),
    }),
  );
  if (data.items.length === 0)
    return (
      <EmptyState title="No callback deliveries yet">
        <p>Create a run with a callbackUrl; when it ends, its delivery shows up here.</p>
      </EmptyState>
    );
  const refused = data.items.filter((d) => isGuardRefusal(d.lastError)).length;
  return (
    <div className="overflow-x-auto">
      {refused > 0 && (
        <div className="p-3">
          <RefusalHint count={refused} />
        </div>
      )}
      {redeliver.error && <ErrorNotice error={redeliver.error} />}
      <table className="w-full min-w-[880px] text-left text-sm" data-testid="deliveries">
        <thead className="border-b border-zinc-200 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
          <tr>
            <th className={th}>Created</th>
            <th className={th}>Run</th>
            <th className={th}>Status</th>
            <th className={`${th} text-right`}>Attempts</th>
            <th className={th}>Last response</th>
            <th className={th}>Next attempt</th>
            <th className={th}>URL</th>
            <th className={th} />
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {data.items.map((d) => (
            <DeliveryRow
              key={d.id}
              delivery={d}
              open={open === d.id}
              onToggle={() => setOpen(open === d.id ? null : d.id)}
              redeliverPending={redeliver.isPending}
              onRedeliver={() => window.confirm(REDELIVER_CONFIRM(d.url)) && redeliver.mutate({ deliveryId: d.id })}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
