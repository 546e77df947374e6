import { TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppRouter } from "@/server/root";
import { E2E_INIT, startAppServer, type AppServer } from "@/test/helpers/app-server";
import { appClient } from "@/test/helpers/trpc-client";

let server: AppServer;

const clientFor = (token: string | null) => appClient(server.url, () => (token ? { authorization: `Bearer ${token}` } : {}));

beforeAll(async () => {
  server = await startAppServer();
});
afterAll(async () => server?.stop());

describe("tRPC over HTTP on next start", () => {
  it("authenticates with the RUNTOWER_INIT_* API key and serves runs", async () => {
    const client = clientFor(E2E_INIT.RUNTOWER_INIT_API_KEY);
    const agent = await client.agents.create.mutate({ name: "http-agent" });
    expect(agent.projectId).toBe(E2E_INIT.RUNTOWER_INIT_PROJECT_ID);
    const run = await client.runs.create.mutate({ agentId: agent.id });
    const page = await client.runs.list.query({ agentId: agent.id });
    expect(page.items.map((r) => r.id)).toEqual([run.id]);
    expect(page.items[0].createdAt).toBeInstanceOf(Date);
  });

  it("answers UNAUTHORIZED to a wrong API key", async () => {
    for (const token of ["rt_not_a_real_key", "x"]) {
      const error = await clientFor(token)
        .runs.list.query({})
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TRPCClientError);
      expect((error as TRPCClientError<AppRouter>).data?.code).toBe("UNAUTHORIZED");
    }
  });

  it("names the field in BAD_REQUEST errors", async () => {
    const error = (await clientFor(E2E_INIT.RUNTOWER_INIT_API_KEY)
      .runs.list.query({ limit: 5000 })
      .catch((e: unknown) => e)) as TRPCClientError<AppRouter>;
    expect(error.data?.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/^limit: /);
  });

  it("leaves small answers uncompressed and gzips large ones for clients that accept gzip", async () => {
    const client = clientFor(E2E_INIT.RUNTOWER_INIT_API_KEY);
    const agent = await client.agents.create.mutate({ name: "encoding-agent" });
    const runs = [];
    for (let i = 0; i < 25; i++)
      runs.push(await client.runs.create.mutate({ agentId: agent.id, metadata: { note: "x".repeat(400) } }));
    const get = (path: string) =>
      fetch(`${server.url}${path}`, {
        headers: { authorization: `Bearer ${E2E_INIT.RUNTOWER_INIT_API_KEY}`, "accept-encoding": "gzip" },
      });
    const input = (value: unknown) => encodeURIComponent(JSON.stringify({ json: value }));

    const small = await get(`/api/trpc/runs.get?input=${input({ runId: runs[0].id })}`);
    expect(small.status).toBe(200);
    expect(small.headers.get("content-encoding")).toBeNull();
    expect(small.headers.get("cache-control")).toContain("no-transform");
    expect((await small.json()).result.data.json.id).toBe(runs[0].id);

    const rest = await get(`/v1/runs/${runs[0].id}`);
    expect(rest.status).toBe(200);
    expect(rest.headers.get("content-encoding")).toBeNull();

    const large = await get(`/api/trpc/runs.list?input=${input({ agentId: agent.id, limit: 25 })}`);
    expect(large.status).toBe(200);
    expect(large.headers.get("content-encoding")).toBe("gzip");
    // fetch decodes the gzip body; the page is whole.
    expect((await large.json()).result.data.json.items).toHaveLength(25);
  });
});
