import { defineConfig } from "drizzle-kit";

// Migrations are generated offline from the schema; no database connection is needed to generate them.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
});
