"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { EmptyState } from "@/components/ui/empty-state";
import { POLL_MS } from "./constants";
import { CALLBACK_QUERIES } from "./queries";
import { ReceivedItem } from "./received-item";

/** Callbacks received by this organization's endpoints (each verified before it was stored), newest first. */
export function Inbox() {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(
    trpc.callbacks.received.queryOptions(CALLBACK_QUERIES.received, { refetchInterval: POLL_MS }),
  );
  const { data: endpoints } = useSuspenseQuery(trpc.callbacks.endpoints.list.queryOptions(CALLBACK_QUERIES.endpoints));
  const names = new Map(endpoints.items.map((e) => [e.id, e.name]));
  if (data.items.length === 0)
    return (
      <EmptyState title="Nothing received yet">
        <p>Point a run&apos;s callbackUrl at one of your endpoint URLs; verified callbacks land here.</p>
      </EmptyState>
    );
  return (
    <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="inbox">
      {data.items.map((item) => (
        <ReceivedItem key={item.id} item={item} endpointName={names.get(item.endpointId) ?? item.endpointId} />
      ))}
    </ul>
  );
}
