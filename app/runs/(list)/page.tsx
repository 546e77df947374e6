import type { Metadata } from "next";
import { getQueryClient, getServerTrpc, HydrateClient } from "@/app/_lib/trpc-server";
import { RunsExplorer } from "@/components/runs/runs-explorer";
import { AGENTS_FOR_FILTER, VIEWS_LIST } from "@/components/runs/queries";
import { parseRunSearch } from "@/components/runs/run-search";
import { cancelMatchingRuns, cancelRuns } from "@/app/runs/actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Runs" };

export default async function RunsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // The same codec as the client hook: the prefetched key is the key the table reads.
  const search = parseRunSearch(await searchParams);
  const trpc = await getServerTrpc();
  const queryClient = getQueryClient();
  // Awaited: the table reads it with useQuery (to keep the previous rows while a new filter loads), which does not
  // suspend on a pending prefetch, so the first HTML would otherwise hold a skeleton instead of the runs.
  await queryClient.prefetchQuery(trpc.runs.list.queryOptions(search.input));
  void queryClient.prefetchQuery(trpc.agents.list.queryOptions(AGENTS_FOR_FILTER));
  void queryClient.prefetchQuery(trpc.views.list.queryOptions(VIEWS_LIST));
  return (
    <HydrateClient>
      <RunsExplorer actions={{ cancelRuns, cancelMatchingRuns }} />
    </HydrateClient>
  );
}
