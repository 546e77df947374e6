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
          exclude: ["test/e2e/**"],
          env: { TEST_ENGINE: "pglite" },
          globalSetup: ["test/setup/global-pglite.ts"],
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
                exclude: ["test/unit/**", "test/e2e/**"],
                env: { TEST_ENGINE: "postgres" },
                globalSetup: ["test/setup/global-postgres.ts"],
              },
            },
          ]
        : []),
      {
        ...shared,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          env: { TEST_ENGINE: e2eEngine },
          testTimeout: 120_000,
          hookTimeout: 180_000,
          globalSetup: [
            "test/setup/global-next-build.ts",
            postgresUrl ? "test/setup/global-postgres.ts" : "test/setup/global-pglite.ts",
          ],
        },
      },
    ],
  },
});
