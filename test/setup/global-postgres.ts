import type { TestProject } from "vitest/node";
import { openPostgres } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { adminQuery, databaseUrl } from "@/test/helpers/postgres-admin";

/** Migrates a template database once; each test file gets `CREATE DATABASE … TEMPLATE` (~0.2 s). */
export default async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_DATABASE_URL!;
  // One template per project (the e2e project uses this setup too) so their set-ups never drop each other's.
  const template = `runtower_tmpl_${project.name}_${process.pid}`;
  try {
    await adminQuery(adminUrl, `drop database if exists ${template} with (force)`);
    await adminQuery(adminUrl, `create database ${template}`);
  } catch (error) {
    throw new Error(`[runtower tests] cannot reach the Postgres named by TEST_DATABASE_URL (${adminUrl}): ${error}`);
  }
  const database = await openPostgres(databaseUrl(adminUrl, template), { max: 1 });
  await migrateDatabase(database);
  await database.close();
  project.provide("postgresAdminUrl", adminUrl);
  project.provide("postgresTemplate", template);
  return async () => {
    const leftovers = await adminQuery<{ datname: string }>(
      adminUrl,
      `select datname from pg_database where datname like 'runtower_t_${project.name}_${process.pid}_%'`,
    );
    for (const { datname } of leftovers) await adminQuery(adminUrl, `drop database if exists ${datname} with (force)`);
    await adminQuery(adminUrl, `drop database if exists ${template} with (force)`);
  };
}
