/** The /v1 handlers over a real database, without HTTP: auth, id errors, filters, paging, the OpenAPI document. */
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect } from "vitest";
import { MIGRATIONS_FOLDER, queryRows } from "@/db/client";
import { handleRestRequest, type RestRoute } from "@/server/http/rest-handler";
import { listRunsQuery } from "@/server/modules/runs/rest-inputs";
import { buildOpenApiDocument } from "@/server/http/openapi";
import { apiKeyRoles } from "@/db/schema/auth";
import { generateApiKeyToken, storeApiKey } from "@/server/modules/access/api-keys";
import { reloadEnv } from "@/server/env";
import {
  cancelAgentRunsRoute,
  deleteRunRoute,
  listRunsRoute,
  listRunStepsRoute,
  restRoutes as runRoutes,
  retrieveRunRoute,
} from "@/server/modules/runs/rest";
import { modifyStepFeedbackRoute, restRoutes as stepRoutes, retrieveStepMetricsRoute } from "@/server/modules/steps/rest";
import { it as base } from "@/test/helpers/test";

/** Calls a /v1 handler as the org's key (or `token`, or none with null). */
const it = base.extend("call", { scope: "file" }, async ({ db, org }) => {
  return async (
    route: RestRoute,
    options: { token?: string | null; params?: Record<string, string>; query?: string; body?: unknown } = {},
  ) => {
    const token = options.token === undefined ? org.token : options.token;
    const req = new Request(`http://127.0.0.1/v1/x${options.query ? `?${options.query}` : ""}`, {
      method: route.method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "content-type": "application/json" },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const res = await handleRestRequest(route as RestRoute<any, any, any>, db, req, options.params ?? {});
    return { status: res.status, type: res.headers.get("content-type"), headers: res.headers, body: await res.json() };
  };
});
const ids = (body: { id: string }[]) => body.map((x) => x.id);

describe("authentication", () => {
  it("answers 401 without an Authorization header and with an unknown key", async ({ call }) => {
    for (const token of [null, "rt_not_a_key"]) {
      const res = await call(listRunsRoute, { token });
      expect(res.status).toBe(401);
      expect(res.body.detail).toMatch(/API key/);
    }
  });
});

describe("rate limit", () => {
  it("answers 429 with Retry-After once the API key's per-minute limit is spent", async ({ db, org, call }) => {
    const token = generateApiKeyToken();
    await storeApiKey(db, { orgId: org.orgId, name: "limited", token });
    const previous = process.env.RUNTOWER_RATE_LIMIT_PER_MINUTE;
    process.env.RUNTOWER_RATE_LIMIT_PER_MINUTE = "2";
    reloadEnv();
    try {
      expect((await call(listRunsRoute, { token })).status).toBe(200);
      expect((await call(listRunsRoute, { token })).status).toBe(200);
      const limited = await call(listRunsRoute, { token });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(limited.body.detail).toMatch(/Rate limit/);
    } finally {
      if (previous === undefined) delete process.env.RUNTOWER_RATE_LIMIT_PER_MINUTE;
      else process.env.RUNTOWER_RATE_LIMIT_PER_MINUTE = previous;
      reloadEnv();
    }
  });
});

describe("permissions", () => {
  it("lets a read-only (viewer) API key read but answers 403 to its writes, changing nothing", async ({ db, org, call }) => {
    const token = generateApiKeyToken();
    const { id } = await storeApiKey(db, { orgId: org.orgId, name: "read-only", token });
    await db.insert(apiKeyRoles).values({ apiKeyId: id, organizationId: org.orgId, role: "viewer" });
    const agent = await org.caller.agents.create({ name: "watched" });
    const run = await org.caller.runs.create({ agentId: agent.id });
    const step = await org.caller.steps.create({ runId: run.id });

    expect((await call(retrieveRunRoute, { token, params: { run_id: run.id } })).status).toBe(200);
    const writes = [
      await call(modifyStepFeedbackRoute, { token, params: { step_id: step.id }, body: { feedback: "positive" } }),
      await call(cancelAgentRunsRoute, { token, params: { agent_id: agent.id }, body: {} }),
      await call(deleteRunRoute, { token, params: { run_id: run.id } }),
    ];
    for (const res of writes) {
      expect(res.status).toBe(403);
      expect(res.body.detail).toMatch(/lacks the permission/);
    }
    expect((await org.caller.steps.get({ stepId: step.id })).feedback).toBeNull();
    expect((await org.caller.runs.get({ runId: run.id })).status).toBe("running");
  });
});

describe("ids", () => {
  it("answers 400 to a malformed path id and 404 to a well-formed unknown one", async ({ call }) => {
    const malformed = await call(retrieveRunRoute, { params: { run_id: "run-123" } });
    expect(malformed).toMatchObject({ status: 400, body: { detail: expect.stringMatching(/^run_id: must be a run id/) } });
    const unknown = await call(retrieveRunRoute, { params: { run_id: "run-00000000-0000-4000-8000-000000000000" } });
    expect(unknown.status).toBe(404);
    const badCursor = await call(listRunsRoute, { query: "after=step-00000000-0000-4000-8000-000000000000" });
    expect(badCursor.status).toBe(400);
  });

  it("answers another organization's run and step exactly like missing ones", async ({ other, call }) => {
    const agent = await other.caller.agents.create({ name: "theirs" });
    const run = await other.caller.runs.create({ agentId: agent.id });
    const step = await other.caller.steps.create({ runId: run.id });
    const asOther = await call(retrieveRunRoute, { token: other.token, params: { run_id: run.id } });
    expect(asOther.status).toBe(200);
    for (const [route, params] of [
      [retrieveRunRoute, { run_id: run.id }],
      [listRunStepsRoute, { run_id: run.id }],
      [retrieveStepMetricsRoute, { step_id: step.id }],
      [modifyStepFeedbackRoute, { step_id: step.id }],
    ] as const) {
      const res = await call(route, { params, body: route.method === "PATCH" ? { feedback: "negative" } : undefined });
      expect(res.status, route.path).toBe(404);
    }
    expect((await other.caller.steps.get({ stepId: step.id })).feedback).toBeNull();
    const cancel = await call(cancelAgentRunsRoute, { params: { agent_id: agent.id }, body: {} });
    expect(cancel.status).toBe(404);
    expect((await other.caller.runs.get({ runId: run.id })).status).toBe("running");
  });
});

describe("lists", () => {
  it("filters active runs and pages backwards with before, in the requested order", async ({ org, call }) => {
    const agent = await org.caller.agents.create({ name: "lister" });
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await org.caller.runs.create({ agentId: agent.id })).id);
    await org.caller.runs.update({ runId: made[0], status: "completed" });
    await org.caller.runs.update({ runId: made[1], status: "failed" });

    const active = await call(listRunsRoute, { query: `agent_id=${agent.id}&active=true&order=asc` });
    expect(active.type).toBe("application/json");
    expect(ids(active.body)).toEqual(made.slice(2));
    const all = await call(listRunsRoute, { query: `agent_id=${agent.id}&active=false` });
    expect(ids(all.body)).toEqual([...made].reverse());

    // before=X: the `limit` items just before X, still in the requested order.
    const before = await call(listRunsRoute, { query: `agent_id=${agent.id}&order=asc&before=${made[4]}&limit=2` });
    expect(ids(before.body)).toEqual([made[2], made[3]]);
    const beforeDesc = await call(listRunsRoute, { query: `agent_id=${agent.id}&before=${made[1]}&limit=2` });
    expect(ids(beforeDesc.body)).toEqual([made[3], made[2]]);
    const afterLast = await call(listRunsRoute, { query: `agent_id=${agent.id}&after=${made[0]}` });
    expect(afterLast.body).toEqual([]);
  });

  it("reports a run created without background as background: false, and background=false lists it", async ({ org, call }) => {
    const agent = await org.caller.agents.create({ name: "foreground" });
    const plain = await org.caller.runs.create({ agentId: agent.id });
    const bg = await org.caller.runs.create({ agentId: agent.id, background: true });
    expect((await call(retrieveRunRoute, { params: { run_id: plain.id } })).body.background).toBe(false);
    expect(ids((await call(listRunsRoute, { query: `agent_id=${agent.id}&background=false` })).body)).toEqual([plain.id]);
    expect(ids((await call(listRunsRoute, { query: `agent_id=${agent.id}&background=true` })).body)).toEqual([bg.id]);
  });

  it("migration 0013 turns runs stored with background NULL into false", async ({ db, org }) => {
    const agent = await org.caller.agents.create({ name: "legacy" });
    const legacy = await org.caller.runs.create({ agentId: agent.id });
    // The column as it was before 0013, with a row written then; then 0013's statements as the migrator runs them.
    await db.execute(sql`alter table runs alter column background drop not null, alter column background drop default`);
    await db.execute(sql`update runs set background = null where id = ${legacy.id}`);
    const migration = fs.readFileSync(path.join(MIGRATIONS_FOLDER, "0013_run_background_default.sql"), "utf8");
    for (const statement of migration.split("--> statement-breakpoint")) await db.execute(sql.raw(statement));
    expect((await org.caller.runs.get({ runId: legacy.id })).background).toBe(false);
    const [column] = await queryRows<{ is_nullable: string; column_default: string }>(
      db,
      sql`select is_nullable, column_default from information_schema.columns where table_name = 'runs' and column_name = 'background'`,
    );
    expect(column).toEqual({ is_nullable: "NO", column_default: "false" });
  });

  it("validates the query with Letta's status codes", async ({ call }) => {
    expect((await call(listRunsRoute, { query: "limit=5000" })).status).toBe(422);
    expect((await call(listRunsRoute, { query: "statuses=nope" })).status).toBe(422);
    expect((await call(listRunsRoute, { query: "agent_id=agent-1" })).status).toBe(400);
    // A misspelled filter must not widen the list to the whole organization.
    const misspelled = await call(listRunsRoute, { query: "status=completed&limit=5" });
    expect(misspelled).toMatchObject({
      status: 400,
      body: { detail: expect.stringMatching(/^status: unknown query parameter/) },
    });
  });
});

describe("bodies", () => {
  it("cancels an agent's active runs idempotently and rejects malformed JSON", async ({ db, org, call }) => {
    const agent = await org.caller.agents.create({ name: "canceller" });
    const open = await org.caller.runs.create({ agentId: agent.id });
    const done = await org.caller.runs.create({ agentId: agent.id });
    await org.caller.runs.update({ runId: done.id, status: "completed" });
    const first = await call(cancelAgentRunsRoute, { params: { agent_id: agent.id }, body: {} });
    expect(first).toMatchObject({ status: 200, body: { [open.id]: "cancelled" } });
    expect(Object.keys(first.body)).toEqual([open.id]);
    const again = await call(cancelAgentRunsRoute, { params: { agent_id: agent.id }, body: { run_ids: [open.id, done.id] } });
    expect(again.body).toEqual({ [open.id]: "cancelled", [done.id]: "cancelled" });
    expect((await org.caller.runs.get({ runId: done.id })).status).toBe("completed");

    // Nothing active left: Letta's NoActiveRunsToCancelError, a 409 the SDK must not retry.
    const nothing = await call(cancelAgentRunsRoute, { params: { agent_id: agent.id }, body: {} });
    expect(nothing).toMatchObject({ status: 409, body: { detail: `No active runs to cancel for agent ${agent.id}` } });
    expect(nothing.headers.get("x-should-retry")).toBe("false");

    const req = new Request("http://127.0.0.1/v1/x", {
      method: "POST",
      headers: { authorization: `Bearer ${org.token}` },
      body: "{not json",
    });
    const res = await handleRestRequest(cancelAgentRunsRoute, db, req, { agent_id: agent.id });
    expect(res.status).toBe(422);
  });
});

describe("cancel with run_ids", () => {
  it("reports unknown, other-organization and malformed ids as failed and cancels the others", async ({ org, other, call }) => {
    const agent = await org.caller.agents.create({ name: "partial" });
    const open = await org.caller.runs.create({ agentId: agent.id });
    const theirAgent = await other.caller.agents.create({ name: "theirs" });
    const theirs = await other.caller.runs.create({ agentId: theirAgent.id });
    const unknown = "run-00000000-0000-4000-8000-00000000beef";
    const res = await call(cancelAgentRunsRoute, {
      params: { agent_id: agent.id },
      body: { run_ids: [unknown, theirs.id, "run-123", open.id] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ [unknown]: "failed", [theirs.id]: "failed", "run-123": "failed", [open.id]: "cancelled" });
    expect((await org.caller.runs.get({ runId: open.id })).status).toBe("cancelled");
    expect((await other.caller.runs.get({ runId: theirs.id })).status).toBe("created");
  });
});

describe("OpenAPI document", () => {
  const doc = buildOpenApiDocument();
  type Operation = { operationId: string; parameters: { name: string; in: string; schema: Record<string, unknown> }[] };
  const op = (path: string, method: string) => (doc.paths[path] as Record<string, Operation>)[method];

  it("describes every route, generated from the validating schemas", () => {
    expect(doc.openapi).toBe("3.1.0");
    for (const route of [...runRoutes, ...stepRoutes])
      expect(op(route.path, route.method.toLowerCase())?.operationId).toBe(route.operationId);
    const params = op("/v1/runs/", "get").parameters;
    expect(params.map((p) => p.name)).toEqual(Object.keys(listRunsQuery.shape));
    for (const name of [
      "agent_id",
      "statuses",
      "active",
      "duration_percentile",
      "step_count_operator",
      "tools_used",
      "order",
      "after",
    ])
      expect(params.map((p) => p.name)).toContain(name);
    expect(params.find((p) => p.name === "limit")?.schema).toMatchObject({ type: "integer", minimum: 1, maximum: 1000 });
    expect(params.find((p) => p.name === "statuses")?.schema).toMatchObject({ type: "array" });
    expect(params.find((p) => p.name === "background")?.schema).toMatchObject({ type: "boolean" });
  });

  it("types epoch nanoseconds as int64 integers and ids with their pattern", () => {
    const metrics = doc.components.schemas.RunMetrics as { properties: Record<string, unknown> };
    expect(JSON.stringify(metrics.properties.run_start_ns)).toContain('"integer"');
    expect(op("/v1/runs/{run_id}", "get").parameters[0].schema.pattern).toMatch(/^\^run-/);
    expect(JSON.stringify(doc)).not.toContain("$schema");
  });
});
