import type { UsageSource } from "@/server/letta";
import type { Scope } from "@/server/scope";
import { findRun } from "./queries/runs";
import { sumRunUsage } from "./queries/usage";

/** The run's usage in the shape the Letta wire mapping renders (server/letta/usage.ts declares it once). */
export type RunUsage = UsageSource;

/** Letta's usage normalisation across providers' detail objects, summed over the run's steps. */
export async function getRunUsage(scope: Scope, runId: string): Promise<RunUsage> {
  await findRun(scope.db, scope, runId);
  const row = await sumRunUsage(scope, runId);
  const { cachedTokens: cached, cacheReadTokens: cacheRead, cacheCreationTokens: cacheCreation } = row;
  const reasoning = row.reasoningTokens;
  return {
    promptTokens: row.promptTokens,
    completionTokens: row.completionTokens,
    totalTokens: row.totalTokens,
    stepCount: row.stepCount,
    cachedInputTokens: row.cachedInputTokens,
    cacheWriteTokens: cacheCreation,
    reasoningTokens: reasoning,
    promptTokensDetails: { cached_tokens: cached, cache_read_tokens: cacheRead, cache_creation_tokens: cacheCreation },
    completionTokensDetails: { reasoning_tokens: reasoning },
  };
}
