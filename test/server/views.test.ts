import { TRPCError } from "@trpc/server";
import { describe, expect } from "vitest";
import { parseRunSearch } from "@/components/runs/run-search";
import { viewerCaller } from "@/test/helpers/fixtures";
import { it } from "@/test/helpers/test";

const agents = { a: "", b: "" };
const runs = { aDone: "", aFailed: "", aOpen: "", bDone: "" };

const code = (error: unknown) => (error instanceof TRPCError ? error.code : String(error));

it.beforeAll(async ({ org }) => {
  agents.a = (await org.caller.agents.create({ name: "agent-a" })).id;
  agents.b = (await org.caller.agents.create({ name: "agent-b" })).id;
  const make = async (agentId: string, status?: "completed" | "failed", tokens = 0) => {
    const run = await org.caller.runs.create({ agentId });
    if (tokens) await org.caller.steps.create({ runId: run.id, promptTokens: tokens, completionTokens: 1, status: "success" });
    if (status) await org.caller.runs.update({ runId: run.id, status, totalDurationNs: 1_000_000 });
    return run.id;
  };
  runs.aDone = await make(agents.a, "completed", 10);
  runs.aFailed = await make(agents.a, "failed", 5);
  runs.aOpen = await make(agents.a, undefined, 7);
  runs.bDone = await make(agents.b, "completed");
});

describe("saved views", () => {
  it("creates, lists and deletes views shared in the org, and refuses a duplicate name", async ({ org, other }) => {
    const view = await org.caller.views.create({ name: "A failures", filters: { agentIds: [agents.a], statuses: ["failed"] } });
    expect(view.id).toMatch(/^view-/);
    expect(view.filters).toEqual({ agentIds: [agents.a], statuses: ["failed"] });
    expect((await org.caller.views.list()).map((v) => v.id)).toContain(view.id);
    expect(code(await org.caller.views.create({ name: "A failures", filters: {} }).catch((e) => e))).toBe("CONFLICT");
    // Other orgs neither see nor use it: NOT_FOUND, as for a missing view.
    expect(await other.caller.views.list()).toEqual([]);
    expect(code(await other.caller.runs.list({ viewId: view.id }).catch((e) => e))).toBe("NOT_FOUND");
    expect(code(await other.caller.views.delete({ viewId: view.id }).catch((e) => e))).toBe("NOT_FOUND");
    await org.caller.views.delete({ viewId: view.id });
    expect((await org.caller.views.list()).map((v) => v.id)).not.toContain(view.id);
  });

  it("validates filters with the runs.list schema and rejects paging keys", async ({ org }) => {
    expect(code(await org.caller.views.create({ name: "bad", filters: { statuses: ["nope"] } as never }).catch((e) => e))).toBe(
      "BAD_REQUEST",
    );
    expect(code(await org.caller.views.create({ name: "bad2", filters: { limit: 5 } as never }).catch((e) => e))).toBe(
      "BAD_REQUEST",
    );
  });

  it("viewers can read views but not write them", async ({ org }) => {
    expect(
      code(
        await viewerCaller(org)
          .views.create({ name: "v", filters: {} })
          .catch((e) => e),
      ),
    ).toBe("FORBIDDEN");
    await expect(viewerCaller(org).views.list()).resolves.toBeInstanceOf(Array);
  });

  it("runs.list with viewId applies the view, and explicit filters override it field by field", async ({ org }) => {
    const view = await org.caller.views.create({
      name: "agent A",
      filters: { agentIds: [agents.a], statuses: ["completed", "failed"] },
    });
    const ids = async (input: Parameters<typeof org.caller.runs.list>[0]) =>
      (await org.caller.runs.list(input)).items.map((r) => r.id).sort();
    expect(await ids({ viewId: view.id })).toEqual([runs.aDone, runs.aFailed].sort());
    // An explicit status replaces the view's statuses; the agent still comes from the view.
    expect(await ids({ viewId: view.id, statuses: ["completed"] })).toEqual([runs.aDone]);
    // An explicit agent replaces the view's agent group.
    expect(await ids({ viewId: view.id, agentId: agents.b })).toEqual([runs.bDone]);
    expect(await ids({ viewId: view.id, active: true, statuses: undefined })).toEqual([runs.aOpen]);
  });
});

describe("run list items, count and cancel preview", () => {
  it("list items carry the agent's name and the run's tokens (one query)", async ({ org }) => {
    const page = await org.caller.runs.list({ agentIds: [agents.a] });
    const byId = new Map(page.items.map((r) => [r.id, r]));
    expect(byId.get(runs.aDone)).toMatchObject({ agentName: "agent-a", totalTokens: 11 });
    expect(byId.get(runs.aOpen)).toMatchObject({ agentName: "agent-a", totalTokens: 8 });
  });

  it("runs.count is exact below the cap and follows the same filter", async ({ org, other }) => {
    expect(await org.caller.runs.count({})).toEqual({ count: 4, capped: false });
    expect(await org.caller.runs.count({ agentIds: [agents.a], statuses: ["completed"] })).toEqual({ count: 1, capped: false });
    expect(await other.caller.runs.count({})).toEqual({ count: 0, capped: false });
  });

  it("cancelPreview counts matching, already terminal and cancellable runs", async ({ org }) => {
    const preview = await org.caller.runs.cancelPreview({ agentIds: [agents.a] });
    expect(preview.matching.count).toBe(3);
    expect(preview.alreadyTerminal.count).toBe(2);
    expect(preview.cancellable.count).toBe(1);
    const selection = await org.caller.runs.cancelPreview({ runIds: [runs.aOpen, runs.bDone] });
    expect([selection.matching.count, selection.alreadyTerminal.count]).toEqual([2, 1]);
  });

  it("steps.list items carry their step_metrics timings", async ({ org }) => {
    const run = await org.caller.runs.create({ agentId: agents.b });
    await org.caller.steps.create({
      runId: run.id,
      timings: { llmRequestNs: 5_000_000, toolExecutionNs: 1_000_000, stepNs: 7_000_000 },
    });
    const { items } = await org.caller.steps.list({ runId: run.id });
    expect(items[0].timings).toMatchObject({ llmRequestNs: 5_000_000, toolExecutionNs: 1_000_000, stepNs: 7_000_000 });
  });
});

describe("runs URL codec", () => {
  it("parses the URL with listRunsInput and drops (and reports) keys that do not validate", () => {
    const search = parseRunSearch(
      new URLSearchParams({
        statuses: "running,failed",
        durationFilter: "gt:2500",
        ascending: "true",
        limit: "9999",
        cols: "id,tokens,bogus",
      }),
    );
    expect(search.input.statuses).toEqual(["running", "failed"]);
    expect(search.input.durationFilter).toEqual({ operator: "gt", value: 2_500_000_000 });
    expect(search.input.ascending).toBe(true);
    expect(search.input.limit).toBe(50);
    expect(search.ignored.map((i) => i.key)).toEqual(["limit"]);
    expect(search.cols).toEqual(["id", "tokens"]);
  });
});
