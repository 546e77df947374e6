/** Letta's token usage of a run: `UsageStatistics` (GET /v1/runs/{id}/usage) and the `usage_statistics` message. */
import { z } from "zod";

/**
 * THE cached-input rule, Letta's normalize_cache_tokens (letta/schemas/usage.py): a step's cached input is the first of
 * these prompt_tokens_details keys that is non-zero — OpenAI's cached_tokens, else Anthropic's cache_read_tokens —
 * never their sum: Letta's own agent loop writes the same count under both keys. The run usage's SQL sum
 * (server/modules/runs/queries/usage.ts) is derived from this list.
 */
export const CACHED_INPUT_KEYS = ["cached_tokens", "cache_read_tokens"] as const;

/** A step's cached input tokens by the rule above; null when the step reports neither key. */
export function cachedInputTokensOf(details: Record<string, unknown> | null): number | null {
  const counts = CACHED_INPUT_KEYS.map((key) => details?.[key]).filter((v): v is number => typeof v === "number");
  if (counts.length === 0) return null;
  return counts.find((v) => v !== 0) ?? 0;
}

/** A run's usage summed over its steps, as the runs module computes it (runs.usage). */
export interface UsageSource {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  stepCount: number;
  /** Prompt tokens served from a provider cache, summed over steps of cachedInputTokensOf (never both keys of a step). */
  cachedInputTokens: number;
  /** Anthropic's cache_creation_tokens. */
  cacheWriteTokens: number;
  reasoningTokens: number;
  promptTokensDetails: { cached_tokens: number; cache_read_tokens: number; cache_creation_tokens: number };
  completionTokensDetails: { reasoning_tokens: number };
}

export const lettaRunUsage = z.object({
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
  total_tokens: z.number().int(),
  step_count: z.number().int(),
  prompt_tokens_details: z.object({
    cached_tokens: z.number().int(),
    cache_read_tokens: z.number().int(),
    cache_creation_tokens: z.number().int(),
  }),
  completion_tokens_details: z.object({ reasoning_tokens: z.number().int() }),
});
export type LettaRunUsage = z.output<typeof lettaRunUsage>;

export function toLettaRunUsage(usage: UsageSource): LettaRunUsage {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.totalTokens,
    step_count: usage.stepCount,
    prompt_tokens_details: { ...usage.promptTokensDetails },
    completion_tokens_details: { ...usage.completionTokensDetails },
  };
}

/** The usage item of a LettaResponse: /v1's usage plus Letta's normalised cache and reasoning counts. */
export const lettaUsageStatistics = lettaRunUsage.extend({
  message_type: z.literal("usage_statistics"),
  cached_input_tokens: z.number().int(),
  cache_write_tokens: z.number().int(),
  reasoning_tokens: z.number().int(),
});
export type LettaUsageStatistics = z.output<typeof lettaUsageStatistics>;

export function toLettaUsageStatistics(usage: UsageSource): LettaUsageStatistics {
  return {
    message_type: "usage_statistics",
    ...toLettaRunUsage(usage),
    cached_input_tokens: usage.cachedInputTokens,
    cache_write_tokens: usage.cacheWriteTokens,
    reasoning_tokens: usage.reasoningTokens,
  };
}
