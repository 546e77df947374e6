import { sql, type SQL } from "drizzle-orm";
import { afterAll, describe, expect } from "vitest";
import { queryRows } from "@/db/client";
import { callbackDeliveries } from "@/db/schema";
import { rebuildHistograms } from "@/server/modules/percentiles";
import { receiverFixture, testWorker } from "@/test/callbacks/helpers";
import { TEST_ENGINE } from "@/test/helpers/db";
import { it as base } from "@/test/helpers/test";
import { histogramRows } from "@/test/perf/helpers";
import { bundle, exitOf, removeBundles, killRepeatedly, printed, sleep, spawnBundle } from "./helpers";

/**
 * A child process completes, fails and cancels runs (callback_url on most) through the services; the test SIGKILLs
 * it at random moments, at least 50 times, then checks with SQL that every run is consistent and no callback is
 * lost. Postgres only: the child is a second process on the same database, which PGlite cannot have.
 */
const onPostgres = TEST_ENGINE === "postgres";
const SKIP_NOTE = onPostgres ? "" : " [SKIPPED on PGlite: needs Postgres (set TEST_DATABASE_URL); PGlite belongs to one process]";
const KILLS = 50;

const it = base.extend("receiver", { scope: "file" }, receiverFixture()).extend(
  "n",
  { scope: "file" },
  async ({ db }) =>
    async (query: SQL) =>
      Number((await queryRows<{ n: string }>(db, query))[0].n),
);

afterAll(() => removeBundles());

describe.skipIf(!onPostgres)(`SIGKILL during run completion${SKIP_NOTE}`, () => {
  it(`${KILLS}+ kills at random points: terminal runs are finalized, each with exactly one delivery, histograms equal a rebuild, every callback arrives${SKIP_NOTE}`, async ({
    db,
    database,
    org,
    receiver,
    n,
  }) => {
    const agent = await org.caller.agents.create({ name: "kill agent" });
    const env = {
      DATABASE_URL: database.url!,
      ORG_ID: org.orgId,
      ACTOR: org.scope.actor,
      AGENT_ID: agent.id,
      CALLBACK_URL: receiver.url,
    };
    const fixture = bundle("test/faults/fixtures/complete-runs.ts");
    let startFailures = 0;
    const started = Date.now();
    const kills = await killRepeatedly(KILLS, 2, async () => {
      const child = spawnBundle(fixture, env);
      const output = { text: "" };
      const ready = await printed(child, "finished", output); // its first run is through: the loops are warm
      if (!ready) {
        startFailures++;
        throw new Error(`the fixture exited before it was ready:\n${output.text}`);
      }
      await sleep(Math.random() * 300); // a random point in the middle of the completion loops
      const alive = child.exitCode === null;
      child.kill("SIGKILL");
      const exit = await exitOf(child);
      if (alive && exit.signal !== "SIGKILL") throw new Error(`fixture exited with ${exit.code}:\n${output.text}`);
      return alive && exit.signal === "SIGKILL";
    });
    expect(startFailures).toBe(0);
    expect(kills).toBeGreaterThanOrEqual(KILLS);
    const orgIs = sql`organization_id = ${org.orgId}`;
    const terminal = sql`status in ('completed', 'failed', 'cancelled', 'expired')`;

    const total = await n(sql`select count(*) as n from runs where ${orgIs}`);
    const terminalRuns = await n(sql`select count(*) as n from runs where ${orgIs} and ${terminal}`);
    const openRuns = total - terminalRuns;
    console.log(
      `[kill-completion] ${kills} kills in ${Date.now() - started} ms; ${terminalRuns} terminal runs, ${openRuns} left open by a kill`,
    );
    expect(terminalRuns).toBeGreaterThan(KILLS); // the kills did interrupt real work

    // Every run has its metrics row (created with it); every terminal run is finalized.
    expect(
      await n(
        sql`select count(*) as n from runs r where ${orgIs} and not exists (select 1 from run_metrics m where m.id = r.id)`,
      ),
    ).toBe(0);
    expect(await n(sql`select count(*) as n from runs where ${orgIs} and ${terminal} and completed_at is null`)).toBe(0);
    expect(
      await n(sql`select count(*) as n from runs r join run_metrics m on m.id = r.id
                  where r.organization_id = ${org.orgId} and r.status in ('completed', 'failed', 'cancelled', 'expired')
                    and (m.run_ns is null or m.num_steps is distinct from (select count(*) from steps s where s.run_id = r.id))`),
    ).toBe(0);
    // Open runs were never finalized.
    expect(await n(sql`select count(*) as n from runs where ${orgIs} and not (${terminal}) and completed_at is not null`)).toBe(
      0,
    );
    // Exactly one outbox row per terminal run with a callback_url; none for open runs or runs without one.
    expect(
      await n(sql`select count(*) as n from runs r where ${orgIs} and ${terminal} and callback_url is not null
                  and (select count(*) from callback_deliveries d where d.subject_id = r.id) <> 1`),
    ).toBe(0);
    expect(
      await n(sql`select count(*) as n from callback_deliveries d join runs r on r.id = d.subject_id
                  where d.organization_id = ${org.orgId} and (not (r.status in ('completed', 'failed', 'cancelled', 'expired')) or r.callback_url is null)`),
    ).toBe(0);
    expect(
      await n(
        sql`select count(*) as n from callback_deliveries d where ${orgIs} and not exists (select 1 from runs r where r.id = d.subject_id)`,
      ),
    ).toBe(0);

    // Histograms kept in the completing transactions equal a rebuild from the runs table.
    const incremental = await histogramRows(db, org.orgId);
    await rebuildHistograms(db, { orgId: org.orgId });
    expect(incremental).toEqual(await histogramRows(db, org.orgId));
    expect(incremental.length).toBeGreaterThan(0);

    // No callback lost: a worker delivers every outbox row, and the receiver sees each webhook-id.
    const deliveries = await db
      .select({ id: callbackDeliveries.id })
      .from(callbackDeliveries)
      .where(sql`${callbackDeliveries.organizationId} = ${org.orgId}`);
    expect(deliveries.length).toBeGreaterThan(0);
    const worker = testWorker(db, { clock: () => new Date(Date.now() + 1000), maxInFlight: 64 });
    for (let round = 0; round < 100; round++) if ((await worker.runOnce(500)).length === 0) break;
    expect(await n(sql`select count(*) as n from callback_deliveries where ${orgIs} and status <> 'delivered'`)).toBe(0);
    const received = new Set(receiver.requests.map((r) => String(r.headers["webhook-id"])));
    expect(deliveries.filter((d) => !received.has(d.id))).toEqual([]);
  }, 90_000);
});
