/**
 * steps.create's one statement: the step, its step_metrics row and its messages inserted together, with the run it
 * belongs to locked (or moved to running) in the same statement. Rendered once per shape, run as named prepared
 * statements. Raw SQL: data-modifying CTEs reading each other's rows; as `$with` builders the statement would be split
 * into objects that re-declare each CTE's columns.
 */
import { sql, type Query, type SQL } from "drizzle-orm";
import { columnList, columnNames, decodeRow, executePrepared, jsonParameter, renderQuery, type Db } from "@/db/client";
import {
  stepMetrics,
  steps,
  TERMINAL_RUN_STATUSES,
  type ApprovalReturn,
  type ContentPart,
  type RunStatus,
  type ToolReturn,
} from "@/db/schema";
import { newId } from "@/server/ids";
import type { Scope } from "@/server/scope";
import type { CreateStepInput, MessageInput } from "../schemas";
import type { StepRow } from "../step";
import { runMetricsSql } from "./run-metrics-of-step";

function contentParts(content: MessageInput["content"]): ContentPart[] | null {
  if (content === undefined) return null;
  return typeof content === "string" ? [{ type: "text", text: content }] : content;
}

export type RunOwner = { status: RunStatus; agentId: string };

/** The step the statement inserted, or the run it locked and that refused it (no row: it locked none). */
export async function runCreateStep(db: Db, shape: CreateStepShape, values: CreateStepValues) {
  const [row] = await executePrepared<Record<string, unknown>>(db, shape, CREATE_STEP_QUERIES[shape], values);
  return {
    step: row?.id == null ? null : decodeRow(steps, row),
    run: row?.run_status == null ? null : ({ status: row.run_status, agentId: row.run_agent_id } as RunOwner),
  };
}

/** The placeholders of the create statement. */
export interface CreateStepValues {
  [name: string]: unknown;
  orgId: string;
  /** A project-bound key's project: its run or agent must be of that project (server/lib/visible.ts). */
  projectId: string | null;
  runId: string | null;
  agentId: string | null;
  actor: string;
  now: string;
  /** The steps row as jsonb_populate_record reads it: column names → values (see STEP_INPUT). */
  step: string;
  timings: string;
  messages: string;
}

export function createStepValues(scope: Scope, input: CreateStepInput, totalTokens: number): CreateStepValues {
  const step: Partial<StepRow> = {
    id: input.id ?? newId("step"),
    organizationId: scope.orgId,
    runId: input.runId ?? null,
    origin: input.origin,
    providerId: input.providerId,
    providerName: input.providerName,
    providerCategory: input.providerCategory,
    model: input.model,
    modelEndpoint: input.modelEndpoint,
    contextWindowLimit: input.contextWindowLimit,
    promptTokens: input.promptTokens,
    completionTokens: input.completionTokens,
    totalTokens,
    promptTokensDetails: input.promptTokensDetails,
    completionTokensDetails: input.completionTokensDetails,
    stopReason: input.stopReason,
    tags: input.tags,
    tid: input.tid,
    traceId: input.traceId,
    requestId: input.requestId,
    status: input.status,
    errorType: input.errorType,
    errorData: input.errorData,
    createdById: scope.actor,
    lastUpdatedById: scope.actor,
  };
  return {
    orgId: scope.orgId,
    projectId: scope.projectId,
    runId: input.runId ?? null,
    agentId: input.agentId ?? null,
    actor: scope.actor,
    now: new Date().toISOString(),
    step: recordJson(STEP_INPUT, step),
    timings: recordJson(TIMING_INPUT, input.timings ?? {}),
    messages: messageRecords(input.messages),
  };
}

/** tool_returns as stored: an approval response's approvals (as Letta's ApprovalReturn), then its tool returns. */
function returnsOf(m: MessageInput): (ToolReturn | ApprovalReturn)[] | null {
  if (!m.approvals?.length) return m.toolReturns ?? null;
  return [...m.approvals.map((a) => ({ type: "approval" as const, ...a })), ...(m.toolReturns ?? [])];
}

/** The step's messages as jsonb_populate_recordset reads them (created_at only when given: see createStepSql). */
function messageRecords(list: MessageInput[]): string {
  return jsonParameter(
    list.map((m) => ({
      id: newId("message"),
      role: m.role,
      content: contentParts(m.content),
      tool_calls: m.toolCalls ?? null,
      tool_returns: returnsOf(m),
      tool_call_id: m.toolCallId ?? m.approvals?.[0]?.tool_call_id ?? m.toolReturns?.[0]?.tool_call_id ?? null,
      name: m.name ?? null,
      created_at: m.createdAt ?? null,
    })),
  );
}

/** The steps columns a new step takes from the input (agent_id and project_id come from the run or the agent). */
const STEP_INPUT = columnNames(steps, [
  "id",
  "organizationId",
  "runId",
  "origin",
  "providerId",
  "providerName",
  "providerCategory",
  "model",
  "modelEndpoint",
  "contextWindowLimit",
  "promptTokens",
  "completionTokens",
  "totalTokens",
  "promptTokensDetails",
  "completionTokensDetails",
  "stopReason",
  "tags",
  "tid",
  "traceId",
  "requestId",
  "status",
  "errorType",
  "errorData",
  "createdById",
  "lastUpdatedById",
]);
const TIMING_INPUT = columnNames(stepMetrics, ["stepStart", "llmRequestStart", "llmRequestNs", "toolExecutionNs", "stepNs"]);
/** Every column of steps, listed rather than `*`: a prepared statement's result type must not change when one is added. */
const STEP_OUTPUT = columnNames(steps);

/** Values by column name, as jsonb_populate_record reads them (absent ones are null; Dates become ISO strings). */
function recordJson(columns: readonly (readonly [string, string])[], values: Record<string, unknown>): string {
  const record: Record<string, unknown> = {};
  for (const [key, name] of columns) record[name] = values[key] ?? null;
  return jsonParameter(record);
}

/** Where a step's agent comes from: its agent, its running run, or a run it starts (created or pending). */
export type StepOwner = "agent" | "run" | "start";
export type CreateStepShape = `steps.create.${StepOwner}${"" | ".messages"}`;
export const shapeOf = (owner: StepOwner, input: CreateStepInput): CreateStepShape =>
  `steps.create.${owner}${input.messages.length ? ".messages" : ""}`;

const param = (name: keyof CreateStepValues & string) => sql.placeholder(name);
const TERMINAL = sql.raw(TERMINAL_RUN_STATUSES.map((s) => `'${s}'`).join(", "));

/**
 * CTEs ending in `owner` (the agent_id, project_id and base_template_id a new step takes; no row when the run
 * refuses it) and `run` (the run row as locked; no row when the run is missing, not running — without `start` —
 * or changed under the statement).
 *
 * Locks: steps of one run need not wait for each other, only for the run ending. A step that commits before
 * finalizeRun locks the run (FOR UPDATE) is counted in its num_steps; one that comes after waits for that
 * transaction and then sees the terminal status. So a running run is locked FOR SHARE, which conflicts with
 * FOR UPDATE and not with itself. With `start`, a created or pending run is moved to running by an UPDATE instead,
 * whose row lock serves: locking the row FOR SHARE and then updating it would deadlock two first steps. Which of
 * the two applies is decided on the snapshot; if a concurrent writer changes the status before the lock is
 * granted, neither matches the current row and `run` is empty (createStep then looks the run up, and retries).
 */
// The visibility rule (server/lib/visible.ts) spelled in SQL: the statement text is prepared once for every scope.
const IN_PROJECT = sql`(${param("projectId")}::text is null or project_id = ${param("projectId")})`;

function runOwnerSql(start: boolean): SQL {
  const self = sql`organization_id = ${param("orgId")} and id = ${param("runId")} and ${IN_PROJECT}`;
  const agentMatches = sql`agent_id = coalesce(${param("agentId")}::text, agent_id)`;
  const held = sql`held as (
      select status, agent_id, project_id, base_template_id from runs
      where ${self} and status not in ('created', 'pending')
      for share
    )`;
  const run = start
    ? sql`bumped as (
      update runs set status = 'running', updated_at = ${param("now")}::timestamptz, last_updated_by_id = ${param("actor")}
      where ${self} and status in ('created', 'pending') and ${agentMatches}
      returning status, agent_id, project_id, base_template_id
    ), ${held}, run as (
      select * from bumped union all select * from held
    )`
    : sql`${held}, run as (
      select * from held
    )`;
  return sql`${run}, owner as (
      select agent_id, project_id, base_template_id from run where status not in (${TERMINAL}) and ${agentMatches}
    )`;
}

/** A step without a run belongs to its agent (and the agent's project). */
function agentOwnerSql(): SQL {
  return sql`owner as (
      select id as agent_id, project_id, null::text as base_template_id from agents
      where organization_id = ${param("orgId")} and id = ${param("agentId")} and ${IN_PROJECT}
    )`;
}

/** The create statement of one shape: the owner's CTEs, then the inserts, then the step and the run it locked. */
function createStepSql(shape: CreateStepShape): SQL {
  const owner = shape.split(".")[2] as StepOwner;
  const withRun = owner !== "agent";
  const stepColumns = STEP_INPUT.map(([, name]) => name);
  // Messages without a time are spread by a millisecond each from now, or from just after the run's latest
  // message if that is later: the run's history reads back in the order it was written, even when a step
  // follows the previous one within the milliseconds its messages took.
  const messages = shape.endsWith(".messages")
    ? sql`, latest as (
      select max(created_at) as created_at from messages where organization_id = ${param("orgId")} and run_id = ${param("runId")}
    ), msgs as (
      insert into messages (id, organization_id, agent_id, run_id, step_id, role, content, tool_calls, tool_returns,
                            tool_call_id, name, created_at)
      select m.id, s.organization_id, s.agent_id, s.run_id, s.id, m.role, m.content, m.tool_calls, m.tool_returns,
             m.tool_call_id, m.name,
             coalesce(m.created_at, greatest(${param("now")}::timestamptz, l.created_at + interval '1 millisecond')
                                    + (m.ordinality - 1) * interval '1 millisecond')
      from step s, latest l, jsonb_populate_recordset(null::messages, ${param("messages")}::jsonb) with ordinality m
    )`
    : sql``;
  const metrics = withRun ? runMetricsSql(shape.endsWith(".messages")) : sql``;
  // No row when nothing was inserted and (with a run) no run was locked.
  const outcome = withRun
    ? sql`, r.status as run_status, r.agent_id as run_agent_id from run r left join step s on true`
    : sql` from step s`;
  return sql`with ${withRun ? runOwnerSql(owner === "start") : agentOwnerSql()}, step as (
      insert into steps (agent_id, project_id, ${columnList(stepColumns)})
      select o.agent_id, o.project_id, ${columnList(stepColumns, "v.")}
      from owner o, jsonb_populate_record(null::steps, ${param("step")}::jsonb) v
      returning ${columnList(STEP_OUTPUT.map(([, name]) => name))}
    ), timing as (
      insert into step_metrics (id, organization_id, run_id, agent_id, project_id, provider_id, base_template_id,
                                step_start, llm_request_start, llm_request_ns, tool_execution_ns, step_ns)
      select s.id, s.organization_id, s.run_id, s.agent_id, s.project_id, s.provider_id, o.base_template_id,
             coalesce(t.step_start, s.created_at), t.llm_request_start, t.llm_request_ns, t.tool_execution_ns, t.step_ns
      from step s, owner o, jsonb_populate_record(null::step_metrics, ${param("timings")}::jsonb) t
    )${messages}${metrics}
    select ${columnList(
      STEP_OUTPUT.map(([, name]) => name),
      "s.",
    )}${outcome}`;
}

const SHAPES: CreateStepShape[] = [
  "steps.create.agent",
  "steps.create.agent.messages",
  "steps.create.run",
  "steps.create.run.messages",
  "steps.create.start",
  "steps.create.start.messages",
];
/** Rendered once: each shape has one text, so it can be a named prepared statement. */
const CREATE_STEP_QUERIES = Object.fromEntries(SHAPES.map((shape) => [shape, renderQuery(createStepSql(shape))])) as Record<
  CreateStepShape,
  Query
>;
