import type { Metadata } from "next";
import { getQueryClient, getServerTrpc, HydrateClient } from "@/app/_lib/trpc-server";
import { CallbacksView } from "@/components/callbacks/callbacks-view";
import { CALLBACK_QUERIES } from "@/components/callbacks/queries";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Callbacks" };

/** Thin adapter: deliveries, endpoints, inbox and the signing secret prefetched; the client reads the same keys. */
export default async function CallbacksPage() {
  const trpc = await getServerTrpc();
  const queryClient = getQueryClient();
  void queryClient.prefetchQuery(trpc.callbacks.deliveries.queryOptions(CALLBACK_QUERIES.deliveries));
  void queryClient.prefetchQuery(trpc.callbacks.endpoints.list.queryOptions(CALLBACK_QUERIES.endpoints));
  void queryClient.prefetchQuery(trpc.callbacks.received.queryOptions(CALLBACK_QUERIES.received));
  void queryClient.prefetchQuery(trpc.callbacks.signingSecret.queryOptions(undefined));
  void queryClient.prefetchQuery(trpc.analytics.callbacks.queryOptions(CALLBACK_QUERIES.health));
  return (
    <HydrateClient>
      <CallbacksView />
    </HydrateClient>
  );
}
