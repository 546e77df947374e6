import type { Metadata } from "next";
import { getQueryClient, getServerTrpc, HydrateClient } from "@/app/_lib/trpc-server";
import { AnalyticsView } from "@/components/analytics/analytics-view";
import { analyticsInputs } from "@/components/analytics/inputs";
import { parseAnalyticsSearch } from "@/components/analytics/search";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Analytics" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Thin adapter: URL → analytics inputs, prefetched here, read by the client with the same keys. */
export default async function AnalyticsPage({ searchParams }: Props) {
  const search = parseAnalyticsSearch(await searchParams);
  const inputs = analyticsInputs(search);
  const trpc = await getServerTrpc();
  const queryClient = getQueryClient();
  void queryClient.prefetchQuery(trpc.analytics.percentiles.queryOptions(inputs.percentiles));
  void queryClient.prefetchQuery(trpc.analytics.stopReasons.queryOptions(inputs.stopReasons));
  void queryClient.prefetchQuery(trpc.analytics.ttftSplit.queryOptions(inputs.ttftSplit));
  void queryClient.prefetchQuery(trpc.analytics.agents.queryOptions(inputs.agents));
  void queryClient.prefetchQuery(trpc.agents.list.queryOptions(inputs.agentOptions));
  return (
    <HydrateClient>
      <AnalyticsView search={search} />
    </HydrateClient>
  );
}
