"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { OPEN_RUN_STATUSES } from "@/db/schema/enums";

/** Statuses of a run that may still change: its page polls while the run is in one of them. */
export const OPEN = new Set<string>(OPEN_RUN_STATUSES);
export const POLL_MS = 4000;

export function useRun(runId: string) {
  const trpc = useTRPC();
  return useSuspenseQuery({
    ...trpc.runs.get.queryOptions({ runId }),
    // While the run is open its page follows it.
    refetchInterval: (q) => (q.state.data && OPEN.has(q.state.data.status) ? POLL_MS : false),
  });
}
