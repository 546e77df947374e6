import { and, eq, sql } from "drizzle-orm";
import { describe, expect } from "vitest";
import { runs, tools, type RunStatus, type StopReason } from "@/db/schema";
import { newId } from "@/server/ids";
import type { inferRouterInputs } from "@trpc/server";
import type { AppRouter } from "@/server/root";
import { expectTrpcError } from "@/test/helpers/assertions";
import { it as base } from "@/test/helpers/test";

/**
 * A hand-built data set with known answers. Each run's created_at is set directly (minutes after T0,
 * plus microseconds for sub-millisecond ties), so ties on created_at and on duration are exact.
 */
type AgentKey = "A" | "B" | "C";
interface RunSpec {
  key: string;
  agent: AgentKey;
  status: RunStatus;
  stop?: StopReason;
  dur?: number;
  steps: number;
  tools: string[];
  background?: boolean;
  conv?: string;
  tmpl?: string;
  /** Minutes after T0. */
  t: number;
  /** Extra microseconds after the minute. */
  us?: number;
}

const SPECS: RunSpec[] = [
  {
    key: "r0",
    agent: "A",
    status: "completed",
    stop: "end_turn",
    dur: 100,
    steps: 1,
    tools: ["search"],
    background: true,
    conv: "c1",
    tmpl: "tA",
    t: 0,
  },
  {
    key: "r1",
    agent: "A",
    status: "completed",
    stop: "end_turn",
    dur: 250,
    steps: 2,
    tools: ["search", "fetch"],
    background: false,
    conv: "c1",
    tmpl: "tA",
    t: 1,
  },
  { key: "r2", agent: "A", status: "failed", stop: "error", dur: 400, steps: 1, tools: [], conv: "c2", t: 2 },
  {
    key: "r3",
    agent: "B",
    status: "completed",
    stop: "max_steps",
    dur: 250,
    steps: 3,
    tools: ["fetch"],
    background: true,
    tmpl: "tB",
    t: 2,
  },
  { key: "r4", agent: "B", status: "cancelled", stop: "cancelled", dur: 50, steps: 0, tools: [], background: false, t: 2 },
  {
    key: "r5",
    agent: "B",
    status: "completed",
    stop: "end_turn",
    dur: 1000,
    steps: 2,
    tools: ["calc"],
    conv: "c1",
    tmpl: "tB",
    t: 3,
  },
  { key: "r6", agent: "C", status: "running", steps: 1, tools: ["search"], background: true, conv: "c3", t: 4 },
  { key: "r7", agent: "C", status: "created", steps: 0, tools: [], t: 5 },
  {
    key: "r8",
    agent: "A",
    status: "completed",
    stop: "requires_approval",
    dur: 700,
    steps: 1,
    tools: ["search"],
    background: false,
    tmpl: "tA",
    t: 5,
  },
  {
    key: "r9",
    agent: "C",
    status: "failed",
    stop: "llm_api_error",
    dur: 300,
    steps: 2,
    tools: ["calc", "search"],
    background: true,
    conv: "c2",
    t: 6,
  },
  {
    key: "r10",
    agent: "A",
    status: "completed",
    stop: "end_turn",
    dur: 250,
    steps: 1,
    tools: [],
    background: false,
    conv: "c1",
    tmpl: "tA",
    t: 7,
  },
  { key: "r11", agent: "B", status: "running", steps: 0, tools: [], t: 8 },
  { key: "r12", agent: "C", status: "completed", stop: "end_turn", dur: 0, steps: 1, tools: [], t: 9, us: 1 },
  {
    key: "r13",
    agent: "A",
    status: "completed",
    stop: "end_turn",
    dur: 120,
    steps: 4,
    tools: ["fetch"],
    background: true,
    conv: "c1",
    t: 9,
  },
];

const T0 = Date.parse("2026-01-01T00:00:00.000Z");
const MAX_KEY = Number.MAX_VALUE;

interface ModelRun {
  key: string;
  id: string;
  agentId: string;
  projectId: string | null;
  status: RunStatus;
  stopReason: StopReason | null;
  background: boolean;
  conversationId: string | null;
  baseTemplateId: string | null;
  /** Microseconds since the epoch. */
  createdUs: number;
  durationNs: number | null;
  numSteps: number;
  toolIds: string[];
}

/** The org's project (agent A's runs are in it). */
let projectId: string;
const agentIds = {} as Record<AgentKey, string>;
const toolIds: Record<string, string> = {};
const model: ModelRun[] = [];
const idOf: Record<string, string> = {};
const keyOf = new Map<string, string>();

type ListArgs = inferRouterInputs<AppRouter>["runs"]["list"];
const it = base.extend(
  "list",
  { scope: "file" },
  async ({ org }) =>
    (input: ListArgs) =>
      org.caller.runs.list({ limit: 1000, ...input }),
);
const keys = (items: { id: string }[]) => items.map((r) => keyOf.get(r.id) ?? r.id);

function compareIds(a: string, b: string) {
  return a < b ? -1 : a > b ? 1 : 0;
}

function ordered(rows: ModelRun[], orderBy: "created_at" | "duration" = "created_at", ascending = false): ModelRun[] {
  const sortKey = (r: ModelRun) => (orderBy === "created_at" ? r.createdUs : (r.durationNs ?? MAX_KEY));
  const sorted = [...rows].sort((a, b) => sortKey(a) - sortKey(b) || compareIds(a.id, b.id));
  if (ascending) return sorted;
  // Runs without a duration come last in both directions (NULLS LAST), newest id first among them.
  const reversed = sorted.reverse();
  if (orderBy === "created_at") return reversed;
  return [...reversed.filter((r) => r.durationNs !== null), ...reversed.filter((r) => r.durationNs === null)];
}

/** Postgres' percentile_cont: linear interpolation between the two nearest ranks. */
function percentileCont(values: number[], percentile: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (percentile / 100) * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

it.beforeAll(async ({ db, org }) => {
  projectId = org.projectId;
  agentIds.A = (await org.caller.agents.create({ name: "agent-a", projectId: org.projectId })).id;
  agentIds.B = (await org.caller.agents.create({ name: "agent-b" })).id;
  agentIds.C = (await org.caller.agents.create({ name: "agent-c" })).id;

  for (const spec of SPECS) {
    const run = await org.caller.runs.create({
      agentId: agentIds[spec.agent],
      background: spec.background,
      conversationId: spec.conv,
      baseTemplateId: spec.tmpl,
    });
    for (let s = 0; s < spec.steps; s++) {
      // The run's tools are all called in its first step; later steps carry no tool calls.
      const calls = s === 0 ? spec.tools.map((name, i) => ({ id: `call_${spec.key}_${i}`, name, arguments: "{}" })) : [];
      const approval = spec.stop === "requires_approval";
      await org.caller.steps.create({
        runId: run.id,
        status: "success",
        messages: calls.length
          ? [
              { role: approval ? "approval" : "assistant", toolCalls: calls },
              ...(approval
                ? []
                : [
                    {
                      role: "tool" as const,
                      toolReturns: calls.map((c) => ({ tool_call_id: c.id, status: "success" as const, func_response: "ok" })),
                    },
                  ]),
            ]
          : [{ role: "assistant", content: "thinking" }],
      });
    }
    if (spec.status === "running" && spec.steps === 0) await org.caller.runs.update({ runId: run.id, status: "running" });
    if (spec.dur !== undefined)
      await org.caller.runs.update({ runId: run.id, status: spec.status, stopReason: spec.stop, totalDurationNs: spec.dur });
    const createdAt = new Date(T0 + spec.t * 60_000);
    await db
      .update(runs)
      .set({ createdAt: sql`${createdAt}::timestamptz + make_interval(secs => ${(spec.us ?? 0) / 1e6})` })
      .where(eq(runs.id, run.id));
    // run_tools keeps a copy of the run's created_at (written with the step that named the tool): move it with the run.
    await db.execute(
      sql`update run_tools rt set created_at = r.created_at from runs r where r.id = rt.run_id and rt.run_id = ${run.id}`,
    );
    idOf[spec.key] = run.id;
    keyOf.set(run.id, spec.key);
  }
  for (const row of await db.select().from(tools).where(eq(tools.organizationId, org.orgId))) toolIds[row.name] = row.id;
  for (const spec of SPECS) {
    model.push({
      key: spec.key,
      id: idOf[spec.key],
      agentId: agentIds[spec.agent],
      projectId: spec.agent === "A" ? org.projectId : null,
      status: spec.status,
      stopReason: spec.stop ?? null,
      background: spec.background ?? false,
      conversationId: spec.conv ?? null,
      baseTemplateId: spec.tmpl ?? null,
      createdUs: (T0 + spec.t * 60_000) * 1000 + (spec.us ?? 0),
      durationNs: spec.dur ?? null,
      // run_metrics.num_steps and tools_used follow the steps as they arrive, open run or not.
      numSteps: spec.steps,
      toolIds: spec.tools.map((name) => toolIds[name]),
    });
  }
});

describe("the data set", () => {
  it("was built as specified (statuses, durations, created_at ties, tools)", async ({ list }) => {
    const all = await list({});
    expect(all.items).toHaveLength(SPECS.length);
    for (const item of all.items) {
      const m = model.find((r) => r.id === item.id)!;
      expect(item.status).toBe(m.status);
      expect(item.totalDurationNs).toBe(m.durationNs);
      expect(item.numSteps).toBe(m.numSteps);
      expect([...item.toolsUsed].sort()).toEqual([...m.toolIds].sort());
      expect(item.createdAt.getTime()).toBe(Math.floor(m.createdUs / 1000));
    }
    expect(Object.keys(toolIds).sort()).toEqual(["calc", "fetch", "search"]);
  });
});

describe("runs.list filters (known answers)", () => {
  const cases: [string, () => ListArgs, string[]][] = [
    ["no filter", () => ({}), SPECS.map((r) => r.key)],
    ["agentId", () => ({ agentId: agentIds.B }), ["r11", "r5", "r4", "r3"]],
    ["agentIds", () => ({ agentIds: [agentIds.B, agentIds.C] }), ["r12", "r11", "r9", "r7", "r6", "r5", "r4", "r3"]],
    ["agentId wins over agentIds", () => ({ agentId: agentIds.C, agentIds: [agentIds.A] }), ["r12", "r9", "r7", "r6"]],
    ["runId", () => ({ runId: idOf.r5 }), ["r5"]],
    ["statuses", () => ({ statuses: ["running", "created"] }), ["r11", "r7", "r6"]],
    ["statuses failed", () => ({ statuses: ["failed"] }), ["r9", "r2"]],
    ["stopReason", () => ({ stopReason: "end_turn" }), ["r12", "r13", "r10", "r5", "r1", "r0"]],
    ["background true", () => ({ background: true }), ["r13", "r9", "r6", "r3", "r0"]],
    // A run created without `background` is stored as false (Letta's ORM default), so it is listed here too.
    ["background false", () => ({ background: false }), ["r12", "r11", "r10", "r8", "r7", "r5", "r4", "r2", "r1"]],
    ["conversationId", () => ({ conversationId: "c1" }), ["r13", "r10", "r5", "r1", "r0"]],
    ["templateFamily", () => ({ templateFamily: "tB" }), ["r5", "r3"]],
    ["projectId", () => ({ projectId }), ["r13", "r10", "r8", "r2", "r1", "r0"]],
    ["startDate (inclusive)", () => ({ startDate: new Date(T0 + 7 * 60_000) }), ["r12", "r13", "r11", "r10"]],
    // r12 is one microsecond after the minute, so an endDate at the minute excludes it.
    [
      "endDate (inclusive, microseconds)",
      () => ({ endDate: new Date(T0 + 9 * 60_000), startDate: new Date(T0 + 8 * 60_000) }),
      ["r13", "r11"],
    ],
    [
      "startDate and endDate",
      () => ({ startDate: new Date(T0 + 2 * 60_000), endDate: new Date(T0 + 3 * 60_000) }),
      ["r5", "r4", "r3", "r2"],
    ],
    ["startDate as ISO string", () => ({ startDate: new Date(T0 + 9 * 60_000).toISOString() }), ["r12", "r13"]],
    ["stepCount eq", () => ({ stepCount: 2 }), ["r9", "r5", "r1"]],
    // An open run's steps count as they arrive (r6 is running with one step).
    ["stepCount eq 0", () => ({ stepCount: 0 }), ["r11", "r7", "r4"]],
    ["stepCount gte", () => ({ stepCount: 3, stepCountOperator: "gte" }), ["r13", "r3"]],
    [
      "stepCount lte",
      () => ({ stepCount: 1, stepCountOperator: "lte" }),
      ["r12", "r11", "r10", "r8", "r7", "r6", "r4", "r2", "r0"],
    ],
    ["toolsUsed one", () => ({ toolsUsed: [toolIds.calc] }), ["r9", "r5"]],
    ["toolsUsed any of", () => ({ toolsUsed: [toolIds.calc, toolIds.fetch] }), ["r13", "r9", "r5", "r3", "r1"]],
    ["toolsUsed unknown tool", () => ({ toolsUsed: [newId("tool")] }), []],
    ["durationFilter gt", () => ({ durationFilter: { value: 300, operator: "gt" } }), ["r8", "r5", "r2"]],
    ["durationFilter lt", () => ({ durationFilter: { value: 120, operator: "lt" } }), ["r12", "r4", "r0"]],
    ["durationFilter eq", () => ({ durationFilter: { value: 250, operator: "eq" } }), ["r10", "r3", "r1"]],
    ["durationFilter eq 0", () => ({ durationFilter: { value: 0, operator: "eq" } }), ["r12"]],
    // combined with status and agent
    ["agentId + statuses", () => ({ agentId: agentIds.A, statuses: ["completed"] }), ["r13", "r10", "r8", "r1", "r0"]],
    ["statuses + stepCount", () => ({ statuses: ["completed"], stepCount: 1 }), ["r12", "r10", "r8", "r0"]],
    ["agentId + toolsUsed", () => ({ agentId: agentIds.A, toolsUsed: [toolIds.search] }), ["r8", "r1", "r0"]],
    ["statuses + durationFilter", () => ({ statuses: ["failed"], durationFilter: { value: 350, operator: "lt" } }), ["r9"]],
    [
      "agentIds + conversationId + background",
      () => ({ agentIds: [agentIds.A, agentIds.B], conversationId: "c1", background: true }),
      ["r13", "r0"],
    ],
    [
      "agentId + stopReason + startDate",
      () => ({ agentId: agentIds.A, stopReason: "end_turn", startDate: new Date(T0 + 60_000) }),
      ["r13", "r10", "r1"],
    ],
    ["filters that match nothing", () => ({ agentId: agentIds.C, statuses: ["cancelled"] }), []],
  ];

  function byCreatedDesc(a: string, b: string) {
    const ra = model.find((r) => r.key === a)!;
    const rb = model.find((r) => r.key === b)!;
    return rb.createdUs - ra.createdUs || compareIds(rb.id, ra.id);
  }

  it.for(cases)("%s", async ([, input, expected], { list }) => {
    const page = await list(input());
    // Hand-written answers; the default order (newest first, ties by id) is applied to them here.
    expect(keys(page.items)).toEqual([...expected].sort(byCreatedDesc));
    expect(page.nextCursor).toBeNull();
  });

  it("known answers agree with the model (sanity check of the fixture itself)", () => {
    const byKey = (k: string) => model.find((r) => r.key === k)!;
    expect(byKey("r2").createdUs).toBe(byKey("r3").createdUs);
    expect(byKey("r3").createdUs).toBe(byKey("r4").createdUs);
    expect(byKey("r12").createdUs - byKey("r13").createdUs).toBe(1);
  });

  it("returns numSteps and toolsUsed with each item", async ({ list }) => {
    const page = await list({ runId: idOf.r1 });
    expect(page.items[0].numSteps).toBe(2);
    expect([...page.items[0].toolsUsed].sort()).toEqual([toolIds.fetch, toolIds.search].sort());
  });
});

describe("runs.list ordering", () => {
  it.for([
    ["created_at", false],
    ["created_at", true],
    ["duration", false],
    ["duration", true],
  ] as const)("orders by %s (ascending: %s), ties broken by id", async ([orderBy, ascending], { list }) => {
    const page = await list({ orderBy, ascending });
    expect(page.items.map((r) => r.id)).toEqual(ordered(model, orderBy, ascending).map((r) => r.id));
  });

  it("puts runs without a duration after every duration when ascending", async ({ list }) => {
    const page = await list({ orderBy: "duration", ascending: true });
    expect(keys(page.items).slice(0, 4)).toEqual(["r12", "r4", "r0", "r13"]);
    expect(page.items.slice(-3).every((r) => r.totalDurationNs === null)).toBe(true);
  });

  it("puts runs without a duration after every duration when descending too (slowest first, running runs last)", async ({
    list,
  }) => {
    const page = await list({ orderBy: "duration", ascending: false });
    expect(page.items[0].totalDurationNs).toBe(Math.max(...model.flatMap((r) => (r.durationNs === null ? [] : [r.durationNs]))));
    expect(page.items.slice(-3).every((r) => r.totalDurationNs === null)).toBe(true);
  });
});

// Every order a list can be paged in: (orderBy, ascending).
const orders = [
  ["created_at", false],
  ["created_at", true],
  ["duration", false],
  ["duration", true],
] as const;

describe("runs.list cursors", () => {
  const filters: [string, () => ListArgs][] = [
    ["all runs", () => ({})],
    ["agent A", () => ({ agentId: agentIds.A })],
    ["completed", () => ({ statuses: ["completed"] })],
  ];

  for (const [orderBy, ascending] of orders) {
    for (const [filterName, filter] of filters) {
      it(`pages forwards with after (${orderBy}, ascending ${ascending}, ${filterName}) at limits 1..3`, async ({ list }) => {
        const full = (await list({ ...filter(), orderBy, ascending })).items.map((r) => r.id);
        expect(full.length).toBeGreaterThan(3);
        for (const limit of [1, 2, 3]) {
          const seen: string[] = [];
          let cursor: string | undefined;
          for (let pages = 0; ; pages++) {
            expect(pages).toBeLessThan(full.length + 1);
            const page = await list({ ...filter(), orderBy, ascending, limit, after: cursor });
            expect(page.items.length).toBeGreaterThan(0);
            expect(page.items.length).toBeLessThanOrEqual(limit);
            seen.push(...page.items.map((r) => r.id));
            if (!page.nextCursor) break;
            expect(page.nextCursor).toBe(page.items[page.items.length - 1].id);
            cursor = page.nextCursor;
          }
          // no overlap, no gap, same order as the full list
          expect(seen).toEqual(full);
          expect(new Set(seen).size).toBe(seen.length);
        }
      });

      it(`pages backwards with before (${orderBy}, ascending ${ascending}, ${filterName}) at limits 1..3`, async ({ list }) => {
        const full = (await list({ ...filter(), orderBy, ascending })).items.map((r) => r.id);
        for (const limit of [1, 2, 3]) {
          const seen: string[] = [];
          let cursor: string | null = full[full.length - 1];
          while (cursor) {
            const page = await list({ ...filter(), orderBy, ascending, limit, before: cursor });
            expect(page.items.length).toBeGreaterThan(0);
            expect(page.items.length).toBeLessThanOrEqual(limit);
            seen.unshift(...page.items.map((r) => r.id));
            cursor = page.nextCursor;
            if (cursor) expect(cursor).toBe(page.items[0].id);
          }
          expect(seen).toEqual(full.slice(0, -1));
        }
      });
    }

    it(`returns what lies strictly between after and before (${orderBy}, ascending ${ascending})`, async ({ list }) => {
      const full = (await list({ orderBy, ascending })).items.map((r) => r.id);
      for (let i = 0; i < full.length; i++) {
        // neighbours (empty and short windows, across the created_at ties) and the far end
        for (const j of new Set([i + 1, i + 2, i + 3, i + 4, full.length - 1].filter((j) => j > i && j < full.length))) {
          const page = await list({ orderBy, ascending, after: full[i], before: full[j] });
          expect(page.items.map((r) => r.id)).toEqual(full.slice(i + 1, j));
          expect(page.nextCursor).toBeNull();
        }
      }
      // with a limit the page continues forwards between the two cursors
      const first = await list({ orderBy, ascending, after: full[0], before: full[6], limit: 2 });
      expect(first.items.map((r) => r.id)).toEqual(full.slice(1, 3));
      expect(first.nextCursor).toBe(full[2]);
      const second = await list({ orderBy, ascending, after: first.nextCursor!, before: full[6], limit: 10 });
      expect(second.items.map((r) => r.id)).toEqual(full.slice(3, 6));
    });
  }

  it("pages through the three runs that share one created_at, in id order", async ({ list }) => {
    const tied = ordered(model.filter((r) => ["r2", "r3", "r4"].includes(r.key))).map((r) => r.id);
    const window = { startDate: new Date(T0 + 2 * 60_000), endDate: new Date(T0 + 2 * 60_000) };
    const p1 = await list({ ...window, limit: 1 });
    const p2 = await list({ ...window, limit: 1, after: p1.nextCursor! });
    const p3 = await list({ ...window, limit: 1, after: p2.nextCursor! });
    expect([...p1.items, ...p2.items, ...p3.items].map((r) => r.id)).toEqual(tied);
    expect(p3.nextCursor).toBeNull();
    // and the tie does not leak neighbours: after the middle one there is only the last one
    expect((await list({ ...window, after: tied[1] })).items.map((r) => r.id)).toEqual([tied[2]]);
    expect((await list({ ...window, before: tied[1] })).items.map((r) => r.id)).toEqual([tied[0]]);
  });

  it("keeps runs one microsecond apart apart (the cursor keeps Postgres' precision)", async ({ list }) => {
    const asc = await list({ ascending: true, after: idOf.r13 });
    expect(keys(asc.items)).toEqual(["r12"]);
    const desc = await list({ ascending: false, after: idOf.r12 });
    expect(keys(desc.items)[0]).toBe("r13");
  });

  it("answers an empty page past either end", async ({ list }) => {
    const full = ordered(model).map((r) => r.id);
    expect(await list({ after: full[full.length - 1] })).toEqual({ items: [], nextCursor: null });
    expect(await list({ before: full[0] })).toEqual({ items: [], nextCursor: null });
    expect(await list({ after: full[3], before: full[4] })).toEqual({ items: [], nextCursor: null });
    // crossed cursors: nothing lies between them
    expect(await list({ after: full[5], before: full[2] })).toEqual({ items: [], nextCursor: null });
  });

  it("gives no next cursor when the last page is exactly full", async ({ list }) => {
    const full = ordered(model).map((r) => r.id);
    const page = await list({ after: full[full.length - 4], limit: 3 });
    expect(page.items.map((r) => r.id)).toEqual(full.slice(-3));
    expect(page.nextCursor).toBeNull();
  });

  it("accepts a cursor that the filters exclude (seek by its key)", async ({ list }) => {
    // r7 (agent C, t=5) as cursor for agent A's list: A's runs older than t=5 (and r8 at t=5 if its id sorts lower).
    const expected = ordered(model.filter((r) => r.agentId === agentIds.A)).filter((r) => {
      const cursor = model.find((m) => m.key === "r7")!;
      return r.createdUs < cursor.createdUs || (r.createdUs === cursor.createdUs && r.id < cursor.id);
    });
    const page = await list({ agentId: agentIds.A, after: idOf.r7 });
    expect(page.items.map((r) => r.id)).toEqual(expected.map((r) => r.id));
  });

  it("rejects an unknown cursor with BAD_REQUEST naming after or before", async ({ list }) => {
    await expectTrpcError(list({ after: newId("run") }), "BAD_REQUEST", "after");
    await expectTrpcError(list({ before: newId("run") }), "BAD_REQUEST", "before");
    await expectTrpcError(list({ after: idOf.r1, before: newId("run") }), "BAD_REQUEST", "before");
    await expectTrpcError(list({ orderBy: "duration", after: newId("run") }), "BAD_REQUEST", "after");
  });
});

describe("runs.list durationPercentile", () => {
  const filters: [string, () => ListArgs, (r: ModelRun) => boolean][] = [
    ["all runs", () => ({}), () => true],
    ["agent A", () => ({ agentId: agentIds.A }), (r) => r.agentId === agentIds.A],
    ["completed", () => ({ statuses: ["completed"] }), (r) => r.status === "completed"],
    [
      "agent B, completed",
      () => ({ agentId: agentIds.B, statuses: ["completed"] }),
      (r) => r.agentId === agentIds.B && r.status === "completed",
    ],
  ];
  const percentiles = [0, 10, 25, 33.3, 50, 75, 90, 95, 99, 100];

  for (const [name, filter, matches] of filters) {
    it(`matches percentile_cont computed in JS (${name})`, async ({ list }) => {
      const rows = model.filter(matches);
      for (const p of percentiles) {
        const threshold = percentileCont(
          rows.flatMap((r) => (r.durationNs === null ? [] : [r.durationNs])),
          p,
        )!;
        const page = await list({ ...filter(), durationPercentile: p });
        expect(page.durationThresholdNs).toBeCloseTo(threshold, 6);
        const expected = ordered(rows.filter((r) => r.durationNs !== null && r.durationNs >= threshold));
        expect(keys(page.items), `p${p}`).toEqual(expected.map((r) => r.key));
      }
    });
  }

  it("known answers: p50 of all durations is 250, p90 interpolates between 700 and 1000", async ({ list }) => {
    // durations: 0 50 100 120 250 250 250 300 400 700 1000 (11 values)
    const p50 = await list({ durationPercentile: 50 });
    expect(p50.durationThresholdNs).toBe(250);
    expect(keys(p50.items).sort()).toEqual(["r1", "r10", "r2", "r3", "r5", "r8", "r9"].sort());
    const p90 = await list({ durationPercentile: 90 });
    expect(p90.durationThresholdNs).toBe(700); // position 9.0 of 0..10
    expect(keys(p90.items).sort()).toEqual(["r5", "r8"]);
    const p95 = await list({ durationPercentile: 95 });
    expect(p95.durationThresholdNs).toBeCloseTo(850, 6); // position 9.5 → halfway between 700 and 1000
    expect(keys(p95.items)).toEqual(["r5"]);
  });

  it("combines with ordering and cursors", async ({ list }) => {
    const full = await list({ durationPercentile: 25, orderBy: "duration", ascending: true });
    expect(full.items.length).toBeGreaterThan(3);
    const first = await list({ durationPercentile: 25, orderBy: "duration", ascending: true, limit: 2 });
    const rest = await list({ durationPercentile: 25, orderBy: "duration", ascending: true, after: first.nextCursor! });
    expect([...first.items, ...rest.items].map((r) => r.id)).toEqual(full.items.map((r) => r.id));
  });

  it("answers an empty page with a null threshold when no run has a duration", async ({ list }) => {
    const page = await list({ statuses: ["running", "created"], durationPercentile: 50 });
    expect(page).toEqual({ items: [], nextCursor: null, durationThresholdNs: null });
  });

  it("still rejects an unknown cursor when the percentile set is empty", async ({ list }) => {
    await expectTrpcError(list({ statuses: ["running"], durationPercentile: 50, after: newId("run") }), "BAD_REQUEST", "after");
  });

  it("omits durationThresholdNs when no percentile is asked", async ({ list }) => {
    const page = await list({});
    expect(page).not.toHaveProperty("durationThresholdNs");
  });
});

describe("runs.list on runs created through the API with tied created_at", () => {
  it("pages a batch's runs (one transaction, one created_at) without overlap or gap", async ({ db, org, list }) => {
    const batch = await org.caller.batches.create({
      requests: Array.from({ length: 7 }, () => ({ agentId: agentIds.B, conversationId: "batch-tie" })),
    });
    const rows = await db
      .select({ createdAt: sql<string>`${runs.createdAt}::text` })
      .from(runs)
      .where(and(eq(runs.organizationId, org.orgId), eq(runs.conversationId, "batch-tie")));
    expect(new Set(rows.map((r) => r.createdAt)).size).toBe(1);
    const ids = batch.runs
      .map((r) => r.id)
      .sort(compareIds)
      .reverse();
    for (const limit of [1, 2, 3]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await list({ conversationId: "batch-tie", limit, after: cursor });
        seen.push(...page.items.map((r) => r.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(ids);
    }
  });
});

describe("runs.list with a tool filter", () => {
  // One tool ordered by created_at is listed from run_tools (joined, paged on its columns); several tools or
  // orderBy duration filter runs with an EXISTS over run_tools. Every path must page like the plain list.
  const filters: [string, () => string[]][] = [
    ["one tool (search)", () => [toolIds.search]],
    ["one tool (fetch)", () => [toolIds.fetch]],
    ["the same tool twice", () => [toolIds.search, toolIds.search]],
    ["two tools, any of", () => [toolIds.calc, toolIds.fetch]],
  ];
  const usesAny = (toolList: string[]) => (r: ModelRun) => r.toolIds.some((t) => toolList.includes(t));

  for (const [orderBy, ascending] of orders) {
    for (const [name, toolList] of filters) {
      it(`equals the model and pages page by page both ways (${name}, ${orderBy}, ascending ${ascending})`, async ({ list }) => {
        const expected = ordered(model.filter(usesAny(toolList())), orderBy, ascending).map((r) => r.id);
        expect(expected.length).toBeGreaterThanOrEqual(3);
        const base = { toolsUsed: toolList(), orderBy, ascending } as const;
        const full = await list(base);
        expect(full.items.map((r) => r.id)).toEqual(expected);
        expect(full.nextCursor).toBeNull();
        for (const limit of [1, 2, 3]) {
          // forwards with after
          const forwards: string[] = [];
          let after: string | undefined;
          for (let pages = 0; ; pages++) {
            expect(pages).toBeLessThan(expected.length + 1);
            const page = await list({ ...base, limit, after });
            expect(page.items.length).toBeGreaterThan(0);
            forwards.push(...page.items.map((r) => r.id));
            if (!page.nextCursor) break;
            expect(page.nextCursor).toBe(page.items[page.items.length - 1].id);
            after = page.nextCursor;
          }
          expect(forwards).toEqual(expected);
          // backwards with before, from the last item
          const backwards: string[] = [];
          let before: string | null = expected[expected.length - 1];
          while (before) {
            const page = await list({ ...base, limit, before });
            expect(page.items.length).toBeGreaterThan(0);
            backwards.unshift(...page.items.map((r) => r.id));
            before = page.nextCursor;
          }
          expect(backwards).toEqual(expected.slice(0, -1));
        }
        // strictly between two cursors
        for (let i = 0; i < expected.length; i++)
          for (let j = i + 1; j < expected.length; j++) {
            const page = await list({ ...base, after: expected[i], before: expected[j] });
            expect(page.items.map((r) => r.id)).toEqual(expected.slice(i + 1, j));
          }
      });
    }
  }

  it("cursors from the one-tool path work on the plain path, and the other way round", async ({ list }) => {
    const withSearch = ordered(model.filter(usesAny([toolIds.search]))).map((r) => r.id);
    for (const ascending of [false, true]) {
      // (Read back rather than from the model: other tests of this file add runs without tools.)
      const allInOrder = (await list({ ascending })).items.map((r) => r.id);
      const searchInOrder = ascending ? [...withSearch].reverse() : withSearch;
      // a one-tool page's cursor, continued without the tool filter
      const first = await list({ toolsUsed: [toolIds.search], ascending, limit: 2 });
      expect(first.nextCursor).toBe(searchInOrder[1]);
      const plain = await list({ ascending, after: first.nextCursor! });
      expect(plain.items.map((r) => r.id)).toEqual(allInOrder.slice(allInOrder.indexOf(searchInOrder[1]) + 1));
      const plainBefore = await list({ ascending, before: first.nextCursor! });
      expect(plainBefore.items.map((r) => r.id)).toEqual(allInOrder.slice(0, allInOrder.indexOf(searchInOrder[1])));
      // a plain cursor (a run that did not use the tool, among created_at ties) on the one-tool path
      for (const key of ["r2", "r3", "r4", "r7", "r11"]) {
        const cursor = idOf[key];
        const at = allInOrder.indexOf(cursor);
        const afterIt = allInOrder.slice(at + 1).filter((id) => searchInOrder.includes(id));
        const beforeIt = allInOrder.slice(0, at).filter((id) => searchInOrder.includes(id));
        expect((await list({ toolsUsed: [toolIds.search], ascending, after: cursor })).items.map((r) => r.id)).toEqual(afterIt);
        expect((await list({ toolsUsed: [toolIds.search], ascending, before: cursor })).items.map((r) => r.id)).toEqual(beforeIt);
      }
    }
  });

  it("combines one tool with other filters and a percentile", async ({ list }) => {
    const expected = ordered(model.filter((r) => r.agentId === agentIds.A && r.toolIds.includes(toolIds.search))).map(
      (r) => r.id,
    );
    const first = await list({ agentId: agentIds.A, toolsUsed: [toolIds.search], limit: 1 });
    const rest = await list({ agentId: agentIds.A, toolsUsed: [toolIds.search], after: first.nextCursor! });
    expect([...first.items, ...rest.items].map((r) => r.id)).toEqual(expected);
    // durations of runs that used search: 100, 250, 700, 300 → p50 = 275
    const p50 = await list({ toolsUsed: [toolIds.search], durationPercentile: 50 });
    expect(p50.durationThresholdNs).toBe(275);
    expect(keys(p50.items)).toEqual(["r9", "r8"]);
  });

  it("rejects an unknown cursor on the one-tool path", async ({ list }) => {
    await expectTrpcError(list({ toolsUsed: [toolIds.search], after: newId("run") }), "BAD_REQUEST", "after");
    await expectTrpcError(list({ toolsUsed: [toolIds.search], before: newId("run") }), "BAD_REQUEST", "before");
  });
});
