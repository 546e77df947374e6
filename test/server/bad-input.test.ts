import { describe, expect } from "vitest";
import { newId } from "@/server/ids";
import { expectTrpcError, snapshotTables } from "@/test/helpers/assertions";
import type { TestOrg } from "@/test/helpers/fixtures";
import { it } from "@/test/helpers/test";

/**
 * Bad input through the caller: BAD_REQUEST whose message (as the client receives it) starts with the
 * field, `data.field` naming it, zod's issues per field in `data.zodError`, and nothing written.
 */
let agentId: string;
let runId: string;
let stepId: string;
let snapshot: Awaited<ReturnType<typeof snapshotTables>>;

it.beforeAll(async ({ database, org }) => {
  agentId = (await org.caller.agents.create({ name: "bad-input" })).id;
  runId = (await org.caller.runs.create({ agentId, metadata: { a: 1 } })).id;
  stepId = (await org.caller.steps.create({ runId })).id;
  snapshot = await snapshotTables(database.db);
});

const UUID = "00000000-0000-4000-8000-000000000000";
const big = (kb: number) => ({ blob: "x".repeat(kb * 1024) });
const deep = (levels: number): Record<string, unknown> => (levels === 0 ? { leaf: true } : { n: deep(levels - 1) });
// `as never` lets deliberately ill-typed input reach the runtime validation.
const bad = <T>(value: unknown) => value as T;

type Caller = TestOrg["caller"];
type Case = [name: string, call: (c: Caller) => Promise<unknown>, field: string, zod: boolean];

const CASES: Case[] = [
  // wrong id prefix / malformed ids
  ["runs.get with an agent id", (c) => c.runs.get({ runId: `agent-${UUID}` }), "runId", true],
  ["runs.get with no uuid", (c) => c.runs.get({ runId: "run-123" }), "runId", true],
  ["steps.get with a run id", (c) => c.steps.get({ stepId: `run-${UUID}` }), "stepId", true],
  ["runs.create with a run id as agent", (c) => c.runs.create({ agentId: `run-${UUID}` }), "agentId", true],
  ["runs.cancel with one bad id in runIds", (c) => c.runs.cancel({ runIds: [`run-${UUID}`, "nope"] }), "runIds.1", true],
  ["runs.cancel with a bad runId", (c) => c.runs.cancel({ runId: `step-${UUID}` }), "runId", true],
  ["batches.get with a run id", (c) => c.batches.get({ batchId: `run-${UUID}` }), "batchId", true],
  ["metrics.run with a step id", (c) => c.metrics.run({ runId: `step-${UUID}` }), "runId", true],
  ["runs.list agentIds with a bad id", (c) => c.runs.list({ agentIds: [`agent-${UUID}`, "agent-x"] }), "agentIds.1", true],
  ["runs.list toolsUsed with a run id", (c) => c.runs.list({ toolsUsed: [`run-${UUID}`] }), "toolsUsed.0", true],
  ["runs.list cursor with a step id", (c) => c.runs.list({ after: `step-${UUID}` }), "after", true],
  [
    "batches.create request with a bad agent id",
    (c) => c.batches.create({ requests: [{ agentId: "agent-1" }] }),
    "requests.0.agentId",
    true,
  ],
  ["steps.create with a bad run id", (c) => c.steps.create({ runId: "run" }), "runId", true],

  // unknown cursors (well-formed ids that do not exist)
  ["runs.list unknown after", (c) => c.runs.list({ after: newId("run") }), "after", false],
  ["runs.list unknown before", (c) => c.runs.list({ before: newId("run") }), "before", false],
  ["runs.list unknown after, by duration", (c) => c.runs.list({ after: newId("run"), orderBy: "duration" }), "after", false],
  ["steps.list unknown after", (c) => c.steps.list({ after: newId("step") }), "after", false],
  ["agents.list unknown before", (c) => c.agents.list({ before: newId("agent") }), "before", false],
  ["batches.list unknown after", (c) => c.batches.list({ after: newId("batch") }), "after", false],
  ["runs.messages unknown after", (c) => c.runs.messages({ runId, after: newId("message") }), "after", false],

  // limits
  ["runs.list limit 0", (c) => c.runs.list({ limit: 0 }), "limit", true],
  ["runs.list limit 5000", (c) => c.runs.list({ limit: 5000 }), "limit", true],
  ["runs.list limit 1001", (c) => c.runs.list({ limit: 1001 }), "limit", true],
  ["runs.list limit 2.5", (c) => c.runs.list({ limit: 2.5 }), "limit", true],
  ["steps.list limit 0", (c) => c.steps.list({ limit: 0 }), "limit", true],
  ["agents.list limit 5000", (c) => c.agents.list({ limit: 5000 }), "limit", true],
  ["batches.list limit -1", (c) => c.batches.list({ limit: -1 }), "limit", true],
  ["runs.messages limit 5000", (c) => c.runs.messages({ runId, limit: 5000 }), "limit", true],

  // bad enums
  ["runs.list statuses", (c) => c.runs.list({ statuses: bad(["running", "bogus"]) }), "statuses.1", true],
  ["runs.list orderBy", (c) => c.runs.list({ orderBy: bad("name") }), "orderBy", true],
  ["runs.list stopReason", (c) => c.runs.list({ stopReason: bad("tired") }), "stopReason", true],
  ["runs.list stepCountOperator", (c) => c.runs.list({ stepCount: 1, stepCountOperator: bad("ne") }), "stepCountOperator", true],
  [
    "runs.list durationFilter.operator",
    (c) => c.runs.list({ durationFilter: { value: 1, operator: bad("gte") } }),
    "durationFilter.operator",
    true,
  ],
  ["runs.update status", (c) => c.runs.update({ runId, status: bad("done") }), "status", true],
  ["runs.update stopReason", (c) => c.runs.update({ runId, stopReason: bad("whatever") }), "stopReason", true],
  ["steps.create status", (c) => c.steps.create({ runId, status: bad("ok") }), "status", true],
  ["steps.create message role", (c) => c.steps.create({ runId, messages: [{ role: bad("robot") }] }), "messages.0.role", true],
  ["steps.setFeedback feedback", (c) => c.steps.setFeedback({ stepId, feedback: bad("meh") }), "feedback", true],
  ["metrics.percentiles field", (c) => c.metrics.percentiles({ field: bad("latency") }), "field", true],
  ["metrics.percentiles bucket", (c) => c.metrics.percentiles({ bucket: bad("minute") }), "bucket", true],

  // metadata over 256 KB, too deep, or with NUL
  ["runs.create metadata over 256 KB", (c) => c.runs.create({ agentId, metadata: big(257) }), "metadata", true],
  ["runs.update metadata over 256 KB", (c) => c.runs.update({ runId, metadata: big(300) }), "metadata", true],
  [
    "runs.update merged metadata over 256 KB",
    (c) => c.runs.update({ runId, metadata: { b: "y".repeat(256 * 1024 - 10) } }),
    "metadata",
    false,
  ],
  ["agents.create metadata over 256 KB", (c) => c.agents.create({ name: "n", metadata: big(257) }), "metadata", true],
  [
    "batches.create metadata over 256 KB",
    (c) => c.batches.create({ requests: [{ agentId }], metadata: big(257) }),
    "metadata",
    true,
  ],
  [
    "batches.create request metadata over 256 KB",
    (c) => c.batches.create({ requests: [{ agentId }, { agentId, metadata: big(257) }] }),
    "requests.1.metadata",
    true,
  ],
  ["runs.create metadata nested 40 deep", (c) => c.runs.create({ agentId, metadata: deep(40) }), "metadata", true],
  ["runs.create metadata with NUL", (c) => c.runs.create({ agentId, metadata: { k: "a\u0000b" } }), "metadata", true],
  ["runs.create requestConfig over 64 KB", (c) => c.runs.create({ agentId, requestConfig: big(65) }), "requestConfig", true],

  // strings, urls, numbers, dates
  ["agents.create empty name", (c) => c.agents.create({ name: "" }), "name", true],
  ["agents.create name with NUL", (c) => c.agents.create({ name: "a\u0000b" }), "name", true],
  ["agents.create name too long", (c) => c.agents.create({ name: "n".repeat(201) }), "name", true],
  ["runs.create callbackUrl ftp", (c) => c.runs.create({ agentId, callbackUrl: "ftp://example.com/hook" }), "callbackUrl", true],
  [
    "runs.create callbackUrl with credentials",
    (c) => c.runs.create({ agentId, callbackUrl: "https://u:p@example.com/" }),
    "callbackUrl",
    true,
  ],
  ["runs.create callbackUrl relative", (c) => c.runs.create({ agentId, callbackUrl: "/hook" }), "callbackUrl", true],
  [
    "runs.update negative totalDurationNs",
    (c) => c.runs.update({ runId, status: "completed", totalDurationNs: -1 }),
    "totalDurationNs",
    true,
  ],
  [
    "runs.update unsafe totalDurationNs",
    (c) => c.runs.update({ runId, status: "completed", totalDurationNs: 2 ** 60 }),
    "totalDurationNs",
    true,
  ],
  [
    "runs.update completedAt not a date",
    (c) => c.runs.update({ runId, status: "completed", completedAt: bad("yesterday") }),
    "completedAt",
    true,
  ],
  [
    "runs.update completedAt out of range",
    (c) => c.runs.update({ runId, status: "completed", completedAt: new Date("-010000-01-01T00:00:00Z") }),
    "completedAt",
    true,
  ],
  ["runs.list startDate after endDate", (c) => c.runs.list({ startDate: new Date(2), endDate: new Date(1) }), "endDate", true],
  ["runs.list startDate as a non-ISO string", (c) => c.runs.list({ startDate: "2026-01-01" }), "startDate", true],
  ["runs.list startDate far in the future", (c) => c.runs.list({ startDate: new Date(8.64e15) }), "startDate", true],
  ["runs.list stepCount negative", (c) => c.runs.list({ stepCount: -1 }), "stepCount", true],
  ["runs.list durationPercentile 101", (c) => c.runs.list({ durationPercentile: 101 }), "durationPercentile", true],
  ["steps.create without run or agent", (c) => c.steps.create({}), "runId", true],
  ["steps.create negative tokens", (c) => c.steps.create({ runId, promptTokens: -5 }), "promptTokens", true],
  ["steps.create tokens over int4", (c) => c.steps.create({ runId, completionTokens: 2 ** 31 }), "completionTokens", true],
  [
    "steps.create total tokens overflow",
    (c) => c.steps.create({ runId, promptTokens: 2 ** 31 - 1, completionTokens: 1 }),
    "totalTokens",
    false,
  ],
  [
    "steps.update total tokens overflow",
    (c) => c.steps.update({ stepId, promptTokens: 2 ** 31 - 1, completionTokens: 1 }),
    "totalTokens",
    false,
  ],
  [
    "steps.create cached_tokens not a number",
    (c) => c.steps.create({ runId, promptTokensDetails: { cached_tokens: bad("many") } }),
    "promptTokensDetails.cached_tokens",
    true,
  ],
  [
    "steps.create message content with NUL",
    (c) => c.steps.create({ runId, messages: [{ role: "user", content: "a\u0000" }] }),
    "messages.0.content",
    true,
  ],
  ["runs.create background not a boolean", (c) => c.runs.create({ agentId, background: bad("yes") }), "background", true],
];

describe("bad input answers BAD_REQUEST naming the field, and writes nothing", () => {
  it.for(CASES)("%s", async ([, call, field, zod], { database, org }) => {
    const shape = await expectTrpcError(call(org.caller), "BAD_REQUEST", field);
    if (zod) {
      const top = field.split(".")[0];
      expect(shape.data.zodError?.fieldErrors[top]?.length, `zod issues for ${top}`).toBeGreaterThan(0);
    } else {
      expect(shape.data.zodError).toBeNull();
    }
    expect(await snapshotTables(database.db)).toEqual(snapshot);
  });

  it("runs.cancel with no target or two targets is BAD_REQUEST explaining the choice", async ({ database, org }) => {
    for (const input of [{}, { runId, agentId }]) {
      const shape = await expectTrpcError(org.caller.runs.cancel(bad(input)), "BAD_REQUEST");
      expect(shape.message).toContain("exactly one of runId, agentId or runIds");
    }
    expect(await snapshotTables(database.db)).toEqual(snapshot);
  });

  it("several bad fields are all reported, each under its own key", async ({ org }) => {
    const shape = await expectTrpcError(org.caller.runs.list({ limit: 0, orderBy: bad("x"), agentId: "agent-1" }), "BAD_REQUEST");
    expect(Object.keys(shape.data.zodError!.fieldErrors).sort()).toEqual(["agentId", "limit", "orderBy"]);
    for (const field of ["agentId", "limit", "orderBy"]) expect(shape.message).toContain(`${field}:`);
  });

  it("the limits themselves are accepted (1 and 1000)", async ({ org }) => {
    expect((await org.caller.runs.list({ limit: 1 })).items).toHaveLength(1);
    expect((await org.caller.runs.list({ limit: 1000 })).items).toHaveLength(1);
    const exactly = await org.caller.runs.create({ agentId, metadata: { blob: "x".repeat(256 * 1024 - 12) } });
    expect(exactly.metadata).toBeTruthy();
  });
});
