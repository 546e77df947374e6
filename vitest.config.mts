import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

const postgresUrl = process.env.TEST_DATABASE_URL;
if (!postgresUrl) {
  console.warn(
    "\n[runtower tests] TEST_DATABASE_URL is not set: integration tests run on PGlite only. " +
      "Set it (e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test) to run them on Postgres too; CI does.\n",
  );
}

const shared = { extends: true as const };
// End-to-end files start `next start` against one build; they run once, on Postgres when it is available.
const e2eEngine = postgresUrl ? "postgres" : "pglite";

/**
 * Projects run in groups, one group after the other (`sequence.groupOrder`): the integration files of both engines
 * together on every core (most of their time is imports and single queries, so two files overlap well), then the
 * fault files one at a time (they SIGKILL child processes on a schedule and need the machine to themselves), then
 * the end-to-end files (each starts `next start` and often Chromium). RUNTOWER_TEST_WORKERS overrides the count.
 */
const workers = Number(process.env.RUNTOWER_TEST_WORKERS) || Math.max(2, os.availableParallelism());
const engineSetup = (engine: "pglite" | "postgres") => `test/setup/global-${engine}.ts`;

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        ...shared,
        test: {
          name: "pglite",
          include: ["test/**/*.test.ts"],
          exclude: ["test/e2e/**", "test/faults/**"],
          env: { TEST_ENGINE: "pglite" },
          globalSetup: [engineSetup("pglite")],
          maxWorkers: workers,
          sequence: { groupOrder: 0 },
        },
      },
      ...(postgresUrl
        ? [
            {
              ...shared,
              test: {
                name: "postgres",
                include: ["test/**/*.test.ts"],
                // Pure unit tests need no database: running them once is enough.
                exclude: ["test/unit/**", "test/e2e/**", "test/faults/**"],
                env: { TEST_ENGINE: "postgres" },
                globalSetup: [engineSetup("postgres")],
                maxWorkers: workers,
                sequence: { groupOrder: 0 },
              },
            },
          ]
        : []),
      {
        ...shared,
        test: {
          // Postgres only (a second process on the same database); on PGlite they skip, saying why.
          name: "faults",
          include: ["test/faults/**/*.test.ts"],
          env: { TEST_ENGINE: e2eEngine },
          testTimeout: 120_000,
          globalSetup: [engineSetup(e2eEngine)],
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
      {
        ...shared,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          env: { TEST_ENGINE: e2eEngine },
          testTimeout: 120_000,
          hookTimeout: 180_000,
          globalSetup: ["test/setup/global-next-build.ts", engineSetup(e2eEngine)],
          maxWorkers: workers,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
