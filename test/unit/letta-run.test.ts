import { describe, expect, it } from "vitest";
import { toLettaRun, type RunSource } from "@/server/letta";

const created = new Date("2026-01-02T03:04:05.678Z");
const run = {
  id: "run-00000000-0000-4000-8000-000000000001",
  projectId: null,
  agentId: "agent-00000000-0000-4000-8000-000000000001",
  batchId: null,
  status: "created",
  stopReason: null,
  background: false,
  metadata: null,
  requestConfig: { use_assistant_message: true, include_return_message_types: ["assistant_message"] },
  conversationId: null,
  baseTemplateId: null,
  callbackUrl: null,
  callbackSentAt: null,
  callbackStatusCode: null,
  callbackError: null,
  ttftNs: null,
  totalDurationNs: null,
  createdAt: created,
  updatedAt: created,
  completedAt: null,
  createdById: null,
  lastUpdatedById: null,
} satisfies RunSource;

describe("toLettaRun", () => {
  it("writes request_config with Letta's four keys, defaults filled in (LettaRequestConfig), and null as null", () => {
    expect(toLettaRun({ ...run, requestConfig: { use_assistant_message: false } }).request_config).toEqual({
      use_assistant_message: false,
      assistant_message_tool_name: "send_message",
      assistant_message_tool_kwarg: "message",
      include_return_message_types: null,
    });
    expect(toLettaRun(run).request_config).toEqual({
      use_assistant_message: true,
      assistant_message_tool_name: "send_message",
      assistant_message_tool_kwarg: "message",
      include_return_message_types: ["assistant_message"],
    });
    expect(toLettaRun({ ...run, requestConfig: null }).request_config).toBeNull();
  });
});
