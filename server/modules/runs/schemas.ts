import { z } from "zod";
import { LETTA_MESSAGE_TYPES } from "@/server/letta/messages";
import {
  dateInput,
  durationNs,
  idOf,
  instantInput,
  jsonObject,
  limitInput,
  runStatus,
  stopReason,
  text,
} from "@/server/lib/common-schemas";

export const MAX_URL_LENGTH = 2048;

/** http(s) only, bounded, no credentials: the URL will later be POSTed to by the callback worker. */
export const callbackUrl = z
  .string()
  .max(MAX_URL_LENGTH, { message: `must be at most ${MAX_URL_LENGTH} characters` })
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: "custom", message: "must be an absolute http(s) URL" });
      return;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
      ctx.addIssue({ code: "custom", message: `must use http or https, not ${url.protocol.replace(/:$/, "")}` });
    if (url.username || url.password) ctx.addIssue({ code: "custom", message: "must not contain credentials" });
  });

export const requestConfigInput = z
  .object({
    use_assistant_message: z.boolean().optional(),
    assistant_message_tool_name: text(200).optional(),
    assistant_message_tool_kwarg: text(200).optional(),
    include_return_message_types: z
      .array(
        z.enum(LETTA_MESSAGE_TYPES),
      )
      .max(20)
      .nullish(),
  })
  .catchall(z.unknown())
  .pipe(jsonObject(64 * 1024));

export const createRunInput = z.object({
  agentId: idOf("agent"),
  conversationId: text(200).optional(),
  baseTemplateId: text(200).optional(),
  background: z.boolean().optional(),
  metadata: jsonObject().optional(),
  requestConfig: requestConfigInput.optional(),
  callbackUrl: callbackUrl.optional(),
});
export type CreateRunInput = z.infer<typeof createRunInput>;

export const runIdInput = z.object({ runId: idOf("run") });

export const updateRunInput = z.object({
  runId: idOf("run"),
  status: runStatus.optional(),
  stopReason: stopReason.nullish(),
  metadata: jsonObject().optional(),
  completedAt: instantInput.optional(),
  totalDurationNs: durationNs.optional(),
  ttftNs: durationNs.optional(),
});
export type UpdateRunInput = z.infer<typeof updateRunInput>;

export const cancelRunsInput = z.union(
  [
    z.object({ runId: idOf("run") }).strict(),
    z.object({ agentId: idOf("agent") }).strict(),
    z.object({ runIds: z.array(idOf("run")).min(1).max(1000) }).strict(),
  ],
  { error: "must name exactly one of runId, agentId or runIds" },
);
export type CancelRunsInput = z.infer<typeof cancelRunsInput>;

export const viewIdInput = z
  .string()
  .regex(/^view-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, {
    message: "must be a view id: 'view-' followed by a UUID",
  });

export const COMPARISON_OPERATORS = ["eq", "gte", "lte"] as const;
export const DURATION_OPERATORS = ["gt", "lt", "eq"] as const;

export const listRunsInput = z
  .object({
    runId: idOf("run").optional(),
    /** Only these runs (the live list re-reads its visible open rows; bulk actions preview a selection). */
    runIds: z.array(idOf("run")).max(1000).optional(),
    /** A saved view: its filters apply, and each filter given here overrides the view's. */
    viewId: viewIdInput.optional(),
    agentId: idOf("agent").optional(),
    agentIds: z.array(idOf("agent")).max(1000).optional(),
    statuses: z.array(runStatus).max(10).optional(),
    /** Letta's `active`: true = created, running or pending runs, when no `statuses` are given. */
    active: z.boolean().optional(),
    stopReason: stopReason.optional(),
    background: z.boolean().optional(),
    conversationId: text(200).optional(),
    templateFamily: text(200).optional(),
    projectId: idOf("project").optional(),
    startDate: dateInput.optional(),
    endDate: dateInput.optional(),
    stepCount: z.number().int().min(0).max(1_000_000).optional(),
    stepCountOperator: z.enum(COMPARISON_OPERATORS).default("eq"),
    toolsUsed: z.array(idOf("tool")).max(100).optional(),
    durationFilter: z.object({ value: durationNs, operator: z.enum(DURATION_OPERATORS) }).optional(),
    durationPercentile: z.number().min(0).max(100).optional(),
    orderBy: z.enum(["created_at", "duration"]).default("created_at"),
    ascending: z.boolean().default(false),
    before: idOf("run").optional(),
    after: idOf("run").optional(),
    limit: limitInput(),
  })
  .superRefine((value, ctx) => {
    if (value.startDate && value.endDate && value.startDate > value.endDate)
      ctx.addIssue({ code: "custom", path: ["endDate"], message: "must not be before startDate" });
  });
export type ListRunsInput = z.infer<typeof listRunsInput>;

export const listRunMessagesInput = z.object({
  runId: idOf("run"),
  ascending: z.boolean().default(true),
  after: idOf("message").optional(),
  before: idOf("message").optional(),
  limit: limitInput(),
});
export type ListRunMessagesInput = z.infer<typeof listRunMessagesInput>;
