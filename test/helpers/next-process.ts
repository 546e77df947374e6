import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** `next build` into `env.NEXT_DIST_DIR` unless a complete build is already there (benches reuse theirs). */
export function ensureNextBuild(env: NodeJS.ProcessEnv, log: (line: string) => void): void {
  const distDir = env.NEXT_DIST_DIR ?? ".next";
  if (fs.existsSync(path.join(ROOT, distDir, "BUILD_ID"))) return;
  log(`  building ${distDir} (next build)…`);
  const built = spawnSync(process.execPath, [NEXT_BIN, "build"], {
    cwd: ROOT,
    env: { ...env, NODE_ENV: "production" },
    encoding: "utf8",
  });
  if (built.status !== 0) throw new Error(`next build failed: ${(built.stdout + built.stderr).slice(-800)}`);
}

export interface NextProcess {
  url: string;
  logs(): string;
  /** SIGTERM (the app closes its database), then SIGKILL after 5 s. */
  stop(): Promise<void>;
}

/**
 * `next start` on 127.0.0.1:`port` with `env`, resolved once /api/health answers 200 (the database is open and
 * migrated). The one way tests and benches start the built app.
 */
export async function startNextProcess(port: number, env: NodeJS.ProcessEnv): Promise<NextProcess> {
  let output = "";
  // RUNTOWER_NODE_ARGS: extra node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile a bench.
  const nodeArgs = (process.env.RUNTOWER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, NEXT_BIN, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: { ...env, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null) child.kill("SIGKILL");
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${output.slice(-4000)}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`next start did not become healthy within 90 s:\n${output.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, logs: () => output, stop };
}
