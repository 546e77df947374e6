import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppRouter } from "@/server/root";
import { E2E_INIT, startAppServer, type AppServer } from "@/test/helpers/app-server";

let server: AppServer;

const clientFor = (token: string | null) =>
  createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${server.url}/api/trpc`,
        transformer: superjson,
        headers: () => (token ? { authorization: `Bearer ${token}` } : {}),
      }),
    ],
  });

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
});
