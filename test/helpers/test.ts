import { test as base } from "vitest";
import { createTestOrg } from "./fixtures";
import { openTestDatabase } from "./db";

/**
 * `it` with the fixtures integration tests share, each set up once per FILE on first use and closed after its last
 * test (never per test): `database` (a fresh migrated database on the running project's engine), `db`, `org` (an
 * organization with a project, an API key and an owner's caller) and `other` (a second organization, for isolation).
 * Tests and `it.beforeAll` hooks name what they use: `it("…", async ({ org }) => …)`.
 */
export const it = base
  .extend("database", { scope: "file" }, async ({}, { onCleanup }) => {
    const database = await openTestDatabase();
    onCleanup(() => database.close());
    return database;
  })
  .extend("db", { scope: "file" }, async ({ database }) => database.db)
  .extend("org", { scope: "file" }, async ({ db }) => createTestOrg(db, "Test org"))
  .extend("other", { scope: "file" }, async ({ db }) => createTestOrg(db, "Other org"));

export const test = it;
