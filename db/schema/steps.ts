import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { agents } from "./agents";
import { feedbackEnum, messageRoleEnum, stepStatusEnum, stopReasonEnum } from "./enums";
import { organizations } from "./organizations";
import { runs } from "./runs";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const steps = pgTable(
  "steps",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    projectId: text("project_id"),
    agentId: text("agent_id").references(() => agents.id, { onDelete: "cascade" }),
    // runs.delete deletes the run's steps and messages itself, as Letta's ORM cascade does (deleteRunRow in
    // server/modules/runs/queries/runs.ts); `set null` is only the database's fallback.
    runId: text("run_id").references(() => runs.id, { onDelete: "set null" }),
    origin: text("origin"),
    providerId: text("provider_id"),
    providerName: text("provider_name"),
    providerCategory: text("provider_category"),
    model: text("model"),
    modelEndpoint: text("model_endpoint"),
    contextWindowLimit: integer("context_window_limit"),
    completionTokens: integer("completion_tokens").notNull().default(0),
    promptTokens: integer("prompt_tokens").notNull().default(0),
    totalTokens: integer("total_tokens").notNull().default(0),
    completionTokensDetails: jsonb("completion_tokens_details").$type<Record<string, unknown>>(),
    promptTokensDetails: jsonb("prompt_tokens_details").$type<Record<string, unknown>>(),
    stopReason: stopReasonEnum("stop_reason"),
    tags: text("tags")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    tid: text("tid"),
    traceId: text("trace_id"),
    requestId: text("request_id"),
    feedback: feedbackEnum("feedback"),
    errorType: text("error_type"),
    errorData: jsonb("error_data").$type<Record<string, unknown>>(),
    status: stepStatusEnum("status").notNull().default("pending"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
    createdById: text("created_by_id"),
    lastUpdatedById: text("last_updated_by_id"),
  },
  (t) => [
    index("steps_org_run_created_idx").on(t.organizationId, t.runId, t.createdAt, t.id),
    index("steps_org_created_idx").on(t.organizationId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("steps_org_agent_created_idx").on(
      t.organizationId,
      t.agentId,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index("steps_org_model_created_idx").on(t.organizationId, t.model, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("steps_org_trace_idx")
      .on(t.organizationId, t.traceId)
      .where(sql`${t.traceId} is not null`),
    index("steps_org_feedback_created_idx")
      .on(t.organizationId, t.feedback, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.feedback} is not null`),
    index("steps_tags_idx").using("gin", t.tags),
    // Not org-scoped on purpose: the foreign-key triggers of a run delete look steps up by run_id alone
    // (test/perf/delete-plans.test.ts); without it each deleted run scans the whole table.
    index("steps_run_fk_idx")
      .on(t.runId)
      .where(sql`${t.runId} is not null`),
  ],
);

export const stepMetrics = pgTable(
  "step_metrics",
  {
    id: text("id")
      .primaryKey()
      .references(() => steps.id, { onDelete: "cascade" }),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    runId: text("run_id"),
    agentId: text("agent_id"),
    projectId: text("project_id"),
    providerId: text("provider_id"),
    stepStart: timestamptz("step_start"),
    llmRequestStart: timestamptz("llm_request_start"),
    llmRequestNs: bigint("llm_request_ns", { mode: "number" }),
    toolExecutionNs: bigint("tool_execution_ns", { mode: "number" }),
    stepNs: bigint("step_ns", { mode: "number" }),
    baseTemplateId: text("base_template_id"),
    templateId: text("template_id"),
  },
  (t) => [index("step_metrics_org_run_idx").on(t.organizationId, t.runId)],
);

export type ToolCall = { id: string; name: string; arguments: string };
export type ToolReturn = {
  type?: "tool";
  tool_call_id: string;
  status: "success" | "error";
  func_response: string;
  stdout?: string[];
  stderr?: string[];
};
/** A user's answer to an approval request (Letta's ApprovalReturn), kept in an approval message's tool_returns. */
export type ApprovalReturn = { type: "approval"; tool_call_id: string; approve: boolean; reason?: string | null };
/** Letta's content parts we keep: text, reasoning, and reasoning a provider redacted (opaque data) or omitted. */
export type ContentPart =
  { type: "text" | "reasoning"; text: string } | { type: "redacted_reasoning"; data: string } | { type: "omitted_reasoning" };

export const messages = pgTable(
  "messages",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    agentId: text("agent_id").references(() => agents.id, { onDelete: "cascade" }),
    // Deleted with the run by runs.delete (as Letta); `set null` is only the database's fallback.
    runId: text("run_id").references(() => runs.id, { onDelete: "set null" }),
    stepId: text("step_id").references(() => steps.id, { onDelete: "set null" }),
    role: messageRoleEnum("role").notNull(),
    content: jsonb("content").$type<ContentPart[]>(),
    toolCalls: jsonb("tool_calls").$type<ToolCall[]>(),
    // Letta's tool_returns, and on an approval response its `approvals` (approval and tool returns).
    toolReturns: jsonb("tool_returns").$type<(ToolReturn | ApprovalReturn)[]>(),
    toolCallId: text("tool_call_id"),
    name: text("name"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("messages_org_run_created_idx").on(t.organizationId, t.runId, t.createdAt, t.id),
    index("messages_org_step_idx").on(t.organizationId, t.stepId),
    // For the foreign-key triggers of run and step deletes, which look messages up without the organization.
    index("messages_run_fk_idx")
      .on(t.runId)
      .where(sql`${t.runId} is not null`),
    index("messages_step_fk_idx")
      .on(t.stepId)
      .where(sql`${t.stepId} is not null`),
  ],
);
