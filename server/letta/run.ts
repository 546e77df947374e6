/**
 * Letta's run shapes: `Run`, `RunMetrics` and the cancel result, as zod schemas (they type the mappers' results and
 * document /v1/openapi.json), and the one mapper from our rows to each. Callback payloads use the same mapping.
 */
import { z } from "zod";
import type { runMetrics, runs } from "@/db/schema";
import { STOP_REASONS, type RunStatus } from "@/db/schema/enums";
import { epochNs } from "@/server/http/rest-json";
import { LETTA_MESSAGE_TYPES } from "./messages";
import { epochNanoseconds, iso, jsonRecord, nullableInt, nullableString, timestamp } from "./wire";

/** A run as the modules hand it out (its row without the organization). */
export type RunSource = Omit<typeof runs.$inferSelect, "organizationId">;

/** Letta's RunStatus. Our `pending` (queued, not started) is reported as `created`, `expired` as `failed`. */
export const LETTA_RUN_STATUSES = ["created", "running", "completed", "failed", "cancelled"] as const;
export type LettaRunStatus = (typeof LETTA_RUN_STATUSES)[number];
const RUN_STATUS_ON_WIRE: Record<RunStatus, LettaRunStatus> = {
  created: "created",
  pending: "created",
  running: "running",
  completed: "completed",
  failed: "failed",
  expired: "failed",
  cancelled: "cancelled",
};
export const toLettaRunStatus = (status: RunStatus): LettaRunStatus => RUN_STATUS_ON_WIRE[status];

/** The stored statuses a Letta status filter means (the inverse of the mapping above). */
export const RUN_STATUSES_FOR_WIRE_STATUS: Record<RunStatus, RunStatus[]> = {
  created: ["created", "pending"],
  running: ["running"],
  completed: ["completed"],
  failed: ["failed", "expired"],
  cancelled: ["cancelled"],
  pending: ["pending"],
  expired: ["expired"],
};

export const lettaRequestConfig = z
  .object({
    use_assistant_message: z.boolean(),
    assistant_message_tool_name: z.string(),
    assistant_message_tool_kwarg: z.string(),
    include_return_message_types: z.array(z.enum(LETTA_MESSAGE_TYPES)).nullable(),
  })
  .catchall(z.unknown());
type LettaRequestConfig = z.output<typeof lettaRequestConfig>;

/**
 * The defaults of Letta's LettaRequestConfig (letta/schemas/job.py; DEFAULT_MESSAGE_TOOL and
 * DEFAULT_MESSAGE_TOOL_KWARG in letta/constants.py): Letta's pydantic model always writes all four keys.
 */
export const LETTA_REQUEST_CONFIG_DEFAULTS: LettaRequestConfig = {
  use_assistant_message: true,
  assistant_message_tool_name: "send_message",
  assistant_message_tool_kwarg: "message",
  include_return_message_types: null,
};

export const lettaRun = z.object({
  id: z.string(),
  agent_id: z.string(),
  status: z.enum(LETTA_RUN_STATUSES),
  stop_reason: z.enum(STOP_REASONS).nullable(),
  background: z.boolean(),
  conversation_id: nullableString,
  base_template_id: nullableString,
  metadata: jsonRecord.nullable(),
  request_config: lettaRequestConfig.nullable(),
  callback_url: nullableString,
  callback_sent_at: timestamp.nullable(),
  callback_status_code: nullableInt,
  callback_error: nullableString,
  created_at: timestamp,
  completed_at: timestamp.nullable(),
  total_duration_ns: nullableInt,
  ttft_ns: nullableInt,
});
export type LettaRun = z.output<typeof lettaRun>;

export function toLettaRun(run: RunSource): LettaRun {
  return {
    id: run.id,
    agent_id: run.agentId,
    status: toLettaRunStatus(run.status),
    stop_reason: run.stopReason,
    background: run.background,
    conversation_id: run.conversationId,
    base_template_id: run.baseTemplateId,
    metadata: run.metadata,
    // Stored only after validation by requestConfigInput (server/modules/runs/schemas.ts), which has these fields.
    // A run without one stays null, as Letta's Run.request_config (Optional, default None).
    request_config: run.requestConfig && {
      ...LETTA_REQUEST_CONFIG_DEFAULTS,
      ...(run.requestConfig as Partial<LettaRequestConfig>),
    },
    callback_url: run.callbackUrl,
    callback_sent_at: iso(run.callbackSentAt),
    callback_status_code: run.callbackStatusCode,
    callback_error: run.callbackError,
    created_at: run.createdAt.toISOString(),
    completed_at: iso(run.completedAt),
    total_duration_ns: run.totalDurationNs,
    ttft_ns: run.ttftNs,
  };
}

export const lettaRunMetrics = z.object({
  id: z.string(),
  agent_id: z.string(),
  project_id: nullableString,
  run_start_ns: epochNanoseconds,
  run_ns: nullableInt,
  num_steps: z.number().int(),
  tools_used: z.array(z.string()),
  template_id: nullableString,
  base_template_id: nullableString,
});
export type LettaRunMetrics = z.output<typeof lettaRunMetrics>;

type RunMetricsRow = typeof runMetrics.$inferSelect;
/** A run's metrics as the percentiles module reads them (run_metrics, keyed by the run's id). */
export type RunMetricsSource = Pick<
  RunMetricsRow,
  "agentId" | "projectId" | "baseTemplateId" | "runNs" | "numSteps" | "toolsUsed"
> & {
  runId: string;
  runStart: Date | null;
};

export function toLettaRunMetrics<M extends RunMetricsSource>(metrics: M): LettaRunMetrics {
  return {
    id: metrics.runId,
    agent_id: metrics.agentId,
    project_id: metrics.projectId,
    run_start_ns: epochNs(metrics.runStart),
    run_ns: metrics.runNs,
    num_steps: metrics.numSteps,
    tools_used: metrics.toolsUsed,
    template_id: null,
    base_template_id: metrics.baseTemplateId,
  };
}

/** Letta's answer to POST /v1/agents/{agent_id}/messages/cancel: each run id → "cancelled" | "failed". */
export const lettaCancelResult = z.record(z.string(), z.enum(["cancelled", "failed"]));
export type LettaCancelResult = z.output<typeof lettaCancelResult>;

/** A cancel receipt as the runs module returns it (the other fields are not on Letta's wire). */
export type CancelSource = { results: { runId: string; outcome: string }[] };

/**
 * Letta's map over the ids asked for, in their order: an id the receipt does not report as found (unknown, another
 * organization's, or never sent because it was malformed) is "failed", as Letta reports a run whose cancel raised.
 * Cancelling a run that already ended is a no-op that Letta still reports as "cancelled".
 */
export function toLettaCancelResult<R extends CancelSource>(runIds: string[], receipt: R | undefined): LettaCancelResult {
  const outcome = new Map(receipt?.results.map((r) => [r.runId, r.outcome]));
  return Object.fromEntries(
    runIds.map((id) => [id, outcome.has(id) && outcome.get(id) !== "not_found" ? ("cancelled" as const) : ("failed" as const)]),
  );
}
