import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { projects, runs, tools } from "@/db/schema";
import { newId } from "@/server/ids";
import { permissionsFor } from "@/server/modules/access/permissions";
import { ensureMembership, ensurePasswordUser } from "@/server/modules/access/users";
import { appRouter, createCaller } from "@/server/root";
import { catchTrpc, expectTrpcError, snapshotTables } from "@/test/helpers/assertions";
import { openTestDatabase } from "@/test/helpers/db";
import { createTestOrg, type TestOrg } from "@/test/helpers/fixtures";

/**
 * Org isolation for EVERY procedure of appRouter: `mine` calls each procedure with `theirs`' ids and must get
 * NOT_FOUND (exactly as for a missing id) with nothing written, or, for lists, never see a row of theirs.
 * A meta-test fails when a procedure of appRouter has no entry here, so a new procedure cannot skip this suite.
 * To add a procedure: one entry in ISOLATION, keyed by its path ("router.procedure").
 */

interface OrgData {
  name: string;
  org: TestOrg;
  agentId: string;
  /** A finished run with a step, messages and a tool call. */
  runId: string;
  /** An open run with a pending step. */
  openRunId: string;
  /** A completed run waiting on approval. */
  approvalRunId: string;
  stepId: string;
  messageId: string;
  batchId: string;
  toolId: string;
  /** The callback delivery enqueued when `runId` completed (it has a callback_url). */
  deliveryId: string;
  endpointId: string;
  viewId: string;
  /** A member user of the org (not the caller). */
  userId: string;
  /** A pending invitation of the org, and its accept token. */
  invitationId: string;
  invitationToken: string;
}

let database: Database;
let mine: OrgData;
let theirs: OrgData;
/** Every id of `theirs`: none may appear in anything `mine` is answered. */
let foreignIds: string[];

/** `name`'s data in a new org, or (with `inOrg`) in `inOrg`'s org under its `projectId`. */
async function buildOrg(name: string, inOrg?: TestOrg): Promise<OrgData> {
  const org = inOrg ?? (await createTestOrg(database.db, name));
  const c = org.caller;
  const agentId = (await c.agents.create({ name: `${name}-agent`, projectId: org.projectId })).id;
  const runId = (
    await c.runs.create({ agentId, requestConfig: { use_assistant_message: true }, callbackUrl: `https://example.com/${name}` })
  ).id;
  const step = await c.steps.create({
    runId,
    status: "success",
    traceId: `${name}-trace`,
    messages: [
      { role: "user", content: "hello" },
      { role: "assistant", toolCalls: [{ id: `${name}-call`, name: `${name}-tool`, arguments: "{}" }] },
      { role: "tool", toolReturns: [{ tool_call_id: `${name}-call`, status: "success", func_response: "ok" }] },
    ],
  });
  await c.runs.update({ runId, status: "completed", totalDurationNs: 1_000, ttftNs: 10 });
  const openRunId = (await c.runs.create({ agentId })).id;
  await c.steps.create({ runId: openRunId, status: "pending" });
  const approvalRunId = (await c.runs.create({ agentId })).id;
  await c.steps.create({
    runId: approvalRunId,
    messages: [{ role: "approval", toolCalls: [{ id: `${name}-ask`, name: "risky", arguments: "{}" }] }],
  });
  await c.runs.update({ runId: approvalRunId, status: "completed", stopReason: "requires_approval" });
  const batchId = (await c.batches.create({ requests: [{ agentId }] })).id;
  const messageId = (await c.runs.messages({ runId })).items[0].id;
  const [tool] = await database.db
    .select()
    .from(tools)
    .where(and(eq(tools.organizationId, org.orgId), eq(tools.name, `${name}-tool`)));
  const deliveryId = (await c.callbacks.deliveries({ runId })).items[0].id;
  const endpointId = (await c.callbacks.endpoints.create({ name: `${name}-inbox` })).id;
  const viewId = (await c.views.create({ name: `${name}-view`, filters: { agentId } })).id;
  const userId = await ensurePasswordUser(database.db, { email: `${name}@example.com`, password: "correct horse battery" });
  await ensureMembership(database.db, { orgId: org.orgId, userId, role: "member" });
  const invited = await c.members.invite({ email: `${name}-invitee@example.com` });
  return {
    name,
    org,
    agentId,
    runId,
    openRunId,
    approvalRunId,
    stepId: step.id,
    messageId,
    batchId,
    toolId: tool.id,
    deliveryId,
    endpointId,
    viewId,
    userId,
    invitationId: invited.invitation.id,
    invitationToken: invited.token,
  };
}

beforeAll(async () => {
  database = await openTestDatabase();
  mine = await buildOrg("mine");
  theirs = await buildOrg("theirs");
  const batchRuns = await database.db.select({ id: runs.id }).from(runs).where(eq(runs.batchId, theirs.batchId));
  foreignIds = [
    theirs.org.orgId,
    theirs.org.projectId,
    theirs.agentId,
    theirs.runId,
    theirs.openRunId,
    theirs.approvalRunId,
    theirs.stepId,
    theirs.messageId,
    theirs.batchId,
    theirs.toolId,
    theirs.deliveryId,
    theirs.endpointId,
    theirs.viewId,
    theirs.userId,
    theirs.invitationId,
    theirs.invitationToken,
    ...batchRuns.map((r) => r.id),
  ];
});
afterAll(async () => database?.close());

type Caller = TestOrg["caller"];

/** The call must fail with NOT_FOUND about `id`, and write nothing. */
async function expectNotFound(call: () => Promise<unknown>, id: string) {
  const before = await snapshotTables(database.db);
  const shape = await expectTrpcError(call(), "NOT_FOUND");
  expect(shape.message).toContain(id);
  expect(await snapshotTables(database.db)).toEqual(before);
}

/** The answer mentions none of the other org's ids. */
function expectNoForeign(result: unknown) {
  const text = JSON.stringify(result);
  for (const id of foreignIds) expect(text, `answer leaks ${id}`).not.toContain(id);
}

/** Lists: nothing of theirs, and (non-vacuously) the caller's own rows where `ownId` is given. */
async function expectOwnOnly(call: () => Promise<unknown>, ownId?: string) {
  const result = await call();
  expectNoForeign(result);
  if (ownId) expect(JSON.stringify(result)).toContain(ownId);
  return result;
}

/** A cursor from another org is answered exactly as an unknown cursor (BAD_REQUEST naming the field). */
async function expectForeignCursorRejected(call: () => Promise<unknown>, field: "after" | "before") {
  await expectTrpcError(call(), "BAD_REQUEST", field);
}

type Check = (c: Caller, t: OrgData, m: OrgData) => Promise<void>;

const ISOLATION: Record<string, Check> = {
  // agents
  "agents.create": (c, t) => expectNotFound(() => c.agents.create({ name: "x", projectId: t.org.projectId }), t.org.projectId),
  "agents.get": (c, t) => expectNotFound(() => c.agents.get({ agentId: t.agentId }), t.agentId),
  "agents.list": async (c, t, m) => {
    await expectOwnOnly(() => c.agents.list({}), m.agentId);
    expect((await c.agents.list({ projectId: t.org.projectId })).items).toEqual([]);
    expect((await c.agents.list({ name: t.name })).items).toEqual([]);
    await expectForeignCursorRejected(() => c.agents.list({ after: t.agentId }), "after");
  },

  // runs
  "runs.create": (c, t) => expectNotFound(() => c.runs.create({ agentId: t.agentId }), t.agentId),
  "runs.get": (c, t) => expectNotFound(() => c.runs.get({ runId: t.runId }), t.runId),
  "runs.delete": (c, t) => expectNotFound(() => c.runs.delete({ runId: t.runId }), t.runId),
  "runs.update": async (c, t) => {
    await expectNotFound(
      () => c.runs.update({ runId: t.openRunId, status: "completed", metadata: { hijacked: true } }),
      t.openRunId,
    );
    await expectNotFound(() => c.runs.update({ runId: t.approvalRunId, status: "cancelled" }), t.approvalRunId);
  },
  "runs.cancel": async (c, t) => {
    await expectNotFound(() => c.runs.cancel({ runId: t.openRunId }), t.openRunId);
    await expectNotFound(() => c.runs.cancel({ agentId: t.agentId }), t.agentId);
    // a foreign id in a list is reported as a missing one would be (not_found), and nothing of theirs is written
    const before = await snapshotTables(database.db);
    const receipt = await c.runs.cancel({ runIds: [t.approvalRunId] });
    expect(receipt).toEqual({
      results: [{ runId: t.approvalRunId, outcome: "not_found", status: null }],
      cancelled: 0,
      alreadyTerminal: 0,
      notFound: 1,
    });
    expect(await snapshotTables(database.db)).toEqual(before);
  },
  "runs.list": async (c, t, m) => {
    await expectOwnOnly(() => c.runs.list({}), m.runId);
    await expectOwnOnly(() => c.runs.list({ orderBy: "duration", durationPercentile: 0 }), m.runId);
    for (const input of [
      { agentId: t.agentId },
      { agentIds: [t.agentId] },
      { runId: t.runId },
      { projectId: t.org.projectId },
      { toolsUsed: [t.toolId] },
      { durationPercentile: 50, agentId: t.agentId },
    ]) {
      const page = await c.runs.list(input);
      expect(page.items, JSON.stringify(input)).toEqual([]);
    }
    await expectForeignCursorRejected(() => c.runs.list({ after: t.runId }), "after");
    await expectForeignCursorRejected(() => c.runs.list({ before: t.runId, orderBy: "duration" }), "before");
  },
  "runs.count": async (c, t, m) => {
    await expectOwnOnly(() => c.runs.count({ agentId: t.agentId }));
    await expectOwnOnly(() => c.runs.count({ runId: t.runId }));
    // the same filter on the caller's own agent counts something, so the foreign answers are not vacuous
    expect(JSON.stringify(await c.runs.count({ agentId: t.agentId }))).not.toEqual(
      JSON.stringify(await c.runs.count({ agentId: m.agentId })),
    );
  },
  "runs.cancelPreview": async (c, t) => {
    await expectOwnOnly(() => c.runs.cancelPreview({ agentId: t.agentId }));
    await expectOwnOnly(() => c.runs.cancelPreview({ runId: t.openRunId }));
  },
  "runs.cancelMatching": async (c, t) => {
    const before = await snapshotTables(database.db);
    await expectOwnOnly(() => c.runs.cancelMatching({ agentId: t.agentId }));
    await expectOwnOnly(() => c.runs.cancelMatching({ runId: t.openRunId }));
    expect(await snapshotTables(database.db)).toEqual(before);
  },
  "runs.usage": (c, t) => expectNotFound(() => c.runs.usage({ runId: t.runId }), t.runId),
  "runs.messages": async (c, t, m) => {
    await expectNotFound(() => c.runs.messages({ runId: t.runId }), t.runId);
    await expectForeignCursorRejected(() => c.runs.messages({ runId: m.runId, after: t.messageId }), "after");
  },
  "runs.requestConfig": (c, t) => expectNotFound(() => c.runs.requestConfig({ runId: t.runId }), t.runId),

  // steps
  "steps.create": async (c, t) => {
    await expectNotFound(() => c.steps.create({ runId: t.openRunId }), t.openRunId);
    await expectNotFound(() => c.steps.create({ agentId: t.agentId }), t.agentId);
  },
  "steps.update": (c, t) => expectNotFound(() => c.steps.update({ stepId: t.stepId, status: "failed" }), t.stepId),
  "steps.get": (c, t) => expectNotFound(() => c.steps.get({ stepId: t.stepId }), t.stepId),
  "steps.list": async (c, t, m) => {
    await expectOwnOnly(() => c.steps.list({}), m.stepId);
    await expectNotFound(() => c.steps.list({ runId: t.runId }), t.runId);
    for (const input of [{ agentId: t.agentId }, { projectId: t.org.projectId }, { traceIds: [`${t.name}-trace`] }]) {
      expect((await c.steps.list(input)).items, JSON.stringify(input)).toEqual([]);
    }
    await expectForeignCursorRejected(() => c.steps.list({ after: t.stepId }), "after");
  },
  "steps.setFeedback": (c, t) => expectNotFound(() => c.steps.setFeedback({ stepId: t.stepId, feedback: "negative" }), t.stepId),

  // metrics
  "metrics.run": (c, t) => expectNotFound(() => c.metrics.run({ runId: t.runId }), t.runId),
  "metrics.percentiles": async (c, t) => {
    const own = await expectOwnOnly(() => c.metrics.percentiles({ bucket: "hour" }));
    // its own finished runs: the completed one and the one waiting on approval
    expect((own as { overall: { count: number } }).overall.count).toBe(2);
    const foreign = await c.metrics.percentiles({ agentIds: [t.agentId] });
    expect(foreign.overall.count).toBe(0);
    expect((await c.metrics.percentiles({ projectId: t.org.projectId })).overall.count).toBe(0);
  },

  // batches
  "batches.create": (c, t) => expectNotFound(() => c.batches.create({ requests: [{ agentId: t.agentId }] }), t.agentId),
  "batches.get": (c, t) => expectNotFound(() => c.batches.get({ batchId: t.batchId }), t.batchId),
  "batches.list": async (c, t, m) => {
    await expectOwnOnly(() => c.batches.list({}), m.batchId);
    await expectForeignCursorRejected(() => c.batches.list({ after: t.batchId }), "after");
  },

  // analytics: aggregates over the caller's org only
  "analytics.percentiles": async (c, t) => {
    await expectOwnOnly(() => c.analytics.percentiles({ range: "30d", groupBy: "agent" }));
    expect((await c.analytics.percentiles({ range: "30d", agentIds: [t.agentId] })).series).toEqual([]);
  },
  "analytics.stopReasons": async (c, t) => {
    await expectOwnOnly(() => c.analytics.stopReasons({ range: "30d" }));
    expect((await c.analytics.stopReasons({ range: "30d", agentIds: [t.agentId] })).reasons).toEqual([]);
  },
  "analytics.ttftSplit": async (c, t) => {
    await expectOwnOnly(() => c.analytics.ttftSplit({ range: "30d" }));
    expect((await c.analytics.ttftSplit({ range: "30d", agentIds: [t.agentId] })).rows).toEqual([]);
  },
  "analytics.agents": async (c, t, m) => {
    await expectOwnOnly(() => c.analytics.agents({ range: "30d" }), m.agentId);
    expect((await c.analytics.agents({ range: "30d", agentIds: [t.agentId] })).agents).toEqual([]);
  },
  "analytics.callbacks": async (c) => {
    await expectOwnOnly(() => c.analytics.callbacks({ range: "30d" }));
  },
  // callbacks
  "callbacks.deliveries": async (c, t, m) => {
    await expectOwnOnly(() => c.callbacks.deliveries({}), m.deliveryId);
    await expectOwnOnly(() => c.callbacks.deliveries({ runId: t.runId }));
    expect((await c.callbacks.deliveries({ runId: t.runId })).items).toEqual([]);
    await expectForeignCursorRejected(() => c.callbacks.deliveries({ after: t.deliveryId }), "after");
  },
  "callbacks.attempts": (c, t) => expectNotFound(() => c.callbacks.attempts({ deliveryId: t.deliveryId }), t.deliveryId),
  "callbacks.redeliver": (c, t) => expectNotFound(() => c.callbacks.redeliver({ deliveryId: t.deliveryId }), t.deliveryId),
  "callbacks.received": async (c, t) => {
    await expectOwnOnly(() => c.callbacks.received({}));
    // An endpoint filter is a filter, as agentId on runs.list: another org's endpoint matches nothing.
    expect((await c.callbacks.received({ endpointId: t.endpointId })).items).toEqual([]);
  },
  "callbacks.signingSecret": async (c, t) => {
    const own = await expectOwnOnly(() => c.callbacks.signingSecret());
    expect(own).not.toEqual(await t.org.caller.callbacks.signingSecret());
  },
  "callbacks.rotateSigningSecret": async (c, t) => {
    const before = await t.org.caller.callbacks.signingSecret();
    await expectOwnOnly(() => c.callbacks.rotateSigningSecret());
    expect(await t.org.caller.callbacks.signingSecret()).toEqual(before);
  },
  "callbacks.endpoints.create": async (c, t, m) => {
    const created = await expectOwnOnly(() => c.callbacks.endpoints.create({ name: "mine-extra" }));
    expect(JSON.stringify(await t.org.caller.callbacks.endpoints.list({}))).not.toContain((created as { id: string }).id);
    await c.callbacks.endpoints.delete({ endpointId: (created as { id: string }).id });
    expect(JSON.stringify(await c.callbacks.endpoints.list({}))).toContain(m.endpointId);
  },
  "callbacks.endpoints.list": async (c, t, m) => {
    await expectOwnOnly(() => c.callbacks.endpoints.list({}), m.endpointId);
    await expectForeignCursorRejected(() => c.callbacks.endpoints.list({ after: t.endpointId }), "after");
  },
  "callbacks.endpoints.rotateSecret": (c, t) =>
    expectNotFound(() => c.callbacks.endpoints.rotateSecret({ endpointId: t.endpointId }), t.endpointId),
  "callbacks.endpoints.delete": (c, t) =>
    expectNotFound(() => c.callbacks.endpoints.delete({ endpointId: t.endpointId }), t.endpointId),
  // saved views
  "views.create": async (c, t) => {
    // A view stores a filter; one naming another org's agent is saved but matches none of that org's runs.
    const view = await c.views.create({ name: "spy", filters: { agentId: t.agentId } });
    expect((await c.runs.list({ viewId: view.id })).items).toEqual([]);
    expect(JSON.stringify(await t.org.caller.views.list())).not.toContain(view.id);
    await c.views.delete({ viewId: view.id });
  },
  "views.list": (c, t, m) => expectOwnOnly(() => c.views.list(), m.viewId).then(() => undefined),
  "views.get": (c, t) => expectNotFound(() => c.views.get({ viewId: t.viewId }), t.viewId),
  "views.delete": (c, t) => expectNotFound(() => c.views.delete({ viewId: t.viewId }), t.viewId),
  // accounts, keys and audit
  "me.get": async (c, _t, m) => {
    const me = await expectOwnOnly(() => c.me.get());
    expect(JSON.stringify(me)).toContain(m.org.orgId);
  },
  "apiKeys.create": (c, t) => expectNotFound(() => c.apiKeys.create({ name: "x", projectId: t.org.projectId }), t.org.projectId),
  "apiKeys.list": (c) => expectOwnOnly(() => c.apiKeys.list({})).then(() => undefined),
  "apiKeys.projects": (c, t, m) => expectOwnOnly(() => c.apiKeys.projects(), m.org.projectId).then(() => undefined),
  "apiKeys.revoke": (c, t) => expectNotFound(() => c.apiKeys.revoke({ keyId: t.org.scope.actor }), t.org.scope.actor),
  "audit.list": (c) => expectOwnOnly(() => c.audit.list({})).then(() => undefined),
  "members.list": (c, t, m) => expectOwnOnly(() => c.members.list(), m.userId).then(() => undefined),
  "members.invite": async (c, t) => {
    // Invitations go into the caller's own org only: inviting their member's or invitee's email answers as any
    // other email would (no CONFLICT, no account check), and their members and invitations never change.
    const before = [await t.org.caller.members.list(), await t.org.caller.members.invitations()];
    for (const email of [`${t.name}@example.com`, `${t.name}-invitee@example.com`]) {
      const created = (await expectOwnOnly(() => c.members.invite({ email }))) as { invitation: { id: string } };
      await c.members.revokeInvitation({ invitationId: created.invitation.id });
    }
    expect([await t.org.caller.members.list(), await t.org.caller.members.invitations()]).toEqual(before);
  },
  "members.invitations": (c, t, m) => expectOwnOnly(() => c.members.invitations(), m.invitationId).then(() => undefined),
  "members.revokeInvitation": (c, t) =>
    expectNotFound(() => c.members.revokeInvitation({ invitationId: t.invitationId }), t.invitationId),
  "members.acceptInvitation": async (c, t) => {
    // Accepted by the signed-in invitee only (test/auth/invitations.test.ts); an API key, theirs or ours, cannot.
    const before = await snapshotTables(database.db);
    await expectTrpcError(c.members.acceptInvitation({ token: t.invitationToken }), "FORBIDDEN");
    expect(await snapshotTables(database.db)).toEqual(before);
  },
  "members.setRole": (c, t) => expectNotFound(() => c.members.setRole({ userId: t.userId, role: "viewer" }), t.userId),
  "members.remove": (c, t) => expectNotFound(() => c.members.remove({ userId: t.userId }), t.userId),
};

const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;

describe("org isolation", () => {
  it("covers every procedure of appRouter (add an ISOLATION entry for each new procedure)", () => {
    const missing = Object.keys(procedures)
      .filter((path) => !(path in ISOLATION))
      .sort();
    const stale = Object.keys(ISOLATION)
      .filter((path) => !(path in procedures))
      .sort();
    expect(missing, `procedures without an isolation entry: ${missing.join(", ")}`).toEqual([]);
    expect(stale, `isolation entries for procedures that no longer exist: ${stale.join(", ")}`).toEqual([]);
  });

  it("the other org's data is really there (its own caller sees it)", async () => {
    const c = theirs.org.caller;
    expect((await c.runs.get({ runId: theirs.runId })).id).toBe(theirs.runId);
    expect((await c.steps.get({ stepId: theirs.stepId })).id).toBe(theirs.stepId);
    expect((await c.batches.get({ batchId: theirs.batchId })).id).toBe(theirs.batchId);
    expect((await c.runs.list({ toolsUsed: [theirs.toolId] })).items.map((r) => r.id)).toEqual([theirs.runId]);
    expect((await c.runs.messages({ runId: theirs.runId, after: theirs.messageId })).items.length).toBeGreaterThan(0);
  });

  // Procedures without an entry fail the meta-test above; the others run here.
  for (const path of Object.keys(procedures)
    .filter((p) => p in ISOLATION)
    .sort()) {
    it(`${path}: another org's ids answer like missing ones`, async () => {
      await ISOLATION[path](mine.org.caller, theirs, mine);
    });
  }

  it("after every call above, the other org's rows are unchanged", async () => {
    const c = theirs.org.caller;
    expect((await c.runs.get({ runId: theirs.openRunId })).status).toBe("running");
    expect((await c.runs.get({ runId: theirs.openRunId })).metadata).toBeNull();
    expect((await c.runs.get({ runId: theirs.approvalRunId })).status).toBe("completed");
    expect((await c.steps.get({ stepId: theirs.stepId })).feedback).toBeNull();
    expect((await c.runs.list({})).items.length).toBe(4);
  });

  it("an unknown id answers exactly like another org's id", async () => {
    const unknown = "run-00000000-0000-4000-8000-000000000000";
    const foreign = await catchTrpc(mine.org.caller.runs.get({ runId: theirs.runId }));
    const missing = await catchTrpc(mine.org.caller.runs.get({ runId: unknown }));
    expect(foreign.code).toBe(missing.code);
    expect(foreign.message.replace(theirs.runId, "<id>")).toBe(missing.message.replace(unknown, "<id>"));
  });
});

/**
 * Project-bound API keys (`scope.projectId`): the same checks as between orgs, between two projects of one org. The
 * key (role member, as keys are) is bound to `mine`'s project; `other` is the same data under a second project of
 * that org, made by the org-wide key. Org-level procedures (no project column: callback endpoints and secrets, saved
 * views, keys, members, audit) say why here instead of a check; the meta-test makes every procedure choose.
 */
const ORG_LEVEL = "org-level";
const PROJECT_ISOLATION: Record<string, Check | typeof ORG_LEVEL> = {
  ...ISOLATION,
  // The receiver inbox, its endpoints and the signing secret belong to the org (no project column); a member key
  // cannot manage them anyway (callbacks:manage).
  "callbacks.received": ORG_LEVEL,
  "callbacks.signingSecret": ORG_LEVEL,
  "callbacks.rotateSigningSecret": ORG_LEVEL,
  "callbacks.endpoints.create": ORG_LEVEL,
  "callbacks.endpoints.list": ORG_LEVEL,
  "callbacks.endpoints.rotateSecret": ORG_LEVEL,
  "callbacks.endpoints.delete": ORG_LEVEL,
  // Saved views are the org's named filters; the runs a view shows are the key's project's only.
  "views.create": async (c, t) => {
    const view = await c.views.create({ name: "spy", filters: { agentId: t.agentId } });
    expect((await c.runs.list({ viewId: view.id })).items).toEqual([]);
    await c.views.delete({ viewId: view.id });
  },
  "views.list": ORG_LEVEL,
  "views.get": ORG_LEVEL,
  "views.delete": ORG_LEVEL,
  // Keys, members and the audit log are the org's (keys:manage, members:manage, audit:read: no key holds them).
  "apiKeys.create": ORG_LEVEL,
  "apiKeys.list": ORG_LEVEL,
  "apiKeys.projects": ORG_LEVEL,
  "apiKeys.revoke": ORG_LEVEL,
  "audit.list": ORG_LEVEL,
  "members.list": ORG_LEVEL,
  "members.invite": ORG_LEVEL,
  "members.invitations": ORG_LEVEL,
  "members.revokeInvitation": ORG_LEVEL,
  "members.acceptInvitation": ORG_LEVEL,
  "members.setRole": ORG_LEVEL,
  "members.remove": ORG_LEVEL,
};

describe("project-bound API keys", () => {
  let other: OrgData;
  let projectCaller: Caller;

  beforeAll(async () => {
    const projectId = newId("project");
    await database.db.insert(projects).values({ id: projectId, organizationId: mine.org.orgId, name: "other project" });
    other = await buildOrg("other", { ...mine.org, projectId });
    const scope = {
      ...mine.org.scope,
      projectId: mine.org.projectId,
      role: "member" as const,
      permissions: permissionsFor("member"),
    };
    projectCaller = createCaller({ db: database.db, scope });
    const batchRuns = await database.db.select({ id: runs.id }).from(runs).where(eq(runs.batchId, other.batchId));
    // `other` shares the org, its tools, endpoints, views and members with `mine`: its project's rows must not show.
    foreignIds = [
      other.org.projectId,
      other.agentId,
      other.runId,
      other.openRunId,
      other.approvalRunId,
      other.stepId,
      other.messageId,
      other.batchId,
      other.deliveryId,
      ...batchRuns.map((r) => r.id),
    ];
  });

  it("covers every procedure of appRouter (a check, or why the procedure is org-level)", () => {
    const missing = Object.keys(procedures)
      .filter((path) => !(path in PROJECT_ISOLATION))
      .sort();
    expect(missing, `procedures without a project-bound key entry: ${missing.join(", ")}`).toEqual([]);
  });

  for (const path of Object.keys(procedures)
    .filter((p) => p in PROJECT_ISOLATION)
    .sort()) {
    const check = PROJECT_ISOLATION[path];
    if (check === ORG_LEVEL) continue;
    it(`${path}: another project's ids answer like missing ones`, async () => {
      await check(projectCaller, other, mine);
    });
  }

  it("an agent created by the key lands in its project", async () => {
    const agent = await projectCaller.agents.create({ name: "bound" });
    expect(agent.projectId).toBe(mine.org.projectId);
    expect((await mine.org.caller.agents.get({ agentId: agent.id })).projectId).toBe(mine.org.projectId);
  });

  it("after every call above, the other project's rows are unchanged", async () => {
    const c = mine.org.caller;
    expect((await c.runs.get({ runId: other.openRunId })).status).toBe("running");
    expect((await c.runs.get({ runId: other.openRunId })).metadata).toBeNull();
    expect((await c.runs.get({ runId: other.approvalRunId })).status).toBe("completed");
    expect((await c.steps.get({ stepId: other.stepId })).feedback).toBeNull();
    expect((await c.runs.list({ projectId: other.org.projectId })).items.length).toBe(4);
  });
});
