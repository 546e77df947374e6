import type { Scope } from "@/server/scope";
import { findRun } from "./queries/runs";
import { sumRunUsage } from "./queries/usage";

export interface RunUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  stepCount: number;
  /** Prompt tokens served from a provider cache: OpenAI's cached_tokens plus Anthropic's cache_read_tokens. */
  cachedInputTokens: number;
  /** Anthropic's cache_creation_tokens. */
  cacheWriteTokens: number;
  reasoningTokens: number;
  promptTokensDetails: { cached_tokens: number; cache_read_tokens: number; cache_creation_tokens: number };
  completionTokensDetails: { reasoning_tokens: number };
}

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
    cachedInputTokens: cached + cacheRead,
    cacheWriteTokens: cacheCreation,
    reasoningTokens: reasoning,
    promptTokensDetails: { cached_tokens: cached, cache_read_tokens: cacheRead, cache_creation_tokens: cacheCreation },
    completionTokensDetails: { reasoning_tokens: reasoning },
  };
}
