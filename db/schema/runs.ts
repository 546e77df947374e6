import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { agents } from "./agents";
import { batchStatusEnum, runStatusEnum, stopReasonEnum } from "./enums";
import { organizations, projects } from "./organizations";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const batches = pgTable(
  "batches",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    projectId: text("project_id").references(() => projects.id, { onDelete: "set null" }),
    status: batchStatusEnum("status").notNull().default("running"),
    requestCount: integer("request_count").notNull(),
    completedCount: integer("completed_count").notNull().default(0),
    failedCount: integer("failed_count").notNull().default(0),
    cancelledCount: integer("cancelled_count").notNull().default(0),
    metadata: jsonb("metadata").$type<Record<string, unknown>>(),
    callbackUrl: text("callback_url"),
    callbackSentAt: timestamptz("callback_sent_at"),
    callbackStatusCode: integer("callback_status_code"),
    callbackError: text("callback_error"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    completedAt: timestamptz("completed_at"),
    createdById: text("created_by_id"),
  },
  (t) => [index("batches_org_created_idx").on(t.organizationId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst())],
);

export const runs = pgTable(
  "runs",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    projectId: text("project_id").references(() => projects.id, { onDelete: "set null" }),
    agentId: text("agent_id")
      .notNull()
      .references(() => agents.id, { onDelete: "cascade" }),
    batchId: text("batch_id").references(() => batches.id, { onDelete: "set null" }),
    status: runStatusEnum("status").notNull().default("created"),
    stopReason: stopReasonEnum("stop_reason"),
    // Letta's ORM defaults it to false; a NULL would be skipped by both `background=true` and `=false` filters.
    background: boolean("background").notNull().default(false),
    metadata: jsonb("metadata").$type<Record<string, unknown>>(),
    requestConfig: jsonb("request_config").$type<Record<string, unknown>>(),
    conversationId: text("conversation_id"),
    baseTemplateId: text("base_template_id"),
    callbackUrl: text("callback_url"),
    callbackSentAt: timestamptz("callback_sent_at"),
    callbackStatusCode: integer("callback_status_code"),
    callbackError: text("callback_error"),
    ttftNs: bigint("ttft_ns", { mode: "number" }),
    // Mirrors run_metrics.run_ns once terminal so duration filters and ordering need no join.
    totalDurationNs: bigint("total_duration_ns", { mode: "number" }),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
    completedAt: timestamptz("completed_at"),
    createdById: text("created_by_id"),
    lastUpdatedById: text("last_updated_by_id"),
  },
  (t) => [
    // DESC NULLS FIRST is what `order by x desc` means: drizzle's default DESC NULLS LAST cannot serve it (nor its
    // backward scan `asc`), and Postgres then sorts the whole org. NOT NULL columns do not change that.
    // total_duration_ns last: it cannot change the order (id is unique), but a duration condition (a percentile's
    // threshold, a duration filter) is then checked on the index entry, so only matching runs are read from the heap.
    // Completions change the duration, and the duration index already makes them non-HOT: no extra write cost.
    index("runs_org_created_idx").on(
      t.organizationId,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
      t.totalDurationNs,
    ),
    index("runs_org_agent_created_idx").on(
      t.organizationId,
      t.agentId,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
      t.totalDurationNs,
    ),
    index("runs_org_status_created_idx").on(
      t.organizationId,
      t.status,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index("runs_org_project_created_idx").on(
      t.organizationId,
      t.projectId,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index("runs_org_stop_reason_created_idx").on(
      t.organizationId,
      t.stopReason,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    // Same expression as RUN_DURATION_SORT_KEY in server/modules/runs/queries/run-list.ts (NULL as bigint max: last
    // ascending; descending, the list reads the no-duration runs as a second range of this index, so they stay last).
    index("runs_org_duration_idx").on(t.organizationId, sql`coalesce(total_duration_ns, 9223372036854775807)`, t.id),
    index("runs_org_agent_duration_idx").on(
      t.organizationId,
      t.agentId,
      sql`coalesce(total_duration_ns, 9223372036854775807)`,
      t.id,
    ),
    index("runs_org_conversation_idx")
      .on(t.organizationId, t.conversationId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.conversationId} is not null`),
    index("runs_org_template_idx")
      .on(t.organizationId, t.baseTemplateId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.baseTemplateId} is not null`),
    index("runs_batch_idx")
      .on(t.batchId)
      .where(sql`${t.batchId} is not null`),
  ],
);

export const runMetrics = pgTable(
  "run_metrics",
  {
    id: text("id")
      .primaryKey()
      .references(() => runs.id, { onDelete: "cascade" }),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    projectId: text("project_id"),
    agentId: text("agent_id").notNull(),
    baseTemplateId: text("base_template_id"),
    runStart: timestamptz("run_start").notNull(),
    runNs: bigint("run_ns", { mode: "number" }),
    numSteps: integer("num_steps").notNull().default(0),
    // Tool ids, as Letta records them (the API's output; the tool filter reads run_tools).
    toolsUsed: text("tools_used")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
  },
  (t) => [index("run_metrics_org_steps_idx").on(t.organizationId, t.numSteps)],
);

/**
 * One row per (run, tool it used): run_metrics.tools_used unnested, written by the steps.create that names
 * the tool (and checked again by the statement that ends the run).
 * `created_at` is a copy of the run's (copied in SQL, never through a JS Date, which would drop microseconds), so
 * the primary key lists an org's runs of one tool newest first and `runs.list({ toolsUsed: [tool] })` reads one
 * page of it instead of every run that used the tool (see listRuns, which orders that list by this copy). A run's
 * created_at never changes once written; whatever changed it would have to move these rows with it.
 */
export const runTools = pgTable(
  "run_tools",
  {
    organizationId: text("organization_id").notNull(),
    toolId: text("tool_id").notNull(),
    createdAt: timestamptz("created_at").notNull(),
    runId: text("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ name: "run_tools_pkey", columns: [t.organizationId, t.toolId, t.createdAt, t.runId] }),
    // For the cascade from runs (deleting a run looks its rows up by run_id alone), and for the EXISTS probe of
    // one run that a filter on several tools, or one tool ordered by duration, makes per candidate run.
    index("run_tools_run_idx").on(t.runId),
  ],
);
