import type { batches, runs } from "@/db/schema";
import type { Scope } from "@/server/scope";
import type { LettaMessage } from "@/server/letta/messages";
import { getRunUsage, listRunMessages } from "@/server/modules/runs";

type RunRow = typeof runs.$inferSelect;
type BatchRow = typeof batches.$inferSelect;

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** camelCase keys to snake_case and Dates to ISO strings, recursively: the wire shape of Letta's payloads. */
export function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [snake(k), toWire(v)]),
    );
  return value;
}

async function allRunMessages(scope: Scope, runId: string): Promise<LettaMessage[]> {
  const out: LettaMessage[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await listRunMessages(scope, { runId, ascending: true, after, limit: 1000 });
    out.push(...page.items);
    if (!page.nextCursor) return out;
    after = page.nextCursor;
  }
}

/**
 * Letta's callback body for a run: `run_id`, `status`, `completed_at` and `metadata` — the run's metadata plus
 * `result`, the LettaResponse (messages, stop reason, usage) — in snake_case. Built in the transaction that ends
 * the run (`scope.db` is that transaction), so it is the run as it ended.
 */
export async function buildRunPayload(scope: Scope, run: RunRow): Promise<Record<string, unknown>> {
  const [messages, usage] = [await allRunMessages(scope, run.id), await getRunUsage(scope, run.id)];
  return {
    run_id: run.id,
    status: run.status,
    completed_at: run.completedAt?.toISOString() ?? null,
    metadata: {
      ...(run.metadata ?? {}),
      result: {
        messages: toWire(messages),
        stop_reason: { message_type: "stop_reason", stop_reason: run.stopReason },
        usage: { message_type: "usage_statistics", ...(toWire(usage) as object) },
      },
    },
  };
}

/** The batch's body, in the same shape: `batch_id`, `status`, `completed_at`, `metadata` with the counts as `result`. */
export function buildBatchPayload(batch: BatchRow): Record<string, unknown> {
  return {
    batch_id: batch.id,
    status: batch.status,
    completed_at: batch.completedAt?.toISOString() ?? null,
    metadata: {
      ...(batch.metadata ?? {}),
      result: {
        request_count: batch.requestCount,
        completed_count: batch.completedCount,
        failed_count: batch.failedCount,
        cancelled_count: batch.cancelledCount,
      },
    },
  };
}
