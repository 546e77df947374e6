import { and, eq, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { steps } from "@/db/schema";
import { CACHED_INPUT_KEYS } from "@/server/letta";
import type { Scope } from "@/server/scope";

const detailOf = (column: AnyPgColumn, key: string) => sql`(${column}->>${key})::bigint`;
const detail = (column: AnyPgColumn, key: string) => sql<string>`coalesce(sum(${detailOf(column, key)}), 0)`;

/** Per step, the first non-zero of CACHED_INPUT_KEYS (server/letta/usage.ts: Letta's normalize_cache_tokens), summed. */
const cachedInput = sql<string>`coalesce(sum(coalesce(${sql.join(
  CACHED_INPUT_KEYS.map((key) => sql`nullif(${detailOf(steps.promptTokensDetails, key)}, 0)`),
  sql`, `,
)}, 0)), 0)`;

/** A run's token counts and providers' detail counts, summed over its steps in one query (sums as numbers). */
export async function sumRunUsage(scope: Scope, runId: string) {
  const [row] = await scope.db
    .select({
      promptTokens: sql<string>`coalesce(sum(${steps.promptTokens}), 0)`,
      completionTokens: sql<string>`coalesce(sum(${steps.completionTokens}), 0)`,
      totalTokens: sql<string>`coalesce(sum(${steps.totalTokens}), 0)`,
      stepCount: sql<string>`count(*)`,
      cachedInputTokens: cachedInput,
      cachedTokens: detail(steps.promptTokensDetails, "cached_tokens"),
      cacheReadTokens: detail(steps.promptTokensDetails, "cache_read_tokens"),
      cacheCreationTokens: detail(steps.promptTokensDetails, "cache_creation_tokens"),
      reasoningTokens: detail(steps.completionTokensDetails, "reasoning_tokens"),
    })
    .from(steps)
    .where(and(eq(steps.organizationId, scope.orgId), eq(steps.runId, runId)));
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Number(value)])) as Record<keyof typeof row, number>;
}
