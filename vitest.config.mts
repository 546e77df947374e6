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
                exclude: ["test/unit/**"],
                env: { TEST_ENGINE: "postgres" },
                globalSetup: ["test/setup/global-postgres.ts"],
              },
            },
          ]
        : []),
    ],
  },
});
