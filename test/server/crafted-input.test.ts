/**
 * Crafted input that used to answer 500 (issue #13 item 15): lone UTF-16 surrogates in JSON, very deep nesting,
 * dates whose duration overflows the bigint nanosecond column, analytics ranges near year 1. Each is a 400 naming
 * the field, or (for surrogates in text) stored with U+FFFD in place of the lone surrogate; never a 500. Sent over
 * the app's real route handlers in-process (the JSON parsing is part of what is tested), and through the caller.
 */
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { describe, expect, vi } from "vitest";
import type { Database } from "@/db/client";
import { agents, receivedCallbacks, runs, savedViews } from "@/db/schema";
import { expectTrpcError } from "@/test/helpers/assertions";
import { it as base } from "@/test/helpers/test";

const mocks = vi.hoisted(() => ({ database: undefined as unknown as Database }));
vi.mock("server-only", () => ({}));
vi.mock("@/db/app-database", () => ({ getAppDatabase: async () => mocks.database }));

let agentId: string;

// JSON text with the escapes spelled out: JSON.parse turns `\ud800` into a lone surrogate.
const LONE_HIGH = "\\ud800";
const LONE_LOW = "\\udc00";
const deepJson = (levels: number) => `${'{"n":'.repeat(levels)}1${"}".repeat(levels)}`;

const randomMessageId = () => `msg_${Math.random().toString(36).slice(2)}`;

const it = base
  .extend("trpc", { scope: "file" }, async ({ org }) => async (procedure: string, inputJson: string) => {
    const { POST } = await import("@/app/api/trpc/[trpc]/route");
    const request = new Request(`http://127.0.0.1/api/trpc/${procedure}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${org.token}` },
      body: `{"json":${inputJson}}`,
    });
    const response = await POST(request);
    const text = await response.text();
    return { status: response.status, text, data: response.ok ? (JSON.parse(text).result.data.json as { id: string }) : null };
  })
  .extend("deliver", { scope: "file" }, async ({ org }) => async (body: string, id = randomMessageId()) => {
    const endpoint = await org.caller.callbacks.endpoints.create({ name: `inbox-${id}` });
    const { POST } = await import("@/app/api/callbacks/[endpointId]/route");
    const at = new Date();
    const request = new Request(`http://127.0.0.1/api/callbacks/${endpoint.id}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "webhook-id": id,
        "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
        "webhook-signature": new Webhook(endpoint.secret).sign(id, at, body),
      },
      body,
    });
    const response = await POST(request, { params: Promise.resolve({ endpointId: endpoint.id }) });
    return { status: response.status, text: await response.text() };
  });

it.beforeAll(async ({ database, org }) => {
  mocks.database = database;
  agentId = (await org.caller.agents.create({ name: "crafted" })).id;
});

describe("lone surrogates in JSON: U+FFFD stored, or 400, never 500", () => {
  it("runs.create metadata (value and key)", async ({ db, trpc }) => {
    const res = await trpc("runs.create", `{"agentId":"${agentId}","metadata":{"v":"a${LONE_HIGH}b","k${LONE_LOW}":1}}`);
    expect(res.status, res.text).toBe(200);
    const [row] = await db.select().from(runs).where(eq(runs.id, res.data!.id));
    expect(row.metadata).toEqual({ v: "a\ufffdb", "k\ufffd": 1 });
  });

  it("agents.create name, description and metadata", async ({ db, trpc }) => {
    const input = `{"name":"n${LONE_HIGH}","description":"${LONE_LOW}d","metadata":{"m":"${LONE_HIGH}"}}`;
    const res = await trpc("agents.create", input);
    expect(res.status, res.text).toBe(200);
    const [row] = await db.select().from(agents).where(eq(agents.id, res.data!.id));
    expect(row).toMatchObject({ name: "n\ufffd", description: "\ufffdd", metadata: { m: "\ufffd" } });
  });

  it("views.create name and filters", async ({ db, trpc }) => {
    const res = await trpc("views.create", `{"name":"v${LONE_HIGH}","filters":{"conversationId":"c${LONE_LOW}"}}`);
    expect(res.status, res.text).toBe(200);
    const [row] = await db.select().from(savedViews).where(eq(savedViews.id, res.data!.id));
    expect(row.name).toBe("v\ufffd");
    expect(JSON.stringify(row.filters)).toContain("c\ufffd");
  });

  it("batches.create metadata and its requests' metadata", async ({ trpc }) => {
    const request = `{"agentId":"${agentId}","conversationId":"${LONE_LOW}","metadata":{"r":"${LONE_LOW}"}}`;
    const input = `{"metadata":{"b":"${LONE_HIGH}"},"requests":[${request}]}`;
    const res = await trpc("batches.create", input);
    expect(res.status, res.text).toBe(200);
  });

  it("a correctly signed receiver payload", async ({ db, deliver }) => {
    const id = "msg_crafted_surrogate";
    const res = await deliver(`{"run_id":"x","note":"a${LONE_HIGH}b","k${LONE_LOW}":[1]}`, id);
    expect(res.status, res.text).toBe(200);
    const [row] = await db.select().from(receivedCallbacks).where(eq(receivedCallbacks.webhookId, id));
    expect(row.payload).toEqual({ run_id: "x", note: "a\ufffdb", "k\ufffd": [1] });
  });
});

describe("10,000-deep nesting: 400", () => {
  it.for([10_000, 100_000])("a signed receiver payload %d levels deep", async (levels, { deliver }) => {
    const res = await deliver(deepJson(levels));
    expect(res.status, res.text.slice(0, 300)).toBe(400);
  });

  it("a tRPC input 100,000 levels deep", async ({ trpc }) => {
    const res = await trpc("runs.create", `{"agentId":"${agentId}","metadata":${deepJson(100_000)}}`);
    expect(res.status, res.text.slice(0, 300)).toBe(400);
  });

  it.for([
    ["runs.create metadata", () => `{"agentId":"${agentId}","metadata":${deepJson(10_000)}}`],
    ["agents.create metadata", () => `{"name":"deep","metadata":${deepJson(10_000)}}`],
    ["the whole input", () => deepJson(10_000)],
  ] as const)("%s", async ([_name, input], { trpc }) => {
    const res = await trpc(_name.startsWith("agents") ? "agents.create" : "runs.create", input());
    expect(res.status, res.text.slice(0, 300)).toBe(400);
  });
});

describe("dates past what the columns hold: 400 naming the field", () => {
  it("completedAt whose duration overflows the nanosecond column", async ({ org, trpc }) => {
    const { id } = await org.caller.runs.create({ agentId });
    for (const completedAt of [new Date("2318-01-01T00:00:00Z"), new Date("9999-12-31T00:00:00Z")]) {
      const update = org.caller.runs.update({ runId: id, status: "completed", completedAt });
      await expectTrpcError(update, "BAD_REQUEST", "completedAt");
    }
    const res = await trpc("runs.update", `{"runId":"${id}","status":"completed","completedAt":"2400-01-01T00:00:00.000Z"}`);
    expect(res.status, res.text).toBe(400);
    expect(res.text).toContain("completedAt");
  });

  it("an analytics custom range starting near year 1", async ({ org }) => {
    const from = new Date("0001-01-02T00:00:00Z");
    const to = new Date("0002-01-01T00:00:00Z");
    await expectTrpcError(org.caller.analytics.percentiles({ range: "custom", from, to }), "BAD_REQUEST", "from");
    await expectTrpcError(org.caller.analytics.stopReasons({ range: "custom", from, to }), "BAD_REQUEST", "from");
    await expectTrpcError(org.caller.analytics.ttftSplit({ range: "custom", from, to }), "BAD_REQUEST", "from");
    await expectTrpcError(org.caller.analytics.agents({ range: "custom", from, to }), "BAD_REQUEST", "from");
    await expectTrpcError(org.caller.analytics.callbacks({ range: "custom", from, to }), "BAD_REQUEST", "from");
  });

  it("other date filters near year 1 or 9999 answer, or refuse with 400, never 500", async ({ org }) => {
    const year1 = new Date("0001-01-02T00:00:00Z");
    const year2 = new Date("0002-01-01T00:00:00Z");
    const year9999 = new Date("9999-12-01T00:00:00Z");
    const calls: [string, () => Promise<unknown>][] = [
      ["metrics.percentiles", () => org.caller.metrics.percentiles({ from: year1, to: year2 })],
      ["metrics.percentiles by day", () => org.caller.metrics.percentiles({ from: year1, to: year2, bucket: "day" })],
      ["metrics.percentiles to 9999", () => org.caller.metrics.percentiles({ from: year1, to: year9999 })],
      ["runs.list", () => org.caller.runs.list({ startDate: year1, endDate: year9999 })],
      ["steps.list", () => org.caller.steps.list({ startDate: year1, endDate: year9999 })],
    ];
    for (const [name, call] of calls) {
      const outcome = await call().then(
        () => "ok",
        (error: { code?: string }) => error.code ?? String(error),
      );
      expect(["ok", "BAD_REQUEST"], name).toContain(outcome);
    }
  });
});
