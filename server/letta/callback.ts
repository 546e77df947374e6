/**
 * Letta's callback body for a run: `run_id`, `status`, `completed_at` and `metadata` — the run's metadata plus
 * `result`, the LettaResponse (messages, stop reason, usage). Every part is written by the mapping /v1 uses, so a
 * message reads the same in a callback as from GET /v1/runs/{id}/messages.
 */
import { toLettaMessagesOnWire, type LettaMessageOnWire } from "./message-wire";
import type { LettaMessage } from "./messages";
import { toLettaRunStatus, type LettaRunStatus, type RunSource } from "./run";
import { toLettaUsageStatistics, type LettaUsageStatistics, type UsageSource } from "./usage";
import { iso } from "./wire";

export interface LettaRunCallback {
  run_id: string;
  status: LettaRunStatus;
  completed_at: string | null;
  metadata: Record<string, unknown> & {
    result: {
      messages: LettaMessageOnWire[];
      stop_reason: { message_type: "stop_reason"; stop_reason: RunSource["stopReason"] };
      usage: LettaUsageStatistics;
    };
  };
}

export function toLettaRunCallback(run: RunSource, messages: LettaMessage[], usage: UsageSource): LettaRunCallback {
  return {
    run_id: run.id,
    status: toLettaRunStatus(run.status),
    completed_at: iso(run.completedAt),
    metadata: {
      ...(run.metadata ?? {}),
      result: {
        messages: toLettaMessagesOnWire(messages),
        stop_reason: { message_type: "stop_reason", stop_reason: run.stopReason },
        usage: toLettaUsageStatistics(usage),
      },
    },
  };
}
