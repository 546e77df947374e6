import type { Metadata } from "next";
import { getQueryClient, getServerTrpc, HydrateClient } from "@/app/_lib/trpc-server";
import { AgentsView } from "@/components/agents/agents-view";
import { parseAnalyticsSearch } from "@/components/analytics/search";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Agents" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Thin adapter: the range from the URL, agent statistics prefetched and read by the client with the same key. */
export default async function AgentsPage({ searchParams }: Props) {
  const { filters } = parseAnalyticsSearch(await searchParams);
  const trpc = await getServerTrpc();
  void getQueryClient().prefetchQuery(trpc.analytics.agents.queryOptions(filters));
  return (
    <HydrateClient>
      <AgentsView filters={filters} />
    </HydrateClient>
  );
}
