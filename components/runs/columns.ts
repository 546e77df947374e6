/**
 * ONE column catalogue for the runs table: the table renders from it (by `type`), the column picker
 * lists it, the URL codec reads and writes `cols=` with its ids, and the export route takes its values.
 */
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/root";

/** A row of `runs.list` as the client reads it (superjson keeps its Dates). */
export type RunListItem = inferRouterOutputs<AppRouter>["runs"]["list"]["items"][number];

export type ColumnType = "id" | "status" | "text" | "mono" | "date" | "duration" | "number" | "callback" | "boolean";

export interface RunColumn {
  id: string;
  label: string;
  type: ColumnType;
  /** The `orderBy` this column sorts by, if any. */
  sortable?: "created_at" | "duration";
  defaultVisible: boolean;
  /** The cell's raw value: rendered by type in the table, written as-is in exports. */
  value: (run: RunListItem) => string | number | boolean | Date | null;
}

export type CallbackState = "none" | "waiting" | "pending" | "delivered" | "failed";

/** Delivery state from the run's Letta callback fields (mirrors of the latest attempt). */
export function callbackState(
  run: Pick<RunListItem, "callbackUrl" | "callbackSentAt" | "callbackStatusCode" | "callbackError" | "completedAt" | "status">,
): CallbackState {
  if (!run.callbackUrl) return "none";
  const code = run.callbackStatusCode;
  if (code != null && code >= 200 && code < 300) return "delivered";
  if (run.callbackSentAt || run.callbackError || code != null) return "failed";
  return run.completedAt ? "pending" : "waiting";
}

export const RUN_COLUMNS: RunColumn[] = [
  { id: "id", label: "Run", type: "id", defaultVisible: true, value: (r) => r.id },
  { id: "status", label: "Status", type: "status", defaultVisible: true, value: (r) => r.status },
  { id: "agent", label: "Agent", type: "text", defaultVisible: true, value: (r) => r.agentName },
  { id: "stopReason", label: "Stop reason", type: "mono", defaultVisible: true, value: (r) => r.stopReason },
  { id: "createdAt", label: "Created", type: "date", sortable: "created_at", defaultVisible: true, value: (r) => r.createdAt },
  {
    id: "duration",
    label: "Duration",
    type: "duration",
    sortable: "duration",
    defaultVisible: true,
    value: (r) => r.totalDurationNs,
  },
  { id: "ttft", label: "TTFT", type: "duration", defaultVisible: false, value: (r) => r.ttftNs },
  { id: "steps", label: "Steps", type: "number", defaultVisible: true, value: (r) => r.numSteps },
  { id: "tokens", label: "Tokens", type: "number", defaultVisible: true, value: (r) => r.totalTokens },
  { id: "callback", label: "Callback", type: "callback", defaultVisible: true, value: (r) => callbackState(r) },
  { id: "completedAt", label: "Completed", type: "date", defaultVisible: false, value: (r) => r.completedAt },
  { id: "background", label: "Background", type: "boolean", defaultVisible: false, value: (r) => r.background },
  { id: "conversationId", label: "Conversation", type: "mono", defaultVisible: false, value: (r) => r.conversationId },
  { id: "templateFamily", label: "Template", type: "mono", defaultVisible: false, value: (r) => r.baseTemplateId },
  { id: "agentId", label: "Agent id", type: "mono", defaultVisible: false, value: (r) => r.agentId },
  { id: "projectId", label: "Project id", type: "mono", defaultVisible: false, value: (r) => r.projectId },
  { id: "callbackStatusCode", label: "Callback HTTP", type: "number", defaultVisible: false, value: (r) => r.callbackStatusCode },
];

export const COLUMN_BY_ID = new Map(RUN_COLUMNS.map((c) => [c.id, c]));
export const DEFAULT_COLS = RUN_COLUMNS.filter((c) => c.defaultVisible).map((c) => c.id);

/** `cols=a,b,c` → known ids in catalogue order; absent or empty → the defaults. */
export function parseCols(value: string | null | undefined): string[] {
  if (!value) return DEFAULT_COLS;
  const wanted = new Set(value.split(","));
  const cols = RUN_COLUMNS.filter((c) => wanted.has(c.id)).map((c) => c.id);
  return cols.length ? cols : DEFAULT_COLS;
}

/** Column ids → the `cols` URL value, or null when they are the defaults (keeps URLs short). */
export function encodeCols(ids: string[]): string | null {
  const ordered = RUN_COLUMNS.filter((c) => ids.includes(c.id)).map((c) => c.id);
  return ordered.join(",") === DEFAULT_COLS.join(",") ? null : ordered.join(",");
}
