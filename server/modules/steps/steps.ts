import {
  and,
  arrayContains,
  eq,
  gte,
  inArray,
  isNotNull,
  isNull,
  lte,
  sql,
  type Query,
  type SQL,
} from "drizzle-orm";
import { columnList, columnNames, decodeRow, executePrepared, jsonParameter, renderQuery, type Db } from "@/db/client";
import { isTerminalStatus, stepMetrics, steps, TERMINAL_RUN_STATUSES, type ContentPart, type RunStatus } from "@/db/schema";
import { badRequest, conflict, notFound, type DomainError } from "@/server/errors";
import { newId } from "@/server/ids";
import { MAX_TOKEN_COUNT, type Page } from "@/server/lib/common-schemas";
import type {
  CreateStepInput,
  ListStepsInput,
  MessageInput,
  SetFeedbackInput,
  UpdateStepInput,
} from "./schemas";
import type { Scope } from "@/server/scope";
import { keysetPage, type KeysetSpec } from "@/server/lib/keyset";
import { findRun } from "@/server/modules/runs";

export type StepRow = typeof steps.$inferSelect;
export type Step = Omit<StepRow, "organizationId">;

export function toStep(row: StepRow): Step {
  const { organizationId: _org, ...step } = row;
  return step;
}

const FINISHED_STEP_STATUSES = new Set(["success", "failed", "cancelled"]);

async function findStep(db: Db, scope: Scope, stepId: string, forUpdate = false): Promise<StepRow> {
  const query = db
    .select()
    .from(steps)
    .where(and(eq(steps.organizationId, scope.orgId), eq(steps.id, stepId)));
  const [row] = forUpdate ? await query.for("update") : await query;
  if (!row) throw notFound("step", stepId, "stepId");
  return row;
}

function contentParts(content: MessageInput["content"]): ContentPart[] | null {
  if (content === undefined) return null;
  return typeof content === "string" ? [{ type: "text", text: content }] : content;
}

/** A total the integer column can hold (prompt + completion of two valid counts may not fit). */
function checkedTotalTokens(total: number): number {
  if (total > MAX_TOKEN_COUNT)
    throw badRequest("totalTokens", `must be at most ${MAX_TOKEN_COUNT} (promptTokens + completionTokens when not given)`);
  return total;
}

/**
 * Creates a step, its step_metrics row and its messages in ONE statement (see createStepSql): the happy path is one
 * round trip, with no BEGIN/COMMIT, and all or nothing. When the statement inserts nothing, the run it locked (or,
 * if it locked none, the run as it is now) tells which refusal applies: NOT_FOUND, CONFLICT or BAD_REQUEST.
 * The first step of a run takes a second statement, the one that also moves the run to running.
 */
export async function createStep(scope: Scope, input: CreateStepInput): Promise<Step> {
  const totalTokens = checkedTotalTokens(input.totalTokens ?? input.promptTokens + input.completionTokens);
  const values = createStepValues(scope, input, totalTokens);
  if (!input.runId) {
    const { step } = await runCreateStep(scope.db, shapeOf("agent", input), values);
    if (!step) throw notFound("agent", input.agentId!, "agentId");
    return toStep(step);
  }
  // Most steps find their run running, and this statement only locks it: an UPDATE in the statement, even one
  // that matches no row, costs about a fifth of its time.
  const running = await runCreateStep(scope.db, shapeOf("run", input), values);
  if (running.step) return toStep(running.step);
  if (!running.run) return startRunWithStep(scope, input.runId, input, values);
  throw createRefusal(input.runId, input.agentId, running.run) ?? new Error(`run ${input.runId} took no step`);
}

/** The first step of a created or pending run moves it to running (or the run is missing, or changed meanwhile). */
async function startRunWithStep(scope: Scope, runId: string, input: CreateStepInput, values: CreateStepValues): Promise<Step> {
  const shape = shapeOf("start", input);
  const first = await runCreateStep(scope.db, shape, values);
  if (first.step) return toStep(first.step);
  const refusal = createRefusal(runId, input.agentId, first.run ?? (await findRun(scope.db, scope, runId)));
  if (refusal) throw refusal;
  // The run's status changed between the statement's snapshot and its lock (see runOwnerSql): again, with the row
  // locked first so that nothing changes under the statement. Same ids: the first attempt wrote nothing.
  return scope.db.transaction(async (tx) => {
    await findRun(tx, scope, runId, { forUpdate: true });
    const again = await runCreateStep(tx, shape, values);
    if (again.step) return toStep(again.step);
    throw (again.run && createRefusal(runId, input.agentId, again.run)) ?? new Error(`run ${runId} changed while locked`);
  });
}

type RunOwner = { status: RunStatus; agentId: string };

/** Why the run refuses the step, in this order; null when it does not (a concurrent change won a race). */
function createRefusal(runId: string, agentId: string | undefined, run: RunOwner): DomainError | null {
  // Also right for a run read after the statement: a terminal status is final, so the step comes after the end.
  if (isTerminalStatus(run.status))
    return conflict(`runId: run ${runId} is already ${run.status}; steps can no longer be added`, "runId");
  if (agentId && agentId !== run.agentId) return badRequest("agentId", `run ${runId} belongs to agent ${run.agentId}, not ${agentId}`);
  return null;
}

/** The step the statement inserted, or the run it locked and that refused it (no row: it locked none). */
async function runCreateStep(db: Db, shape: CreateStepShape, values: CreateStepValues) {
  const [row] = await executePrepared<Record<string, unknown>>(db, shape, CREATE_STEP_QUERIES[shape], values);
  return {
    step: row?.id == null ? null : decodeRow(steps, row),
    run: row?.run_status == null ? null : ({ status: row.run_status, agentId: row.run_agent_id } as RunOwner),
  };
}

/** The placeholders of the create statement. */
interface CreateStepValues {
  [name: string]: unknown;
  orgId: string;
  runId: string | null;
  agentId: string | null;
  actor: string;
  now: string;
  /** The steps row as jsonb_populate_record reads it: column names → values (see STEP_INPUT). */
  step: string;
  timings: string;
  messages: string;
}

function createStepValues(scope: Scope, input: CreateStepInput, totalTokens: number): CreateStepValues {
  const step: Partial<StepRow> = {
    id: newId("step"),
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
    runId: input.runId ?? null,
    agentId: input.agentId ?? null,
    actor: scope.actor,
    now: new Date().toISOString(),
    step: recordJson(STEP_INPUT, step),
    timings: recordJson(TIMING_INPUT, input.timings ?? {}),
    messages: messageRecords(input.messages),
  };
}

/** The step's messages as jsonb_populate_recordset reads them (created_at only when given: see createStepSql). */
function messageRecords(list: MessageInput[]): string {
  return jsonParameter(
    list.map((m) => ({
      id: newId("message"),
      role: m.role,
      content: contentParts(m.content),
      tool_calls: m.toolCalls ?? null,
      tool_returns: m.toolReturns ?? null,
      tool_call_id: m.toolCallId ?? m.toolReturns?.[0]?.tool_call_id ?? null,
      name: m.name ?? null,
      created_at: m.createdAt ?? null,
    })),
  );
}

/** The steps columns a new step takes from the input (agent_id and project_id come from the run or the agent). */
const STEP_INPUT = columnNames(steps, [
  "id", "organizationId", "runId", "origin", "providerId", "providerName", "providerCategory", "model", "modelEndpoint",
  "contextWindowLimit", "promptTokens", "completionTokens", "totalTokens", "promptTokensDetails", "completionTokensDetails",
  "stopReason", "tags", "tid", "traceId", "requestId", "status", "errorType", "errorData", "createdById", "lastUpdatedById",
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
type StepOwner = "agent" | "run" | "start";
type CreateStepShape = `steps.create.${StepOwner}${"" | ".messages"}`;
const shapeOf = (owner: StepOwner, input: CreateStepInput): CreateStepShape =>
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
function runOwnerSql(start: boolean): SQL {
  const self = sql`organization_id = ${param("orgId")} and id = ${param("runId")}`;
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
      where organization_id = ${param("orgId")} and id = ${param("agentId")}
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
    )${messages}
    select ${columnList(STEP_OUTPUT.map(([, name]) => name), "s.")}${outcome}`;
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
const CREATE_STEP_QUERIES = Object.fromEntries(
  SHAPES.map((shape) => [shape, renderQuery(createStepSql(shape))]),
) as Record<CreateStepShape, Query>;

export async function updateStep(scope: Scope, input: UpdateStepInput): Promise<Step> {
  return scope.db.transaction(async (tx) => {
    const step = await findStep(tx, scope, input.stepId, true);
    if (input.status && FINISHED_STEP_STATUSES.has(step.status) && input.status !== step.status)
      throw conflict(`status: step ${step.id} is already ${step.status}; it cannot become ${input.status}`, "status");
    const patch: Partial<StepRow> = { updatedAt: new Date(), lastUpdatedById: scope.actor };
    if (input.status) patch.status = input.status;
    if (input.errorType !== undefined) patch.errorType = input.errorType;
    if (input.errorData !== undefined) patch.errorData = input.errorData;
    if (input.stopReason !== undefined) patch.stopReason = input.stopReason;
    if (input.promptTokens !== undefined) patch.promptTokens = input.promptTokens;
    if (input.completionTokens !== undefined) patch.completionTokens = input.completionTokens;
    if (input.promptTokensDetails) patch.promptTokensDetails = input.promptTokensDetails;
    if (input.completionTokensDetails) patch.completionTokensDetails = input.completionTokensDetails;
    if (input.totalTokens !== undefined) patch.totalTokens = input.totalTokens;
    else if (input.promptTokens !== undefined || input.completionTokens !== undefined)
      patch.totalTokens = checkedTotalTokens((patch.promptTokens ?? step.promptTokens) + (patch.completionTokens ?? step.completionTokens));
    const [updated] = await tx
      .update(steps)
      .set(patch)
      .where(and(eq(steps.organizationId, scope.orgId), eq(steps.id, step.id)))
      .returning();
    if (input.timings && Object.keys(input.timings).length) {
      await tx
        .update(stepMetrics)
        .set(input.timings)
        .where(and(eq(stepMetrics.organizationId, scope.orgId), eq(stepMetrics.id, step.id)));
    }
    return toStep(updated);
  });
}

export async function getStep(scope: Scope, stepId: string): Promise<Step> {
  return toStep(await findStep(scope.db, scope, stepId));
}

export async function setStepFeedback(scope: Scope, input: SetFeedbackInput): Promise<Step> {
  return scope.db.transaction(async (tx) => {
    await findStep(tx, scope, input.stepId, true);
    const patch: Partial<StepRow> = { feedback: input.feedback, updatedAt: new Date(), lastUpdatedById: scope.actor };
    if (input.tags) patch.tags = [...new Set(input.tags)];
    const [updated] = await tx
      .update(steps)
      .set(patch)
      .where(and(eq(steps.organizationId, scope.orgId), eq(steps.id, input.stepId)))
      .returning();
    return toStep(updated);
  });
}

const stepKeyset: KeysetSpec = {
  table: steps,
  orgColumn: steps.organizationId,
  idColumn: steps.id,
  sortKey: steps.createdAt,
  sortKeyType: "timestamptz",
  entity: "step",
};

export function stepFilterConditions(scope: Scope, input: ListStepsInput): SQL[] {
  const conditions: SQL[] = [eq(steps.organizationId, scope.orgId)];
  if (input.runId) conditions.push(eq(steps.runId, input.runId));
  if (input.agentId) conditions.push(eq(steps.agentId, input.agentId));
  if (input.projectId) conditions.push(eq(steps.projectId, input.projectId));
  if (input.model) conditions.push(eq(steps.model, input.model));
  if (input.tags?.length) conditions.push(arrayContains(steps.tags, input.tags));
  if (input.feedback) conditions.push(eq(steps.feedback, input.feedback));
  if (input.hasFeedback !== undefined) conditions.push(input.hasFeedback ? isNotNull(steps.feedback) : isNull(steps.feedback));
  if (input.traceIds?.length) conditions.push(inArray(steps.traceId, input.traceIds));
  if (input.startDate) conditions.push(gte(steps.createdAt, input.startDate));
  if (input.endDate) conditions.push(lte(steps.createdAt, input.endDate));
  return conditions;
}

/** A step's timings from step_metrics (ns; starts as timestamps), read with the list in one join. */
export interface StepTimings {
  stepStart: Date | null;
  llmRequestStart: Date | null;
  llmRequestNs: number | null;
  toolExecutionNs: number | null;
  stepNs: number | null;
}
export type StepListItem = Step & { timings: StepTimings | null };

export async function listSteps(scope: Scope, input: ListStepsInput): Promise<Page<StepListItem>> {
  // Listing the steps of an unknown run is an error, not an empty page (as Letta's runs/{id}/steps).
  if (input.runId) await findRun(scope.db, scope, input.runId);
  const conditions = stepFilterConditions(scope, input);
  return keysetPage(scope, stepKeyset, input, async (seek, orderBy, limit) => {
    const rows = await scope.db
      .select({
        step: steps,
        timings: {
          stepStart: stepMetrics.stepStart,
          llmRequestStart: stepMetrics.llmRequestStart,
          llmRequestNs: stepMetrics.llmRequestNs,
          toolExecutionNs: stepMetrics.toolExecutionNs,
          stepNs: stepMetrics.stepNs,
        },
      })
      .from(steps)
      .leftJoin(stepMetrics, and(eq(stepMetrics.organizationId, steps.organizationId), eq(stepMetrics.id, steps.id)))
      .where(and(...conditions, ...seek))
      .orderBy(...orderBy)
      .limit(limit);
    return rows.map((row) => ({ ...toStep(row.step), timings: row.timings }));
  });
}

