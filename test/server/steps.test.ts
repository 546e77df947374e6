import { asc, eq } from "drizzle-orm";
import { describe, expect } from "vitest";
import { messages, steps } from "@/db/schema";
import { newId } from "@/server/ids";
import { expectTrpcError } from "@/test/helpers/assertions";
import type { TestOrg } from "@/test/helpers/fixtures";
import { it as base } from "@/test/helpers/test";

let agentA: string;
let agentB: string;
let runA: string;
const ids: Record<string, string> = {};
const T0 = Date.parse("2026-02-01T00:00:00.000Z");

const keyOf = (id: string) => Object.entries(ids).find(([, v]) => v === id)?.[0] ?? id;

const it = base.extend(
  "listKeys",
  { scope: "file" },
  async ({ org }) =>
    async (input: Parameters<TestOrg["caller"]["steps"]["list"]>[0]) =>
      (await org.caller.steps.list(input)).items.map((s) => keyOf(s.id)),
);

it.beforeAll(async ({ db, org }) => {
  agentA = (await org.caller.agents.create({ name: "steps-a", projectId: org.projectId })).id;
  agentB = (await org.caller.agents.create({ name: "steps-b" })).id;
  runA = (await org.caller.runs.create({ agentId: agentA })).id;
  const runB = (await org.caller.runs.create({ agentId: agentB })).id;
  const specs: [string, Parameters<typeof org.caller.steps.create>[0], number][] = [
    ["s0", { runId: runA, model: "gpt-4o", tags: ["a", "b"], traceId: "tr-1" }, 0],
    ["s1", { runId: runA, model: "gpt-4o", tags: ["a"], traceId: "tr-2" }, 1],
    ["s2", { runId: runB, model: "claude", tags: ["b"], traceId: "tr-1" }, 1],
    ["s3", { agentId: agentB, model: "claude" }, 2],
    ["s4", { runId: runA, model: "o4-mini", tags: ["a", "b", "c"] }, 3],
  ];
  for (const [key, input, minute] of specs) {
    const step = await org.caller.steps.create(input);
    ids[key] = step.id;
    await db
      .update(steps)
      .set({ createdAt: new Date(T0 + minute * 60_000) })
      .where(eq(steps.id, step.id));
  }
  await org.caller.steps.setFeedback({ stepId: ids.s1, feedback: "positive" });
  await org.caller.steps.setFeedback({ stepId: ids.s2, feedback: "negative" });
});

describe("steps.create", () => {
  it("fills defaults, computes total tokens and takes agent and project from the run", async ({ org }) => {
    const step = await org.caller.steps.create({ runId: runA, promptTokens: 7, completionTokens: 3 });
    expect(step).toMatchObject({
      runId: runA,
      agentId: agentA,
      projectId: org.projectId,
      status: "pending",
      promptTokens: 7,
      completionTokens: 3,
      totalTokens: 10,
      tags: [],
      feedback: null,
    });
    await org.caller.steps.update({ stepId: step.id, status: "success" });
  });

  it("stores a lone UTF-16 surrogate in a string field as U+FFFD instead of failing (json parameters)", async ({ db, org }) => {
    const step = await org.caller.steps.create({
      runId: runA,
      model: "gpt\ud800x",
      messages: [{ role: "user", content: "hi \udc00" }],
    });
    expect(step.model).toBe("gpt\ufffdx");
    const [message] = await db.select().from(messages).where(eq(messages.stepId, step.id));
    expect(message.content).toEqual([{ type: "text", text: "hi \ufffd" }]);
  });

  it("accepts a step with only an agent, and requires a run or an agent", async ({ org }) => {
    const step = await org.caller.steps.create({ agentId: agentB });
    expect(step).toMatchObject({ runId: null, agentId: agentB, projectId: null });
    await expectTrpcError(org.caller.steps.create({}), "BAD_REQUEST", "runId");
    await expectTrpcError(org.caller.steps.create({ agentId: newId("agent") }), "NOT_FOUND", "agentId");
    await expectTrpcError(org.caller.steps.create({ runId: newId("run") }), "NOT_FOUND", "runId");
  });
});

describe("steps.create messages", () => {
  it("a step's messages read back after the previous step's, even when it follows within their milliseconds", async ({
    db,
    org,
  }) => {
    const run = (await org.caller.runs.create({ agentId: agentA })).id;
    const many = Array.from({ length: 40 }, (_, i) => ({ role: "user" as const, content: `first ${i}` }));
    const explicit = new Date("2020-01-01T00:00:00.000Z");
    await org.caller.steps.create({ runId: run, messages: many });
    const second = [
      { role: "assistant" as const, content: "second" },
      { role: "user" as const, content: "old", createdAt: explicit },
    ];
    await org.caller.steps.create({ runId: run, messages: second });
    const rows = await db
      .select()
      .from(messages)
      .where(eq(messages.runId, run))
      .orderBy(asc(messages.createdAt), asc(messages.id));
    const text = (m: (typeof rows)[number]) => {
      const part = m.content?.[0];
      return part && "text" in part ? part.text : undefined;
    };
    // A given time is kept; the others follow in the order written, one millisecond apart at least.
    expect(rows.map(text)).toEqual(["old", ...many.map((m) => m.content), "second"]);
    expect(rows[0].createdAt).toEqual(explicit);
    const times = rows.slice(1).map((m) => m.createdAt.getTime());
    expect(times.every((t, i) => i === 0 || t - times[i - 1] >= 1)).toBe(true);
  });
});

describe("steps.list filters", () => {
  // s-steps created in beforeAll are pinned to T0 + minutes; steps created by other tests are later.
  const window = { startDate: new Date(T0), endDate: new Date(T0 + 10 * 60_000) };

  it.for([
    ["runId", () => ({ runId: runA }), ["s4", "s1", "s0"]],
    ["agentId", () => ({ agentId: agentB }), ["s3", "s2"]],
    ["projectId", (org: TestOrg) => ({ projectId: org.projectId }), ["s4", "s1", "s0"]],
    ["model", () => ({ model: "claude" }), ["s3", "s2"]],
    ["tags (contains all)", () => ({ tags: ["a", "b"] }), ["s4", "s0"]],
    ["feedback", () => ({ feedback: "positive" as const }), ["s1"]],
    ["hasFeedback true", () => ({ hasFeedback: true }), ["s2", "s1"]],
    ["hasFeedback false", () => ({ hasFeedback: false }), ["s4", "s3", "s0"]],
    ["traceIds", () => ({ traceIds: ["tr-1"] }), ["s2", "s0"]],
    ["startDate/endDate", () => ({ startDate: new Date(T0 + 60_000), endDate: new Date(T0 + 2 * 60_000) }), ["s3", "s2", "s1"]],
    ["runId + model", () => ({ runId: runA, model: "gpt-4o" }), ["s1", "s0"]],
  ] as const)("%s", async ([, input, expected], { org, listKeys }) => {
    const got = await listKeys({ ...window, ...input(org) });
    // s1 and s2 share created_at: their order is by id (checked in the paging test), so compare them as a set
    const tie = (keys: readonly string[]) => keys.map((k) => (k === "s1" || k === "s2" ? "s1|s2" : k));
    expect(tie(got)).toEqual(tie(expected));
    expect([...got].sort()).toEqual([...expected].sort());
  });

  it("orders ties on created_at by id and pages without overlap", async ({ org, listKeys }) => {
    const all = await listKeys({ ...window });
    expect(all.filter((k) => k.startsWith("s"))).toHaveLength(5);
    const s1s2 = [ids.s1, ids.s2].sort().reverse().map(keyOf);
    expect(all.slice(2, 4)).toEqual(s1s2);
    for (const limit of [1, 2]) {
      const seen: string[] = [];
      let after: string | undefined;
      do {
        const page = await org.caller.steps.list({ ...window, limit, after });
        seen.push(...page.items.map((s) => keyOf(s.id)));
        after = page.nextCursor ?? undefined;
      } while (after);
      expect(seen).toEqual(all);
    }
    const ascending = await listKeys({ ...window, ascending: true });
    expect(ascending).toEqual([...all].reverse());
  });

  it("listing the steps of an unknown run is NOT_FOUND; an unknown cursor BAD_REQUEST", async ({ org }) => {
    await expectTrpcError(org.caller.steps.list({ runId: newId("run") }), "NOT_FOUND", "runId");
    await expectTrpcError(org.caller.steps.list({ before: newId("step") }), "BAD_REQUEST", "before");
  });
});

describe("steps.setFeedback", () => {
  it("sets, replaces and clears feedback, and replaces tags (deduplicated)", async ({ org }) => {
    const step = await org.caller.steps.create({ runId: runA, tags: ["x"] });
    expect((await org.caller.steps.setFeedback({ stepId: step.id, feedback: "negative", tags: ["y", "y", "z"] })).tags).toEqual([
      "y",
      "z",
    ]);
    const positive = await org.caller.steps.setFeedback({ stepId: step.id, feedback: "positive" });
    expect(positive).toMatchObject({ feedback: "positive", tags: ["y", "z"] });
    expect((await org.caller.steps.setFeedback({ stepId: step.id, feedback: null })).feedback).toBeNull();
    await expectTrpcError(org.caller.steps.setFeedback({ stepId: newId("step"), feedback: null }), "NOT_FOUND", "stepId");
  });
});

describe("steps.update", () => {
  it("updates error fields and timings", async ({ org }) => {
    const step = await org.caller.steps.create({ runId: runA });
    const failed = await org.caller.steps.update({
      stepId: step.id,
      status: "failed",
      errorType: "Timeout",
      errorData: { after: 30 },
    });
    expect(failed).toMatchObject({ status: "failed", errorType: "Timeout", errorData: { after: 30 } });
    const cleared = await org.caller.steps.update({ stepId: step.id, errorType: null, errorData: null });
    expect(cleared).toMatchObject({ status: "failed", errorType: null, errorData: null });
    await expectTrpcError(org.caller.steps.update({ stepId: newId("step"), status: "success" }), "NOT_FOUND", "stepId");
  });
});
