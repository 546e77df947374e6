import "server-only";
import { notFound } from "next/navigation";
import { getQueryClient, getServerTrpc } from "@/app/_lib/trpc-server";
import { DomainError } from "@/server/errors";
import { idOf } from "@/server/lib/common-schemas";

/**
 * The run of this request, or Next's not-found (HTTP 404): an unknown id and another org's run answer alike. Read
 * through the request's query client, so the page's hydrated cache holds it.
 */
export async function runOr404(runId: string) {
  if (!idOf("run").safeParse(runId).success) notFound();
  const trpc = await getServerTrpc();
  try {
    return await getQueryClient().fetchQuery(trpc.runs.get.queryOptions({ runId }));
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof DomainError && cause.code === "NOT_FOUND") notFound();
    if ((error as { code?: string }).code === "NOT_FOUND") notFound();
    throw error;
  }
}
