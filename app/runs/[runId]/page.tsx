import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getQueryClient, getServerTrpc, HydrateClient } from "@/app/_lib/trpc-server";
import { AGENT_PERCENTILES, RUN_MESSAGES, RUN_STEPS } from "@/components/runs/queries";
import { RunDetail } from "@/components/run-detail/run-detail";
import { DomainError } from "@/server/errors";
import { idOf } from "@/server/lib/common-schemas";
import { cancelRun } from "@/app/runs/actions";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ runId: string }> }): Promise<Metadata> {
  const { runId } = await params;
  return { title: `Run ${runId.slice(4, 12)}` };
}

export default async function RunPage({ params }: { params: Promise<{ runId: string }> }) {
  const { runId } = await params;
  if (!idOf("run").safeParse(runId).success) notFound();
  const trpc = await getServerTrpc();
  const queryClient = getQueryClient();
  let agentId: string;
  try {
    // Awaited: the agent's percentiles need the run's agent.
    agentId = (await queryClient.fetchQuery(trpc.runs.get.queryOptions({ runId }))).agentId;
  } catch (error) {
    // Unknown or another org's run: the same 404 either way.
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof DomainError && cause.code === "NOT_FOUND") notFound();
    if ((error as { code?: string }).code === "NOT_FOUND") notFound();
    throw error;
  }
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
