import type { Metadata } from "next";
import { getQueryClient, getServerTrpc, HydrateClient } from "@/app/_lib/trpc-server";
import { AGENT_PERCENTILES, RUN_MESSAGES, RUN_STEPS } from "@/components/runs/queries";
import { RunDetail } from "@/components/run-detail/run-detail";
import { cancelRun } from "@/app/runs/actions";
import { runOr404 } from "./run-or-404";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ runId: string }> }): Promise<Metadata> {
  const { runId } = await params;
  return { title: `Run ${runId.slice(4, 12)}` };
}

export default async function RunPage({ params }: { params: Promise<{ runId: string }> }) {
  const { runId } = await params;
  const trpc = await getServerTrpc();
  const queryClient = getQueryClient();
  // Awaited before anything streams (no loading.tsx above this page: a Suspense boundary would send 200 first), so a
  // missing run answers HTTP 404 with ./not-found.tsx; the agent's percentiles also need the run's agent.
  const { agentId } = await runOr404(runId);
  void queryClient.prefetchQuery(trpc.agents.get.queryOptions({ agentId }));
  void queryClient.prefetchQuery(trpc.runs.usage.queryOptions({ runId }));
  void queryClient.prefetchQuery(trpc.steps.list.queryOptions(RUN_STEPS(runId)));
  void queryClient.prefetchQuery(trpc.runs.messages.queryOptions(RUN_MESSAGES(runId)));
  void queryClient.prefetchQuery(trpc.runs.requestConfig.queryOptions({ runId }));
  void queryClient.prefetchQuery(trpc.metrics.percentiles.queryOptions(AGENT_PERCENTILES(agentId, "duration")));
  void queryClient.prefetchQuery(trpc.metrics.percentiles.queryOptions(AGENT_PERCENTILES(agentId, "ttft")));
  return (
    <HydrateClient>
      <RunDetail runId={runId} cancelRun={cancelRun} />
    </HydrateClient>
  );
}
