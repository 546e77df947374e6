/**
 * THE run-filter catalogue: every filter of `runs.list`, declared once. Derived from it:
 * - the zod input `listRunsInput` (schemas.ts) and a saved view's fields (views/schemas.ts, from listRunsInput);
 * - the SQL conditions (queries/run-filter.ts: one builder per key, its type makes the map exhaustive);
 * - the runs URL codec, the filter bar's controls and the export route's parameters (components/runs/run-search.ts);
 * - Letta's list_runs query parameters and their translation (rest-inputs.ts).
 * Client-safe: components import it (no server-only imports here).
 */
import { z } from "zod";
import { RUN_STATUSES, STOP_REASONS } from "@/db/schema/enums";
import { dateInput, durationNs, idOf, runStatus, stopReason, text } from "@/server/lib/common-schemas";

export const COMPARISON_OPERATORS = ["eq", "gte", "lte"] as const;
export const DURATION_OPERATORS = ["gt", "lt", "eq"] as const;

export const viewIdInput = z.string().regex(/^view-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, {
  message: "must be a view id: 'view-' followed by a UUID",
});

/** How the runs URL spells a value (the URL codec decodes and encodes by kind). */
export type UrlKind = "list" | "boolean" | "number" | "string" | "duration";

export interface RunFilterDef {
  schema: z.ZodType;
  /** Its runs-URL (and export) parameter, named as the filter; absent: not a URL parameter. */
  url?: UrlKind;
  /** Its control in the filter bar (the bar lists these in catalogue order); absent: not in the bar. */
  control?: { label: string; control: string; options?: readonly string[] };
  /** Letta's list_runs query parameters it reads (snake_case), each with its description; absent: not on /v1. */
  rest?: Record<string, string>;
}

// Catalogue order is the filter bar's order.
export const RUN_FILTERS = {
  statuses: {
    schema: z.array(runStatus).max(10).optional(),
    url: "list",
    control: { label: "Status", control: "chips", options: RUN_STATUSES },
    rest: { statuses: "Only runs with one of these statuses (repeat the key)" },
  },
  agentIds: {
    schema: z.array(idOf("agent")).max(1000).optional(),
    url: "list",
    control: { label: "Agent", control: "agents" },
    rest: { agent_ids: "Deprecated: runs of any of these agents" },
  },
  stopReason: {
    schema: stopReason.optional(),
    url: "string",
    control: { label: "Stop reason", control: "select", options: STOP_REASONS },
    rest: { stop_reason: "Only runs that stopped for this reason" },
  },
  /** Letta's `active`: true = open runs (created, running or pending), when no `statuses` are given. */
  active: {
    schema: z.boolean().optional(),
    url: "boolean",
    control: { label: "Open runs only", control: "tristate" },
    rest: { active: "true: only created or running runs (ignored when statuses is given)" },
  },
  background: {
    schema: z.boolean().optional(),
    url: "boolean",
    control: { label: "Background", control: "tristate" },
    rest: { background: "Only runs created (true) or not created (false) in background mode" },
  },
  startDate: {
    schema: dateInput.optional(),
    url: "string",
    control: { label: "Created from", control: "datetime" },
    rest: { start_date: "Only runs created at or after this time" },
  },
  endDate: {
    schema: dateInput.optional(),
    url: "string",
    control: { label: "Created to", control: "datetime" },
    rest: { end_date: "Only runs created at or before this time" },
  },
  stepCount: {
    schema: z.number().int().min(0).max(1_000_000).optional(),
    url: "number",
    control: { label: "Steps", control: "steps" },
    rest: { step_count: "Compare the run's number of steps with this (see step_count_operator)" },
  },
  durationFilter: {
    schema: z.object({ value: durationNs, operator: z.enum(DURATION_OPERATORS) }).optional(),
    url: "duration",
    control: { label: "Duration (ms)", control: "duration" },
    rest: {
      duration_value: "Duration in nanoseconds; requires duration_operator",
      duration_operator: "gt, lt or eq; requires duration_value",
    },
  },
  durationPercentile: {
    schema: z.number().min(0).max(100).optional(),
    url: "number",
    control: { label: "Duration ≥ percentile", control: "number" },
    rest: { duration_percentile: "Only runs whose total duration is at or above this percentile (0-100) of the filtered runs" },
  },
  conversationId: {
    schema: text(200).optional(),
    url: "string",
    control: { label: "Conversation", control: "text" },
    rest: { conversation_id: "Only runs of this conversation" },
  },
  templateFamily: {
    schema: text(200).optional(),
    url: "string",
    control: { label: "Template", control: "text" },
    rest: { template_family: "Only runs whose base_template_id is this" },
  },
  projectId: {
    schema: idOf("project").optional(),
    url: "string",
    control: { label: "Project id", control: "text" },
    rest: { project_id: "Only runs of this project" },
  },
  toolsUsed: {
    schema: z.array(idOf("tool")).max(100).optional(),
    url: "list",
    control: { label: "Tool ids (comma)", control: "text" },
    rest: { tools_used: "Only runs that used any of these tool ids" },
  },
  runId: { schema: idOf("run").optional(), url: "string", control: { label: "Run id", control: "text" } },
  /** Only these runs (the live list re-reads its visible open rows; bulk actions preview a selection). */
  runIds: { schema: z.array(idOf("run")).max(1000).optional() },
  /** A saved view: its filters apply, and each filter given here overrides the view's. */
  viewId: { schema: viewIdInput.optional(), url: "string" },
  agentId: {
    schema: idOf("agent").optional(),
    url: "string",
    rest: { agent_id: "Only runs of this agent (takes precedence over agent_ids)" },
  },
  stepCountOperator: {
    schema: z.enum(COMPARISON_OPERATORS).default("eq"),
    url: "string",
    rest: { step_count_operator: "eq (default), gte or lte" },
  },
} as const satisfies Record<string, RunFilterDef>;

export type RunFilterKey = keyof typeof RUN_FILTERS;
export const RUN_FILTER_KEYS = Object.keys(RUN_FILTERS) as RunFilterKey[];

/** The zod shape of the filters, key by key (listRunsInput spreads it). */
export const runFilterShape = Object.fromEntries(RUN_FILTER_KEYS.map((key) => [key, RUN_FILTERS[key].schema])) as {
  [K in RunFilterKey]: (typeof RUN_FILTERS)[K]["schema"];
};
