import { z } from "zod";
import { LETTA_MESSAGE_TYPES } from "@/server/letta/messages";
import { durationNs, idOf, instantInput, jsonObject, limitInput, runStatus, stopReason, text } from "@/server/lib/common-schemas";
import { runFilterShape } from "./filters";

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
    include_return_message_types: z.array(z.enum(LETTA_MESSAGE_TYPES)).max(20).nullish(),
  })
  .catchall(z.unknown())
  .pipe(jsonObject(64 * 1024));

export const createRunInput = z.object({
  /** A run id to keep (an executor's or an importer's Letta id); new when absent. */
  id: idOf("run").optional(),
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

// The run-filter catalogue is part of the module's client-safe schemas (components read it from here).
export {
  COMPARISON_OPERATORS,
  DURATION_OPERATORS,
  RUN_FILTER_KEYS,
  RUN_FILTERS,
  viewIdInput,
  type RunFilterDef,
  type RunFilterKey,
  type UrlKind,
} from "./filters";

/** `runs.list`'s input: the filter catalogue (filters.ts) and the list's order and paging. */
export const listRunsInput = z
  .object({
    ...runFilterShape,
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
