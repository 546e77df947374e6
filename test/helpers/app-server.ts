import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { freePort, startNextProcess, type NextProcess } from "./next-process";
import { adminQuery, databaseUrl } from "./postgres-admin";
import { TEST_ENGINE } from "./db";

/** Known headless start-up values, so tests have an org, a project, an API key and an owner without clicking. */
export const E2E_INIT = {
  RUNTOWER_INIT_ORG_ID: "org-0e2e0000-0000-4000-8000-000000000001",
  RUNTOWER_INIT_PROJECT_ID: "project-0e2e0000-0000-4000-8000-000000000001",
  RUNTOWER_INIT_API_KEY: "rt_e2e_test_key_0123456789abcdef",
  RUNTOWER_INIT_USER_EMAIL: "owner@e2e.runtower.dev",
  RUNTOWER_INIT_USER_PASSWORD: "e2e-owner-password-123",
  // A production start refuses to boot without both secrets (server/env.ts).
  BETTER_AUTH_SECRET: "e2e-only-secret-5c1f0b7a9d2e4c6b8a0f1e3d5c7b9a2f",
  RUNTOWER_KEY_PEPPER: "e2e-only-pepper-7d3a9c1e5b2f4a6c8e0d1b3f5a7c9e2d",
};

export interface AppServer {
  url: string;
  port: number;
  /** Postgres only: the server's database, for assertions from the test process. */
  databaseUrl: string | null;
  stop(): Promise<void>;
  logs(): string;
}

/**
 * `next start` on 127.0.0.1 with a database of its own: a Postgres database copied from the test
 * template (postgres engine) or a fresh PGlite data dir (pglite engine). Seeds demo data on request.
 */
export async function startAppServer(options: { env?: Record<string, string>; seedDemo?: boolean } = {}): Promise<AppServer> {
  const port = await freePort();
  let dbUrl: string | null = null;
  let dataDir: string | null = null;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...E2E_INIT,
    NEXT_DIST_DIR: inject("nextDistDir"),
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_MANUAL_SIG_HANDLE: "1",
    NODE_ENV: "production",
    RUNTOWER_SEED_DEMO: options.seedDemo ? "true" : "false",
    // The server's public origin: better-auth's trusted origin, and http (not __Secure-) session cookies.
    BETTER_AUTH_URL: `http://127.0.0.1:${port}`,
    ...options.env,
  };
  delete env.VITEST;
  delete env.TEST_ENGINE;
  if (TEST_ENGINE === "postgres") {
    const adminUrl = inject("postgresAdminUrl");
    const name = `${inject("postgresTemplate").replace("_tmpl_", "_t_")}_${randomBytes(6).toString("hex")}`;
    await adminQuery(adminUrl, `create database ${name} template ${inject("postgresTemplate")}`);
    dbUrl = databaseUrl(adminUrl, name);
    env.DATABASE_URL = dbUrl;
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "runtower-e2e-"));
    env.PGLITE_DATA_DIR = dataDir;
    delete env.DATABASE_URL;
  }
  const dropDatabase = async () => {
    if (dbUrl) {
      const name = new URL(dbUrl).pathname.slice(1);
      await adminQuery(inject("postgresAdminUrl"), `drop database if exists ${name} with (force)`);
    }
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };
  let server: NextProcess;
  try {
    server = await startNextProcess(port, env);
  } catch (error) {
    await dropDatabase();
    throw error;
  }
  const stop = async () => {
    await server.stop();
    await dropDatabase();
  };
  return { url: server.url, port, databaseUrl: dbUrl, stop, logs: server.logs };
}
