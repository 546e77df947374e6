/** Letta's token usage of a run: `UsageStatistics` (GET /v1/runs/{id}/usage) and the `usage_statistics` message. */
import { z } from "zod";

/** A run's usage summed over its steps, as the runs module computes it (runs.usage). */
export interface UsageSource {
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
