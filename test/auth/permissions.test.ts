import { TRPCError } from "@trpc/server";
import { count, eq } from "drizzle-orm";
import { describe, expect } from "vitest";
import { agents, apiKeys, auditLog, batches, invitations, runs, steps } from "@/db/schema";
import { permissionsFor, ROLE_PERMISSIONS } from "@/server/modules/access/permissions";
import { appRouter, createCaller } from "@/server/root";
import { createApiKey } from "@/server/modules/access/api-key-management";
import { createContextFromHeaders } from "@/server/trpc";
import { callerWithRole, viewerCaller } from "@/test/helpers/fixtures";
import { it as base } from "@/test/helpers/test";

let runId: string;
let agentId: string;
let stepId: string;
let keyId: string;

const it = base.extend("snapshotCounts", { scope: "file" }, async ({ db }) => async () => {
  const tables = { agents, runs, steps, batches, apiKeys, auditLog, invitations };
  const out: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) out[name] = (await db.select({ n: count() }).from(table))[0].n;
  const [run] = await db.select().from(runs).where(eq(runs.id, runId));
  out.runStatus = run ? ["created", "running", "completed", "failed", "cancelled", "pending", "expired"].indexOf(run.status) : -1;
  return out;
});

it.beforeAll(async ({ org }) => {
  keyId = org.scope.actor;
  const agent = await org.caller.agents.create({ name: "perm-agent" });
  agentId = agent.id;
  const run = await org.caller.runs.create({ agentId });
  runId = run.id;
  stepId = (await org.caller.steps.create({ runId, model: "gpt-4o" })).id;
});

/** Every mutation we protect, the permission it needs, and a valid input for it. */
const MUTATIONS: Record<string, { permission: string; input: () => unknown; byUserOnly?: true }> = {
  "agents.create": { permission: "agents:write", input: () => ({ name: "viewer-agent" }) },
  "runs.create": { permission: "runs:write", input: () => ({ agentId }) },
  "runs.update": { permission: "runs:write", input: () => ({ runId, metadata: { x: 1 } }) },
  "runs.cancel": { permission: "runs:cancel", input: () => ({ runId }) },
  "runs.cancelMatching": { permission: "runs:cancel", input: () => ({ agentId }) },
  "runs.delete": { permission: "runs:delete", input: () => ({ runId }) },
  "steps.create": { permission: "runs:write", input: () => ({ runId }) },
  "steps.update": { permission: "runs:write", input: () => ({ stepId, status: "success" }) },
  "steps.setFeedback": { permission: "feedback:write", input: () => ({ stepId, feedback: "positive" }) },
  "batches.create": { permission: "runs:write", input: () => ({ requests: [{ agentId }] }) },
  "apiKeys.create": { permission: "keys:manage", input: () => ({ name: "viewer key" }) },
  "apiKeys.revoke": { permission: "keys:manage", input: () => ({ keyId }) },
  "callbacks.redeliver": {
    permission: "callbacks:redeliver",
    input: () => ({ deliveryId: "delivery-00000000-0000-4000-8000-000000000000" }),
  },
  "callbacks.rotateSigningSecret": { permission: "callbacks:manage", input: () => undefined },
  "members.invite": { permission: "members:manage", input: () => ({ email: "someone@example.com" }) },
  "members.revokeInvitation": {
    permission: "members:manage",
    input: () => ({ invitationId: "invitation-00000000-0000-4000-8000-000000000000" }),
  },
  // Not a role's permission: only the signed-in invitee accepts, so the refusal names that instead of a role.
  "members.acceptInvitation": { permission: "signed-in user", input: () => ({ token: "rt_inv_x" }), byUserOnly: true },
  "members.setRole": {
    permission: "members:manage",
    input: () => ({ userId: "user-00000000-0000-4000-8000-000000000000", role: "viewer" }),
  },
  "members.remove": { permission: "members:manage", input: () => ({ userId: "user-00000000-0000-4000-8000-000000000000" }) },
  "views.create": { permission: "views:write", input: () => ({ name: "v", filters: {} }) },
  "views.delete": { permission: "views:write", input: () => ({ viewId: "view-00000000-0000-4000-8000-000000000000" }) },
};

type AnyCaller = Record<
  string,
  Record<string, ((input: unknown) => Promise<unknown>) | Record<string, (input: unknown) => Promise<unknown>>>
>;
function call(caller: unknown, path: string, input: unknown) {
  const parts = path.split(".");
  let target = caller as AnyCaller | ((input: unknown) => Promise<unknown>);
  for (const part of parts) target = (target as unknown as Record<string, never>)[part];
  return (target as unknown as (input: unknown) => Promise<unknown>)(input);
}

function mutationPaths(): string[] {
  return Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>)
    .filter(([, procedure]) => procedure._def.type === "mutation")
    .map(([path]) => path)
    .sort();
}

describe("roles and permissions", () => {
  it("a viewer gets FORBIDDEN naming the permission from every mutation we protect, and nothing is written", async ({
    org,
    snapshotCounts,
  }) => {
    const viewer = viewerCaller(org);
    const before = await snapshotCounts();
    for (const [path, { permission, input, byUserOnly }] of Object.entries(MUTATIONS)) {
      if (!mutationPaths().includes(path)) continue; // a router another developer has not merged yet
      const error = await call(viewer, path, input()).catch((e: unknown) => e);
      expect(error, path).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code, path).toBe("FORBIDDEN");
      expect((error as TRPCError).message, path).toContain(permission);
      if (!byUserOnly) expect((error as TRPCError).message, path).toContain("viewer");
    }
    expect(await snapshotCounts()).toEqual(before);
  });

  it("every mutation of the app router requires a permission: a viewer is refused by all of them", async ({ org }) => {
    const viewer = viewerCaller(org);
    const unprotected: string[] = [];
    for (const path of mutationPaths()) {
      const error = await call(viewer, path, MUTATIONS[path]?.input() ?? {}).catch((e: unknown) => e);
      if (!(error instanceof TRPCError) || error.code !== "FORBIDDEN") unprotected.push(path);
    }
    expect(unprotected).toEqual([]);
  });

  it("a viewer can still read", async ({ org }) => {
    const viewer = viewerCaller(org);
    expect((await viewer.runs.get({ runId })).id).toBe(runId);
    expect((await viewer.runs.list({})).items.length).toBeGreaterThan(0);
    const me = await viewer.me.get();
    expect(me).toMatchObject({ role: "viewer", permissions: [] });
  });

  it("a member can run every ingest and control mutation", async ({ org }) => {
    const member = callerWithRole(org, "member");
    const agent = await member.agents.create({ name: "member-agent" });
    const run = await member.runs.create({ agentId: agent.id });
    const step = await member.steps.create({ runId: run.id, model: "m" });
    await member.steps.update({ stepId: step.id, status: "success" });
    await member.steps.setFeedback({ stepId: step.id, feedback: "negative" });
    await member.runs.update({ runId: run.id, metadata: { ok: true } });
    const batch = await member.batches.create({ requests: [{ agentId: agent.id }] });
    expect(batch.id).toMatch(/^batch-/);
    expect((await member.runs.cancel({ runId: run.id })).cancelled).toBe(1);
    expect((await member.runs.delete({ runId: run.id })).id).toBe(run.id);
  });

  it("a member cannot manage API keys or read the audit log; an admin can", async ({ org }) => {
    const member = callerWithRole(org, "member");
    await expect(member.apiKeys.list({})).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("keys:manage"),
    });
    await expect(member.audit.list({})).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("audit:read"),
    });
    const admin = callerWithRole(org, "admin");
    expect(Array.isArray(await admin.apiKeys.list({}))).toBe(true);
    expect((await admin.audit.list({})).items).toBeInstanceOf(Array);
  });

  it("roles are ordered: each role's permissions include the next lower role's", () => {
    expect(new Set(ROLE_PERMISSIONS.owner)).toEqual(new Set(ROLE_PERMISSIONS.admin));
    for (const p of ROLE_PERMISSIONS.member) expect(ROLE_PERMISSIONS.admin).toContain(p);
    expect(ROLE_PERMISSIONS.viewer).toEqual([]);
  });

  it("API keys act with their role: member keys write, read-only keys only read", async ({ db, org }) => {
    const owner = createCaller({ db, scope: org.scope });
    const readOnly = await owner.apiKeys.create({ name: "ro", role: "viewer" });
    const readWrite = await owner.apiKeys.create({ name: "rw" });
    expect(readWrite.key.role).toBe("member");

    const roCtx = await createContextFromHeaders(db, new Headers({ authorization: `Bearer ${readOnly.token}` }));
    expect(roCtx.scope).toMatchObject({ role: "viewer", permissions: [], apiKeyId: readOnly.key.id });
    const ro = createCaller(roCtx);
    expect((await ro.runs.get({ runId })).id).toBe(runId);
    await expect(ro.agents.create({ name: "nope" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("agents:write"),
    });
    await expect(ro.runs.cancel({ runId })).rejects.toMatchObject({ code: "FORBIDDEN" });

    const rwCtx = await createContextFromHeaders(db, new Headers({ authorization: `Bearer ${readWrite.token}` }));
    expect(rwCtx.scope?.permissions).toEqual(permissionsFor("member"));
    const created = await createCaller(rwCtx).agents.create({ name: "by-key" });
    expect(created.id).toMatch(/^agent-/);
    // A member-level key still cannot manage keys.
    await expect(createCaller(rwCtx).apiKeys.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    // The fixture's key has no role row (as keys made before roles): it acts as a member.
    const legacyCtx = await createContextFromHeaders(db, new Headers({ authorization: `Bearer ${org.token}` }));
    expect(legacyCtx.scope?.role).toBe("member");
    void createApiKey;
  });

  it("a request without credentials is UNAUTHORIZED", async ({ db }) => {
    const ctx = await createContextFromHeaders(db, new Headers());
    await expect(createCaller(ctx).runs.list({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(createCaller(ctx).me.get()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
