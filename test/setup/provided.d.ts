import "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** A migrated PGlite data dir (tar), restored once per test file. */
    pgliteSnapshotPath: string;
    /** Admin URL and the migrated template every Postgres test file's database is copied from. */
    postgresAdminUrl: string;
    postgresTemplate: string;
    /** The `next build` output end-to-end servers start from (relative to the repo root). */
    nextDistDir: string;
  }
}
