import http from "node:http";
import net from "node:net";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { callbackDeliveries } from "@/db/schema";
import { newId } from "@/server/ids";
import { CallbackWorker, type CallbackWorkerOptions } from "@/server/modules/callbacks";

export interface ReceivedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface TestReceiver {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * A local receiver on 127.0.0.1 (or another loopback address) whose behaviour is chosen by path:
 * /ok → 200, /fail → 500, /redirect → 302 to /ok, /gone → 410, /retry-after → 503 with Retry-After: 120,
 * /slow → answers 200 after `slowMs`, /close → destroys the socket without answering, /big → 200 with 10 KB.
 * Anything else → 200. `handler` overrides it all.
 */
export async function startReceiver(
  options: { host?: string; slowMs?: number; handler?: (req: ReceivedRequest, res: http.ServerResponse) => void } = {},
): Promise<TestReceiver> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const received = { path: req.url ?? "/", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      requests.push(received);
      if (options.handler) return options.handler(received, res);
      switch (received.path) {
        case "/fail":
          res.writeHead(500, { "content-type": "text/plain" }).end("internal error at the receiver");
          return;
        case "/redirect":
          res.writeHead(302, { location: "/ok" }).end();
          return;
        case "/gone":
          res.writeHead(410).end("gone");
          return;
        case "/retry-after":
          res.writeHead(503, { "retry-after": "120" }).end("busy");
          return;
        case "/slow":
          setTimeout(() => {
            if (!res.destroyed) res.writeHead(200).end("late");
          }, options.slowMs ?? 2000);
          return;
        case "/close":
          req.socket.destroy();
          return;
        case "/big":
          res.writeHead(200).end("x".repeat(10_000));
          return;
        default:
          res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
      }
    });
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * `startReceiver(options)` as a file-scoped fixture (started on first use, closed after the file's last test):
 * `it.extend("receiver", { scope: "file" }, receiverFixture({ slowMs: 1500 }))`.
 */
export function receiverFixture(options?: Parameters<typeof startReceiver>[0]) {
  return async ({}: object, { onCleanup }: { onCleanup: (cleanup: () => Promise<void>) => void }) => {
    const receiver = await startReceiver(options);
    onCleanup(() => receiver.close());
    return receiver;
  };
}

/** A port on 127.0.0.1 where nothing listens (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Tests allow 127.0.0.1 only: 127.0.0.2 is loopback too, and stays refused. */
export const TEST_POLICY = { allowedHosts: ["127.0.0.1"] };

/** A controllable clock, a little ahead of the database's now() so freshly enqueued rows are due. */
export function testClock(start = new Date(Date.now() + 1000)) {
  let now = start;
  return {
    clock: () => now,
    now: () => now,
    set: (date: Date) => (now = date),
    advance: (ms: number) => (now = new Date(now.getTime() + ms)),
  };
}

export function testWorker(db: Db, options: Partial<CallbackWorkerOptions> = {}) {
  return new CallbackWorker({ db, policy: TEST_POLICY, timeoutMs: 3000, leaseMs: 5000, log: () => undefined, ...options });
}

/** Inserts `count` due deliveries directly (for load tests: no runs needed). Returns their ids. */
export async function insertDeliveries(db: Db, orgId: string, url: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 500) {
    const rows = Array.from({ length: Math.min(500, count - i) }, () => {
      const id = newId("delivery");
      ids.push(id);
      return {
        id,
        organizationId: orgId,
        subjectId: newId("run"),
        event: "run.finished" as const,
        url,
        body: JSON.stringify({ run_id: id, status: "completed" }),
        nextAttemptAt: new Date(Date.now() - 1000),
      };
    });
    await db.insert(callbackDeliveries).values(rows);
  }
  return ids;
}

export async function deliveryRow(db: Db, id: string) {
  const [row] = await db.select().from(callbackDeliveries).where(eq(callbackDeliveries.id, id));
  return row;
}
