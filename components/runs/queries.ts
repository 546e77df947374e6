/** Inputs used by both the RSC prefetch and the client read, so their query keys are identical. */
export const AGENTS_FOR_FILTER = { limit: 1000 } as const;
export const VIEWS_LIST = { limit: 200 } as const;
export const RUN_STEPS = (runId: string) => ({ runId, ascending: true, limit: 1000 });
export const RUN_MESSAGES = (runId: string) => ({ runId, ascending: true, limit: 1000 });
export const AGENT_PERCENTILES = (agentId: string, field: "duration" | "ttft") => ({
  agentIds: [agentId],
  field,
  percentiles: [50, 95],
  statuses: ["completed" as const],
});
