import { pgEnum } from "drizzle-orm/pg-core";

// Value lists mirror Letta's enums so rows and wire payloads round-trip unchanged.
export const RUN_STATUSES = ["created", "running", "completed", "failed", "cancelled", "pending", "expired"] as const;
export const TERMINAL_RUN_STATUSES = ["completed", "failed", "cancelled", "expired"] as const;
export const STOP_REASONS = [
  "end_turn",
  "error",
  "llm_api_error",
  "invalid_llm_response",
  "invalid_tool_call",
  "max_steps",
  "max_tokens_exceeded",
  "no_tool_call",
  "tool_rule",
  "cancelled",
  "insufficient_credits",
  "requires_approval",
  "context_window_overflow_in_system_prompt",
] as const;
export const STEP_STATUSES = ["pending", "success", "failed", "cancelled"] as const;
export const FEEDBACK_VALUES = ["positive", "negative"] as const;
export const MESSAGE_ROLES = ["system", "user", "assistant", "tool", "approval"] as const;
export const BATCH_STATUSES = ["running", "completed"] as const;

export type RunStatus = (typeof RUN_STATUSES)[number];
export type StopReason = (typeof STOP_REASONS)[number];
export type StepStatus = (typeof STEP_STATUSES)[number];
export type Feedback = (typeof FEEDBACK_VALUES)[number];
export type MessageRole = (typeof MESSAGE_ROLES)[number];

export const runStatusEnum = pgEnum("run_status", RUN_STATUSES);
export const stopReasonEnum = pgEnum("stop_reason", STOP_REASONS);
export const stepStatusEnum = pgEnum("step_status", STEP_STATUSES);
export const feedbackEnum = pgEnum("feedback", FEEDBACK_VALUES);
export const messageRoleEnum = pgEnum("message_role", MESSAGE_ROLES);
export const batchStatusEnum = pgEnum("batch_status", BATCH_STATUSES);

// The one home of "open" and "cancellable": the server's SQL conditions (server/modules/runs/queries) and the UI
// derive from these.
export type TerminalRunStatus = (typeof TERMINAL_RUN_STATUSES)[number];
export type OpenRunStatus = Exclude<RunStatus, TerminalRunStatus>;

export function isTerminalStatus(status: RunStatus): status is TerminalRunStatus {
  return (TERMINAL_RUN_STATUSES as readonly string[]).includes(status);
}

/** Not ended yet (created, running or pending): Letta's `active`; a batch is done when it has none. */
export const OPEN_RUN_STATUSES = RUN_STATUSES.filter((s): s is OpenRunStatus => !isTerminalStatus(s));

export function isOpenStatus(status: RunStatus): status is OpenRunStatus {
  return !isTerminalStatus(status);
}

/** The one exception to "terminal is final": a run paused for approval may still be cancelled. */
export function isAwaitingApproval(run: { status: RunStatus; stopReason: StopReason | null }): boolean {
  return run.status === "completed" && run.stopReason === "requires_approval";
}

/** What cancelling would change: an open run, or one awaiting approval. */
export function isCancellable(run: { status: RunStatus; stopReason: StopReason | null }): boolean {
  return isOpenStatus(run.status) || isAwaitingApproval(run);
}
