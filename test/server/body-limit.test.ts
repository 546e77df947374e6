/**
 * Request bodies past RUNTOWER_MAX_BODY_BYTES are refused with 413 before anything parses them, on every route
 * that takes one (issue #13 item 10): /api/trpc, /v1, the callback receiver and better-auth's endpoints. The
 * count runs while the body streams in, so a missing or lying Content-Length does not get past it. JSON bodies
 * are also bounded in nesting. Route handlers are called in-process on this file's database.
 */
import { afterEach, describe, expect, vi } from "vitest";
import type { Database } from "@/db/client";
import { reloadEnv } from "@/server/env";
import { it } from "@/test/helpers/test";

const mocks = vi.hoisted(() => ({ database: undefined as unknown as Database }));
vi.mock("server-only", () => ({}));
vi.mock("@/db/app-database", () => ({ getAppDatabase: async () => mocks.database }));
vi.mock("@/server/boot", async (original) => ({ ...(await original<object>()), getApp: async () => mocks.database }));

afterEach(() => {
  delete process.env.RUNTOWER_MAX_BODY_BYTES;
  reloadEnv();
});

const MB = 1024 * 1024;

/** A body of `bytes` bytes as a stream without Content-Length, in 64 KB chunks. */
function streamOf(bytes: number, prefix = ""): ReadableStream<Uint8Array> {
  let sent = 0;
  const head = new TextEncoder().encode(prefix);
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const chunk = sent === 0 ? head : new Uint8Array(Math.min(64 * 1024, bytes - sent)).fill(32);
      sent += Math.max(chunk.byteLength, 1);
      controller.enqueue(chunk);
    },
  });
}

const post = (url: string, body: BodyInit, headers: Record<string, string> = {}) =>
  new Request(url, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
    duplex: "half",
  } as RequestInit);

describe("request-size limit (RUNTOWER_MAX_BODY_BYTES, default 1 MB)", () => {
  it("/api/trpc: 2 MB → 413 before parsing, with or without Content-Length; small requests still work", async ({
    database,
    org,
  }) => {
    mocks.database = database;
    const { POST } = await import("@/app/api/trpc/[trpc]/route");
    const { token } = await org.caller.apiKeys.create({ name: "body limit" });
    const auth = { authorization: `Bearer ${token}` };
    const url = "http://127.0.0.1/api/trpc/agents.create";
    const big = JSON.stringify({ json: { name: "x".repeat(2 * MB) } });
    const refused = await POST(post(url, big, auth));
    expect(refused.status).toBe(413);
    expect((await POST(post(url, streamOf(2 * MB, '{"json":{"name":"'), auth))).status).toBe(413);
    const ok = await POST(post(url, JSON.stringify({ json: { name: "small agent" } }), auth));
    expect(ok.status).toBe(200);
  });

  it("/v1: the configured limit applies (413), and deeply nested JSON is refused (400)", async ({ database, org }) => {
    mocks.database = database;
    const { POST } = await import("@/app/v1/agents/[agent_id]/messages/cancel/route");
    const { token } = await org.caller.apiKeys.create({ name: "v1 body limit" });
    const agent = await org.caller.agents.create({ name: "limit agent" });
    const url = `http://127.0.0.1/v1/agents/${agent.id}/messages/cancel`;
    const params = { params: Promise.resolve({ agent_id: agent.id }) };
    const auth = { authorization: `Bearer ${token}` };
    process.env.RUNTOWER_MAX_BODY_BYTES = "1000";
    reloadEnv();
    const big = JSON.stringify({ run_ids: [], pad: "x".repeat(2000) });
    expect((await POST(post(url, big, auth), params)).status).toBe(413);
    expect((await POST(post(url, streamOf(5000, '{"pad":"'), auth), params)).status).toBe(413);
    delete process.env.RUNTOWER_MAX_BODY_BYTES;
    reloadEnv();
    const deep = `{"pad":${"[".repeat(10_000)}${"]".repeat(10_000)}}`;
    const nested = await POST(post(url, deep, auth), params);
    expect(nested.status).toBe(400);
    expect(JSON.stringify(await nested.json())).toMatch(/nested/);
    // Within the limit the body is read and handled: nothing active to cancel answers 409, as Letta does.
    expect((await POST(post(url, "{}", auth), params)).status).toBe(409);
  });

  it("the callback receiver uses the same setting", async ({ database, org }) => {
    mocks.database = database;
    const { POST } = await import("@/app/api/callbacks/[endpointId]/route");
    const endpoint = await org.caller.callbacks.endpoints.create({ name: "limit inbox" });
    process.env.RUNTOWER_MAX_BODY_BYTES = "1000";
    reloadEnv();
    const url = `http://127.0.0.1/api/callbacks/${endpoint.id}`;
    const res = await POST(post(url, JSON.stringify({ pad: "x".repeat(2000) })), {
      params: Promise.resolve({ endpointId: endpoint.id }),
    });
    expect(res.status).toBe(413);
  });

  it("better-auth's endpoints (sign-in): 2 MB → 413", async ({ database }) => {
    mocks.database = database;
    const { POST } = await import("@/app/api/auth/[...all]/route");
    const url = "http://127.0.0.1/api/auth/sign-in/email";
    const big = JSON.stringify({ email: "a@example.com", password: "x".repeat(2 * MB) });
    expect((await POST(post(url, big))).status).toBe(413);
    expect((await POST(post(url, streamOf(2 * MB, '{"email":"a@example.com","password":"')))).status).toBe(413);
    const small = await POST(post(url, JSON.stringify({ email: "nobody@example.com", password: "whatever123" })));
    expect(small.status).toBe(401);
  });
});
