"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { RunDelivery } from "./run-delivery";
import { useRun } from "./use-run";

/** The run's callback deliveries (polled: a delivery is queued when the run ends). */
export function RunDeliveries({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const { data: run } = useRun(runId);
  const deliveries = useQuery({ ...trpc.callbacks.deliveries.queryOptions({ runId, limit: 20 }), refetchInterval: 5000 });
  return (
    <Card title="Callback deliveries">
      {deliveries.isPending ? (
        <div className="p-4">
          <Skeleton className="h-16" />
        </div>
      ) : deliveries.isError ? (
        <p className="p-4 text-xs text-red-600">{deliveries.error.message}</p>
      ) : deliveries.data.items.length === 0 ? (
        <EmptyState title={run.callbackUrl ? "No delivery yet" : "No callback URL"}>
          <p className="text-xs">
            {run.callbackUrl ? "A delivery is queued when the run ends." : "This run was created without a callback_url."}
          </p>
        </EmptyState>
      ) : (
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="deliveries">
          {deliveries.data.items.map((d) => (
            <RunDelivery key={d.id} delivery={d} />
          ))}
        </ul>
      )}
    </Card>
  );
}
