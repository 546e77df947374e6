import http from "node:http";
import type net from "node:net";
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { describe, expect } from "vitest";
import { receivedCallbacks } from "@/db/schema";
import { newId } from "@/server/ids";
import { receiveCallback } from "@/server/modules/callbacks";
import { it as base } from "@/test/helpers/test";
import { testWorker } from "./helpers";

let endpoint: { id: string; url: string; secret: string };

function signed(
  body: string,
  options: { secret?: string; id?: string; at?: Date; tamper?: (b: string) => string; endpointId?: string } = {},
) {
  const id = options.id ?? `msg_${Math.random().toString(36).slice(2)}`;
  const at = options.at ?? new Date();
  const signature = new Webhook(options.secret ?? endpoint.secret).sign(id, at, body);
  return new Request(`http://localhost/api/callbacks/${options.endpointId ?? endpoint.id}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": signature,
    },
    body: options.tamper ? options.tamper(body) : body,
  });
}

const it = base
  .extend(
    "post",
    { scope: "file" },
    async ({ db }) =>
      (request: Request, endpointId = endpoint.id) =>
        receiveCallback(db, endpointId, request),
  )
  .extend(
    "stored",
    { scope: "file" },
    async ({ db }) =>
      () =>
        db.select().from(receivedCallbacks).where(eq(receivedCallbacks.endpointId, endpoint.id)),
  );

it.beforeAll(async ({ org }) => {
  endpoint = await org.caller.callbacks.endpoints.create({ name: "inbox" });
});

describe("receiver: POST /api/callbacks/[endpointId] (handler called with a Request)", () => {
  it("creates an endpoint with a URL and a whsec_ secret", () => {
    expect(endpoint.id).toMatch(/^endpoint-/);
    expect(endpoint.url).toMatch(new RegExp(`/api/callbacks/${endpoint.id}$`));
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  });

  it("stores a verified delivery once per webhook-id, counting retries", async ({ post, stored }) => {
    const body = JSON.stringify({ run_id: "run-x", status: "completed" });
    const first = await post(signed(body, { id: "msg_same" }));
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ received: true, duplicate: false, count: 1 });
    const again = await post(signed(body, { id: "msg_same" }));
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true, count: 2 });
    const rows = (await stored()).filter((r) => r.webhookId === "msg_same");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ receivedCount: 2, payload: { run_id: "run-x", status: "completed" } });
  });

  it("refuses a tampered body, an old timestamp and a wrong secret with 401, storing nothing", async ({ post, stored }) => {
    const before = (await stored()).length;
    const body = JSON.stringify({ run_id: "run-y" });
    const tampered = await post(signed(body, { tamper: (b) => b.replace("run-y", "run-z") }));
    expect(tampered.status).toBe(401);
    const old = await post(signed(body, { at: new Date(Date.now() - 6 * 60_000) }));
    expect(old.status).toBe(401);
    expect(await old.json()).toMatchObject({ error: expect.stringMatching(/too old/) });
    const future = await post(signed(body, { at: new Date(Date.now() + 6 * 60_000) }));
    expect(future.status).toBe(401);
    const wrong = await post(signed(body, { secret: `whsec_${Buffer.alloc(32, 7).toString("base64")}` }));
    expect(wrong.status).toBe(401);
    const unsigned = await post(new Request("http://localhost/x", { method: "POST", body }));
    expect(unsigned.status).toBe(401);
    expect((await stored()).length).toBe(before);
  });

  it("answers 404 to an unknown endpoint, 413 past 1 MB, 400 to non-JSON — storing nothing", async ({ post, stored }) => {
    const before = (await stored()).length;
    expect((await post(signed("{}"), newId("endpoint"))).status).toBe(404);
    expect((await post(signed("{}"), "not-an-endpoint")).status).toBe(404);
    const big = JSON.stringify({ pad: "x".repeat(1024 * 1024) });
    expect((await post(signed(big))).status).toBe(413);
    // Without a Content-Length (a stream): the limit holds while reading.
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new Uint8Array(64 * 1024).fill(32));
        controller.close();
      },
    });
    const streamed = new Request(`http://localhost/api/callbacks/${endpoint.id}`, {
      method: "POST",
      body: stream,
      // @ts-expect-error Node's fetch needs this for a streamed body
      duplex: "half",
    });
    expect((await post(streamed)).status).toBe(413);
    expect((await post(signed("not json {"))).status).toBe(400);
    expect((await stored()).length).toBe(before);
  });

  it("after rotateSecret both the new and the previous secret verify (24 h overlap)", async ({ org, post }) => {
    const previous = endpoint.secret;
    const rotated = await org.caller.callbacks.endpoints.rotateSecret({ endpointId: endpoint.id });
    expect(rotated.secret).not.toBe(previous);
    expect((await post(signed('{"a":1}', { secret: previous }))).status).toBe(200);
    expect((await post(signed('{"a":2}', { secret: rotated.secret }))).status).toBe(200);
    endpoint = { ...endpoint, secret: rotated.secret };
  });

  it("lists the inbox by endpoint with a cursor; another org sees nothing and gets NOT_FOUND", async ({ org, other, post }) => {
    const second = await org.caller.callbacks.endpoints.create({ name: "second" });
    const ok = await post(signed('{"second":true}', { secret: second.secret, endpointId: second.id }), second.id);
    expect(ok.status).toBe(200);
    const all = await org.caller.callbacks.received({});
    const mine = await org.caller.callbacks.received({ endpointId: endpoint.id });
    expect(all.items.length).toBe(mine.items.length + 1);
    const page1 = await org.caller.callbacks.received({ endpointId: endpoint.id, limit: 1 });
    const page2 = await org.caller.callbacks.received({ endpointId: endpoint.id, limit: 1, after: page1.nextCursor! });
    expect(page1.items[0].id).not.toBe(page2.items[0].id);
    expect(page2.items[0].id).toBe(mine.items[1].id);

    expect((await other.caller.callbacks.received({})).items).toHaveLength(0);
    expect((await other.caller.callbacks.endpoints.list({})).items).toHaveLength(0);
    await expect(other.caller.callbacks.endpoints.rotateSecret({ endpointId: second.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(other.caller.callbacks.endpoints.delete({ endpointId: second.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(org.caller.callbacks.endpoints.delete({ endpointId: "delivery-x" as string })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      cause: { issues: [expect.objectContaining({ path: ["endpointId"] })] },
    });
    const listed = await org.caller.callbacks.endpoints.list({});
    expect(listed.items.map((e) => e.id).sort()).toEqual([endpoint.id, second.id].sort());
    expect(listed.items[0]).not.toHaveProperty("secret");
    await org.caller.callbacks.endpoints.delete({ endpointId: second.id });
    expect((await post(signed("{}", { secret: second.secret, endpointId: second.id }), second.id)).status).toBe(404);
  });

  it("end to end: the worker delivers a run's callback to Runtower's own receiver, and a retry is recorded once", async ({
    db,
    org,
    other,
  }) => {
    // The receiver handler behind a plain node:http server on 127.0.0.1 (next start is covered in test/e2e).
    const server = http.createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const response = await receiveCallback(
        db,
        req.url!.split("/").pop()!,
        new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) }),
      );
      res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const port = (server.address() as net.AddressInfo).port;
    try {
      // Signed with the org's secret and, because the URL is this org's own endpoint, with the endpoint's secret.
      const inbox = await org.caller.callbacks.endpoints.create({ name: "self" });
      const agent = await org.caller.agents.create({ name: "self-agent" });
      const run = await org.caller.runs.create({
        agentId: agent.id,
        callbackUrl: `http://127.0.0.1:${port}/api/callbacks/${inbox.id}`,
      });
      await org.caller.runs.update({ runId: run.id, status: "completed" });
      const worker = testWorker(db);
      await worker.runOnce(100);
      const [delivery] = (await org.caller.callbacks.deliveries({ runId: run.id })).items;
      expect(delivery.status).toBe("delivered");
      await org.caller.callbacks.redeliver({ deliveryId: delivery.id });
      await worker.runOnce(100);
      const inboxItems = (await org.caller.callbacks.received({ endpointId: inbox.id })).items;
      expect(inboxItems).toHaveLength(1);
      expect(inboxItems[0]).toMatchObject({
        webhookId: delivery.id,
        receivedCount: 2,
        payload: { run_id: run.id, status: "completed" },
      });

      // Another org pointing its run at this org's endpoint is not signed with the endpoint's secret: 401, not stored.
      const foreignAgent = await other.caller.agents.create({ name: "foreign" });
      const foreign = await other.caller.runs.create({
        agentId: foreignAgent.id,
        callbackUrl: `http://127.0.0.1:${port}/api/callbacks/${inbox.id}`,
      });
      await other.caller.runs.update({ runId: foreign.id, status: "completed" });
      await worker.runOnce(100);
      const [foreignDelivery] = (await other.caller.callbacks.deliveries({ runId: foreign.id })).items;
      const [attempt] = await other.caller.callbacks.attempts({ deliveryId: foreignDelivery.id });
      expect(attempt).toMatchObject({ outcome: "failed", statusCode: 401 });
      expect((await org.caller.callbacks.received({ endpointId: inbox.id })).items).toHaveLength(1);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
