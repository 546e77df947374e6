import { and, eq, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { steps } from "@/db/schema";
import type { Scope } from "@/server/scope";
import { findRun } from "./runs";

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

const detail = (column: AnyPgColumn, key: string) =>
  sql<string>`coalesce(sum((${column}->>${key})::bigint), 0)`;

/** Letta's usage normalisation across providers' detail objects, summed over the run's steps in one query. */
export async function getRunUsage(scope: Scope, runId: string): Promise<RunUsage> {
  await findRun(scope.db, scope, runId);
  const [row] = await scope.db
    .select({
      promptTokens: sql<string>`coalesce(sum(${steps.promptTokens}), 0)`,
      completionTokens: sql<string>`coalesce(sum(${steps.completionTokens}), 0)`,
      totalTokens: sql<string>`coalesce(sum(${steps.totalTokens}), 0)`,
      stepCount: sql<string>`count(*)`,
      cachedTokens: detail(steps.promptTokensDetails, "cached_tokens"),
      cacheReadTokens: detail(steps.promptTokensDetails, "cache_read_tokens"),
      cacheCreationTokens: detail(steps.promptTokensDetails, "cache_creation_tokens"),
      reasoningTokens: detail(steps.completionTokensDetails, "reasoning_tokens"),
    })
    .from(steps)
    .where(and(eq(steps.organizationId, scope.orgId), eq(steps.runId, runId)));
  const n = (v: string | number) => Number(v);
  const cached = n(row.cachedTokens);
  const cacheRead = n(row.cacheReadTokens);
  const cacheCreation = n(row.cacheCreationTokens);
  const reasoning = n(row.reasoningTokens);
  return {
    promptTokens: n(row.promptTokens),
    completionTokens: n(row.completionTokens),
    totalTokens: n(row.totalTokens),
    stepCount: n(row.stepCount),
    cachedInputTokens: cached + cacheRead,
    cacheWriteTokens: cacheCreation,
    reasoningTokens: reasoning,
    promptTokensDetails: { cached_tokens: cached, cache_read_tokens: cacheRead, cache_creation_tokens: cacheCreation },
    completionTokensDetails: { reasoning_tokens: reasoning },
  };
}
