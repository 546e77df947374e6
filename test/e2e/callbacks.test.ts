import pg from "pg";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "@/server/ids";
import { E2E_INIT, startAppServer, type AppServer } from "@/test/helpers/app-server";
import { startReceiver, type TestReceiver } from "@/test/callbacks/helpers";
import { appClient } from "@/test/helpers/trpc-client";

/**
 * next start with its in-app worker (started by instrumentation.ts): a run's callback reaches a local receiver,
 * signed; and the receiver route answers over real HTTP. Rows are read and seeded with SQL, so this needs the
 * Postgres e2e engine (TEST_DATABASE_URL); API keys cannot manage endpoints or read the signing secret.
 */
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const NOTE = onPostgres ? "" : " [SKIPPED: needs Postgres (TEST_DATABASE_URL) to seed and read rows of the server's database]";

let server: AppServer;
let receiver: TestReceiver;
let sql: pg.Client;

beforeAll(async () => {
  if (!onPostgres) return;
  receiver = await startReceiver();
  server = await startAppServer({ env: { CALLBACK_ALLOWED_HOSTS: "127.0.0.1", CALLBACK_POLL_MS: "100" } });
  sql = new pg.Client({ connectionString: server.databaseUrl! });
  await sql.connect();
});
afterAll(async () => {
  await sql?.end();
  await server?.stop();
  await receiver?.close();
});

const client = () => appClient(server.url);

async function waitFor<T>(read: () => Promise<T | null | undefined>, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${server.logs().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!onPostgres)(`callbacks on next start${NOTE}`, () => {
  it("the in-app worker delivers a completed run's callback, signed with the org's secret", async () => {
    const trpc = client();
    const agent = await trpc.agents.create.mutate({ name: "e2e-callbacks" });
    const run = await trpc.runs.create.mutate({ agentId: agent.id, callbackUrl: `${receiver.url}/ok` });
    await trpc.runs.update.mutate({ runId: run.id, status: "completed" });
    const request = await waitFor(async () => receiver.requests.find((r) => r.body.includes(run.id)), "the delivery");
    const { rows } = await sql.query("select secret from callback_signing_secrets where organization_id = $1", [
      E2E_INIT.RUNTOWER_INIT_ORG_ID,
    ]);
    expect(new Webhook(rows[0].secret).verify(request.body, request.headers as Record<string, string>)).toMatchObject({
      run_id: run.id,
      status: "completed",
    });
    const delivered = await waitFor(async () => {
      const page = await trpc.callbacks.deliveries.query({ runId: run.id });
      return page.items[0]?.status === "delivered" ? page.items[0] : null;
    }, "the delivery to be recorded");
    expect(request.headers["webhook-id"]).toBe(delivered.id);
    const attempts = await trpc.callbacks.attempts.query({ deliveryId: delivered.id });
    expect(attempts).toMatchObject([{ attemptNumber: 1, outcome: "delivered", statusCode: 200 }]);
    expect((await trpc.runs.get.query({ runId: run.id })).callbackStatusCode).toBe(200);
  });

  it("the receiver route: 200 once per webhook-id, 401 bad signature, 404 unknown endpoint, 413 past 1 MB, 400 non-JSON", async () => {
    const endpointId = newId("endpoint");
    const secret = `whsec_${Buffer.alloc(32, 9).toString("base64")}`;
    await sql.query("insert into callback_endpoints (id, organization_id, name, secret) values ($1, $2, 'e2e', $3)", [
      endpointId,
      E2E_INIT.RUNTOWER_INIT_ORG_ID,
      secret,
    ]);
    const url = `${server.url}/api/callbacks/${endpointId}`;
    const send = (body: string, options: { id?: string; key?: string; to?: string } = {}) => {
      const id = options.id ?? `msg_${Math.random()}`;
      const at = new Date();
      return fetch(options.to ?? url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "webhook-id": id,
          "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
          "webhook-signature": new Webhook(options.key ?? secret).sign(id, at, body),
        },
        body,
      });
    };
    expect((await send('{"hello":1}', { id: "msg_e2e" })).status).toBe(200);
    expect((await send('{"hello":1}', { id: "msg_e2e" })).status).toBe(200);
    expect((await send("{}", { key: `whsec_${Buffer.alloc(32, 1).toString("base64")}` })).status).toBe(401);
    expect((await send("{}", { to: `${server.url}/api/callbacks/${newId("endpoint")}` })).status).toBe(404);
    expect((await send(JSON.stringify({ pad: "x".repeat(1024 * 1024 + 10) }))).status).toBe(413);
    expect((await send("not json")).status).toBe(400);
    const { rows } = await sql.query("select webhook_id, received_count from received_callbacks where endpoint_id = $1", [
      endpointId,
    ]);
    expect(rows).toEqual([{ webhook_id: "msg_e2e", received_count: 2 }]);
    const inbox = await client().callbacks.received.query({ endpointId });
    expect(inbox.items.map((i) => i.webhookId)).toEqual(["msg_e2e"]);
  });
});
