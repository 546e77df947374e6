/**
 * Org isolation for every surface that is not a tRPC procedure (those are in isolation.test.ts): each REST route
 * and route handler (app/v1/** and app/api/**, every exported HTTP method) and each server action (every exported
 * function of app/**\/actions.ts), called in-process with a Request (route handlers) or a mocked request scope
 * (server actions: next/headers answers the Cookie of a real better-auth session). Pages need `next start`:
 * test/e2e/isolation-pages.test.ts.
 *
 * For two orgs with data, the caller (org B) using org A's ids is answered exactly like a missing id (404 /
 * NOT_FOUND, same body once the id is replaced, never FORBIDDEN), lists never show org A's rows, a viewer (role
 * viewer or a read-only API key) cannot mutate (403 / FORBIDDEN), and none of these writes anything. Every
 * foreign-id check is paired with the same request made by org A, which succeeds, so a 404 for everyone cannot pass.
 *
 * Meta-tests enumerate the files on disk and fail when a route method or an action has no entry in ROUTES or
 * ACTIONS: a new route or action cannot skip this suite. Surfaces that are not org-scoped say why in their entry
 * (`scope`), and their check still runs.
 */
import fs from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import {
  getAccessFallbackHTTPStatus,
  isHTTPAccessFallbackError,
  type HTTPAccessFallbackError,
} from "next/dist/client/components/http-access-fallback/http-access-fallback";
import { isRedirectError } from "next/dist/client/components/redirect-error";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/db/client";
import { queryRows } from "@/db/client";
import { apiKeyRoles, memberships, projects, receivedCallbacks, sessions } from "@/db/schema";
import { getSessionScope } from "@/server/modules/access/session";
import { ensureMembership, ensurePasswordUser } from "@/server/modules/access/users";
import { ID_PREFIXES, type IdKind } from "@/server/ids";
import { generateApiKeyToken, storeApiKey } from "@/server/modules/access/api-keys";
import { signIn } from "@/test/auth/helpers";
import { snapshotTables } from "@/test/helpers/assertions";
import { openTestDatabase } from "@/test/helpers/db";
import { createTestOrg, type TestOrg } from "@/test/helpers/fixtures";

// The request scope of route handlers and server actions, in-process: the app's database is this file's database,
// and next/headers answers the headers of the "current request" (set by `asUser`).
const mocks = vi.hoisted(() => ({ database: undefined as unknown as Database, headers: new Headers() }));
vi.mock("server-only", () => ({}));
vi.mock("@/db/app-database", () => ({ getAppDatabase: async () => mocks.database }));
// (The app reads only headers(); better-auth's nextCookies plugin imports the real next/headers itself and skips
// setting cookies outside a Next request scope, which is fine: sessions are checked in the database here.)
vi.mock("next/headers", () => ({ headers: async () => mocks.headers }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

const ROOT = path.resolve(import.meta.dirname, "../..");
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

// ---------------------------------------------------------------------------------------------------------------
// Two orgs with data

interface OrgData {
  name: string;
  org: TestOrg;
  /** A read-only (viewer) API key of the org. */
  viewerToken: string;
  agentId: string;
  agentName: string;
  /** A completed run with a step and messages. */
  runId: string;
  /** An open run. */
  openRunId: string;
  stepId: string;
  messageId: string;
  traceId: string;
  viewId: string;
  endpoint: { id: string; secret: string };
  ownerUserId: string;
  ownerEmail: string;
  /** Session cookies of the org's owner and of a member with the viewer role. */
  ownerCookie: string;
  viewerCookie: string;
}

let database: Database;
/** Org A owns the data the caller must not reach; org B is the caller. */
let A: OrgData;
let B: OrgData;
/** Everything of org A that must never appear in an answer to org B (grows with the scratch objects made below). */
const foreignMarkers: string[] = [];

const PASSWORD = "correct horse battery staple";

async function buildOrg(name: string): Promise<OrgData> {
  const { db } = database;
  const org = await createTestOrg(db, `${name} org`);
  const c = org.caller;
  const agentName = `${name}-agent`;
  const agentId = (await c.agents.create({ name: agentName, projectId: org.projectId })).id;
  const traceId = `${name}-trace`;
  const runId = (await c.runs.create({ agentId })).id;
  const step = await c.steps.create({
    runId,
    status: "success",
    traceId,
    messages: [
      { role: "user", content: `${name} says hello` },
      { role: "assistant", content: `${name} answers` },
    ],
  });
  await c.runs.update({ runId, status: "completed", totalDurationNs: 1_000, ttftNs: 10 });
  const openRunId = (await c.runs.create({ agentId })).id;
  const messageId = (await c.runs.messages({ runId })).items[0].id;
  const viewId = (await c.views.create({ name: `${name}-view`, filters: { agentId } })).id;
  const endpoint = await c.callbacks.endpoints.create({ name: `${name}-inbox` });

  const viewerToken = generateApiKeyToken();
  const { id: viewerKeyId } = await storeApiKey(db, { orgId: org.orgId, name: `${name} read-only key`, token: viewerToken });
  await db.insert(apiKeyRoles).values({ apiKeyId: viewerKeyId, organizationId: org.orgId, role: "viewer" });

  const ownerEmail = `${name}-owner@example.com`;
  const ownerUserId = await ensurePasswordUser(db, { email: ownerEmail, password: PASSWORD });
  await ensureMembership(db, { orgId: org.orgId, userId: ownerUserId, role: "owner" });
  const viewerUserId = await ensurePasswordUser(db, { email: `${name}-viewer@example.com`, password: PASSWORD });
  await ensureMembership(db, { orgId: org.orgId, userId: viewerUserId, role: "viewer" });
  const ownerCookie = (await signIn(db, { email: ownerEmail, password: PASSWORD })).cookie;
  const viewerCookie = (await signIn(db, { email: `${name}-viewer@example.com`, password: PASSWORD })).cookie;
  expect(ownerCookie).toMatch(/session_token=/);

  return {
    name,
    org,
    viewerToken,
    agentId,
    agentName,
    runId,
    openRunId,
    stepId: step.id,
    messageId,
    traceId,
    viewId,
    endpoint: { id: endpoint.id, secret: endpoint.secret },
    ownerUserId,
    ownerEmail,
    ownerCookie,
    viewerCookie,
  };
}

/** An open run (with a pending step) of a new agent of `d`'s org: the target of one mutation check. */
async function scratch(d: OrgData, label: string) {
  const c = d.org.caller;
  const agent = await c.agents.create({ name: `${d.name}-${label}` });
  const run = await c.runs.create({ agentId: agent.id });
  const step = await c.steps.create({ runId: run.id, status: "pending" });
  if (d === A) foreignMarkers.push(agent.id, run.id, step.id);
  return { agentId: agent.id, runId: run.id, stepId: step.id };
}

const runStatus = async (d: OrgData, runId: string) => (await d.org.caller.runs.get({ runId })).status;

beforeAll(async () => {
  database = await openTestDatabase();
  mocks.database = database;
  A = await buildOrg("orga");
  B = await buildOrg("orgb");
  foreignMarkers.push(
    A.org.orgId,
    A.org.projectId,
    A.agentId,
    A.agentName,
    A.runId,
    A.openRunId,
    A.stepId,
    A.messageId,
    A.traceId,
    A.viewId,
    A.endpoint.id,
    A.endpoint.secret,
    A.ownerUserId,
    A.ownerEmail,
    "orga says hello",
  );
});
afterAll(async () => database?.close());

// ---------------------------------------------------------------------------------------------------------------
// Assertions

/**
 * Snapshot of every table (snapshotTables), minus what merely authenticating an API key writes by design: the
 * per-key rate-limit counter (rate_limit_counters) and the throttled api_keys.last_used_at.
 */
async function snapshot() {
  const tables = await snapshotTables(database.db);
  delete tables.rate_limit_counters;
  const [keys] = await queryRows<{ count: number; digest: string }>(
    database.db,
    sql`select count(*)::int as count,
               md5(coalesce(string_agg((to_jsonb(k) - 'last_used_at')::text, '|' order by k.id), '')) as digest
        from api_keys k`,
  );
  tables.api_keys = { count: Number(keys.count), digest: keys.digest };
  return tables;
}

async function expectNothingWritten<T>(call: () => Promise<T>): Promise<T> {
  const before = await snapshot();
  const result = await call();
  expect(await snapshot()).toEqual(before);
  return result;
}

/** An answer to org B must not name anything of org A (besides an id B itself sent, replaced by the caller). */
function expectNoForeign(text: string, what: string) {
  for (const marker of foreignMarkers) expect(text, `${what} leaks ${marker}`).not.toContain(marker);
}

/** A well-formed id that exists nowhere (saved views have their own `view-` prefix, outside ID_PREFIXES). */
const MISSING = (kind: IdKind | "view") => `${kind === "view" ? "view" : ID_PREFIXES[kind]}-00000000-0000-4000-8000-000000000000`;
/** The answer with `id` replaced, and without tRPC's development-only stack trace (its line numbers differ per call). */
const normalize = (text: string, id: string) =>
  text
    .split(id)
    .join("<id>")
    .replace(/,"stack":"(?:[^"\\]|\\.)*"/g, "");

// ---------------------------------------------------------------------------------------------------------------
// Route handlers, in-process

type Auth = { token: string } | { cookie: string } | null;
const key = (d: OrgData): Auth => ({ token: d.org.token });
const viewerKey = (d: OrgData): Auth => ({ token: d.viewerToken });
const session = (d: OrgData): Auth => ({ cookie: d.ownerCookie });
const viewerSession = (d: OrgData): Auth => ({ cookie: d.viewerCookie });

type Params = Record<string, string | string[]>;
type Handler = (req: Request, ctx: { params: Promise<Params> }) => Response | Promise<Response>;
interface Sent {
  status: number;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
  headers: Headers;
}
interface SendOptions {
  params?: Params;
  query?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  auth?: Auth;
}

/** `app/v1/runs/[run_id]/route.ts` → `/v1/runs/[run_id]` */
const routeOf = (file: string) =>
  `/${path
    .dirname(path.relative(path.join(ROOT, "app"), file))
    .split(path.sep)
    .join("/")}`;

function filesNamed(dir: string, name: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((rel) => path.basename(rel) === name)
    .map((rel) => path.join(dir, rel))
    .sort();
}

/** Every route file under app/v1 and app/api, and every HTTP method it exports: "GET /v1/runs/[run_id]". */
const handlers = new Map<string, Handler>();
async function loadRouteHandlers() {
  const files = [...filesNamed(path.join(ROOT, "app/v1"), "route.ts"), ...filesNamed(path.join(ROOT, "app/api"), "route.ts")];
  expect(files.length).toBeGreaterThan(10);
  for (const file of files) {
    const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    const methods = HTTP_METHODS.filter((m) => typeof mod[m] === "function");
    expect(methods.length, `${file} exports no HTTP method`).toBeGreaterThan(0);
    for (const method of methods) handlers.set(`${method} ${routeOf(file)}`, mod[method] as Handler);
  }
}

async function send(method: string, route: string, options: SendOptions = {}): Promise<Sent> {
  const handler = handlers.get(`${method} ${route}`);
  if (!handler) throw new Error(`no handler for ${method} ${route}`);
  const params = options.params ?? {};
  const pathname = route.replace(/\[(?:\.\.\.)?(\w+)\]/g, (_, name: string) => {
    const value = params[name];
    return Array.isArray(value) ? value.join("/") : value;
  });
  const auth = options.auth === undefined ? key(B) : options.auth;
  const headers: Record<string, string> = { "content-type": "application/json", origin: "http://127.0.0.1", ...options.headers };
  if (auth && "token" in auth) headers.authorization = `Bearer ${auth.token}`;
  if (auth && "cookie" in auth) headers.cookie = auth.cookie;
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const req = new Request(`http://127.0.0.1${pathname}${options.query ? `?${options.query}` : ""}`, { method, headers, body });
  const res = await handler(req, { params: Promise.resolve(params) });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON (CSV, JSON lines)
  }
  return { status: res.status, text, json, headers: res.headers };
}

/**
 * `method route` with org A's `id` in path param `param`: answers 404 to each of `auths` (org B's key and
 * read-only key by default), with the same body as for a well-formed missing id, naming nothing else of org A,
 * and writes nothing.
 */
async function expectForeignIdLikeMissing(
  method: string,
  route: string,
  param: string,
  kind: IdKind,
  id: string,
  options: { query?: string; body?: unknown; auths?: Auth[] } = {},
) {
  await expectNothingWritten(async () => {
    for (const auth of options.auths ?? [key(B), viewerKey(B)]) {
      const foreign = await send(method, route, { params: { [param]: id }, query: options.query, body: options.body, auth });
      expect(foreign.status, `${method} ${route} with org A's ${kind} id: ${foreign.text}`).toBe(404);
      const missing = await send(method, route, {
        params: { [param]: MISSING(kind) },
        query: options.query,
        body: options.body,
        auth,
      });
      expect(missing.status).toBe(404);
      expect(normalize(foreign.text, id)).toBe(normalize(missing.text, MISSING(kind)));
      expectNoForeign(normalize(foreign.text, id), `${method} ${route}`);
    }
  });
}

/** The same read as org A: 200 and the answer contains `expected` (so the foreign 404 above is about the org). */
async function expectOwnerReads(method: string, route: string, options: SendOptions, expected: string) {
  const own = await send(method, route, { ...options, auth: options.auth ?? key(A) });
  expect(own.status, own.text).toBe(200);
  expect(own.text).toContain(expected);
  return own;
}

/** A read of path `param`: org B gets 404 for org A's id, org A gets 200 containing `expected`. */
function readById(
  route: string,
  param: string,
  kind: IdKind,
  pick: (d: OrgData) => string,
  expected = pick,
  query?: string,
): Check {
  return async () => {
    await expectForeignIdLikeMissing("GET", route, param, kind, pick(A), { query });
    await expectOwnerReads("GET", route, { params: { [param]: pick(A) }, query }, expected(A));
  };
}

/**
 * A write: org A's read-only key gets 403 on its own org's object, org B's read-only key gets 403 for org A's id
 * exactly as for a missing id (no existence leak), nothing is written; then org A's own key succeeds.
 */
async function expectViewerForbidden(method: string, route: string, param: string, kind: IdKind, id: string, body?: unknown) {
  await expectNothingWritten(async () => {
    const own = await send(method, route, { params: { [param]: id }, body, auth: viewerKey(A) });
    expect(own.status, own.text).toBe(403);
    expect(own.json.detail).toMatch(/lacks the permission/);
    const foreign = await send(method, route, { params: { [param]: id }, body, auth: viewerKey(B) });
    const missing = await send(method, route, { params: { [param]: MISSING(kind) }, body, auth: viewerKey(B) });
    expect(foreign.status).toBe(403);
    expect(normalize(foreign.text, id)).toBe(normalize(missing.text, MISSING(kind)));
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The table: one entry per exported method of every route file under app/v1 and app/api.

type Check = () => Promise<void>;
interface Entry {
  /** "org": answers from the caller's org only. Otherwise why the route is not org-scoped. */
  scope: "org" | { notOrgScoped: string };
  check: Check;
}
const org = (check: Check): Entry => ({ scope: "org", check });

const ROUTES: Record<string, Entry> = {
  // Letta-compatible REST (/v1), API keys only
  "GET /v1/runs": org(async () => {
    for (const auth of [key(B), viewerKey(B)]) {
      const mine = await send("GET", "/v1/runs", { auth });
      expect(mine.status).toBe(200);
      expect(mine.text).toContain(B.runId);
      expectNoForeign(mine.text, "GET /v1/runs");
      for (const query of [
        `agent_id=${A.agentId}`,
        `agent_ids=${A.agentId}`,
        `project_id=${A.org.projectId}`,
        `conversation_id=x&agent_id=${A.agentId}`,
      ]) {
        const filtered = await send("GET", "/v1/runs", { query, auth });
        expect(filtered.json, query).toEqual([]);
      }
      // a cursor of theirs is refused exactly as an unknown cursor
      const cursor = await send("GET", "/v1/runs", { query: `after=${A.runId}`, auth });
      const unknown = await send("GET", "/v1/runs", { query: `after=${MISSING("run")}`, auth });
      expect(cursor.status).toBe(400);
      expect(normalize(cursor.text, A.runId)).toBe(normalize(unknown.text, MISSING("run")));
    }
    await expectOwnerReads("GET", "/v1/runs", { query: `agent_id=${A.agentId}` }, A.runId);
    // the same cursor is accepted from org A (the 400 above is about the org, not the id)
    await expectOwnerReads("GET", "/v1/runs", { query: `after=${A.openRunId}&order=asc` }, "[");
  }),
  "GET /v1/runs/[run_id]": org(readById("/v1/runs/[run_id]", "run_id", "run", (d) => d.runId)),
  "DELETE /v1/runs/[run_id]": org(async () => {
    const target = await scratch(A, "delete-target");
    await expectForeignIdLikeMissing("DELETE", "/v1/runs/[run_id]", "run_id", "run", target.runId, { auths: [key(B)] });
    await expectViewerForbidden("DELETE", "/v1/runs/[run_id]", "run_id", "run", target.runId);
    expect(await runStatus(A, target.runId)).toBe("running");
    const own = await send("DELETE", "/v1/runs/[run_id]", { params: { run_id: target.runId }, auth: key(A) });
    expect(own.status, own.text).toBe(200);
  }),
  "GET /v1/runs/[run_id]/steps": org(
    readById(
      "/v1/runs/[run_id]/steps",
      "run_id",
      "run",
      (d) => d.runId,
      (d) => d.stepId,
    ),
  ),
  "GET /v1/runs/[run_id]/usage": org(
    readById(
      "/v1/runs/[run_id]/usage",
      "run_id",
      "run",
      (d) => d.runId,
      () => "total_tokens",
    ),
  ),
  "GET /v1/runs/[run_id]/messages": org(async () => {
    await readById(
      "/v1/runs/[run_id]/messages",
      "run_id",
      "run",
      (d) => d.runId,
      (d) => d.messageId,
    )();
    // their message id as a cursor on the caller's own run: refused as an unknown cursor
    const cursor = await send("GET", "/v1/runs/[run_id]/messages", {
      params: { run_id: B.runId },
      query: `after=${A.messageId}`,
    });
    const unknown = await send("GET", "/v1/runs/[run_id]/messages", {
      params: { run_id: B.runId },
      query: `after=${MISSING("message")}`,
    });
    expect(cursor.status).toBe(400);
    expect(normalize(cursor.text, A.messageId)).toBe(normalize(unknown.text, MISSING("message")));
    await expectOwnerReads(
      "GET",
      "/v1/runs/[run_id]/messages",
      { params: { run_id: A.runId }, query: `after=${A.messageId}` },
      "[",
    );
  }),
  "GET /v1/runs/[run_id]/metrics": org(readById("/v1/runs/[run_id]/metrics", "run_id", "run", (d) => d.runId)),
  "GET /v1/steps": org(async () => {
    for (const auth of [key(B), viewerKey(B)]) {
      const mine = await send("GET", "/v1/steps", { auth });
      expect(mine.status).toBe(200);
      expect(mine.text).toContain(B.stepId);
      expectNoForeign(mine.text, "GET /v1/steps");
      for (const query of [`agent_id=${A.agentId}`, `trace_ids=${A.traceId}`, `project_id=${A.org.projectId}`]) {
        expect((await send("GET", "/v1/steps", { query, auth })).json, query).toEqual([]);
      }
      const cursor = await send("GET", "/v1/steps", { query: `after=${A.stepId}`, auth });
      const unknown = await send("GET", "/v1/steps", { query: `after=${MISSING("step")}`, auth });
      expect(cursor.status).toBe(400);
      expect(normalize(cursor.text, A.stepId)).toBe(normalize(unknown.text, MISSING("step")));
    }
    await expectOwnerReads("GET", "/v1/steps", { query: `trace_ids=${A.traceId}` }, A.stepId);
    await expectOwnerReads("GET", "/v1/steps", { query: `after=${A.stepId}` }, "[");
  }),
  "GET /v1/steps/[step_id]": org(readById("/v1/steps/[step_id]", "step_id", "step", (d) => d.stepId)),
  "PATCH /v1/steps/[step_id]/feedback": org(async () => {
    const target = await scratch(A, "feedback-target");
    const body = { feedback: "negative", tags: ["hijacked"] };
    await expectForeignIdLikeMissing("PATCH", "/v1/steps/[step_id]/feedback", "step_id", "step", target.stepId, {
      body,
      auths: [key(B)],
    });
    await expectViewerForbidden("PATCH", "/v1/steps/[step_id]/feedback", "step_id", "step", target.stepId, body);
    expect((await A.org.caller.steps.get({ stepId: target.stepId })).feedback).toBeNull();
    const own = await send("PATCH", "/v1/steps/[step_id]/feedback", { params: { step_id: target.stepId }, body, auth: key(A) });
    expect(own.status, own.text).toBe(200);
    expect(own.json.feedback).toBe("negative");
  }),
  "GET /v1/steps/[step_id]/messages": org(
    readById(
      "/v1/steps/[step_id]/messages",
      "step_id",
      "step",
      (d) => d.stepId,
      (d) => d.messageId,
    ),
  ),
  "GET /v1/steps/[step_id]/metrics": org(readById("/v1/steps/[step_id]/metrics", "step_id", "step", (d) => d.stepId)),
  "POST /v1/agents/[agent_id]/messages/cancel": org(async () => {
    const route = "/v1/agents/[agent_id]/messages/cancel";
    const target = await scratch(A, "cancel-target");
    // their agent: 404 as a missing agent
    await expectForeignIdLikeMissing("POST", route, "agent_id", "agent", target.agentId, { body: {}, auths: [key(B)] });
    // the caller's own agent, naming their run: "failed" as a missing run (Letta's per-run answer), nothing written
    const ownOpen = await scratch(B, "cancel-own");
    await expectNothingWritten(async () => {
      const foreign = await send("POST", route, { params: { agent_id: ownOpen.agentId }, body: { run_ids: [target.runId] } });
      const missing = await send("POST", route, { params: { agent_id: ownOpen.agentId }, body: { run_ids: [MISSING("run")] } });
      expect(foreign.status, foreign.text).toBe(200);
      expect(JSON.parse(foreign.text)).toEqual({ [target.runId]: "failed" });
      expect(normalize(foreign.text, target.runId)).toBe(normalize(missing.text, MISSING("run")));
    });
    await expectViewerForbidden("POST", route, "agent_id", "agent", target.agentId, {});
    expect(await runStatus(A, target.runId)).toBe("running");
    expect(await runStatus(B, ownOpen.runId)).toBe("running");
    // their run beside the caller's own: only the caller's own is cancelled
    const mixed = await send("POST", route, {
      params: { agent_id: ownOpen.agentId },
      body: { run_ids: [ownOpen.runId, target.runId] },
    });
    expect(JSON.parse(mixed.text)).toEqual({ [ownOpen.runId]: "cancelled", [target.runId]: "failed" });
    expect(await runStatus(A, target.runId)).toBe("running");
    const own = await send("POST", route, { params: { agent_id: target.agentId }, body: {}, auth: key(A) });
    expect(own.status, own.text).toBe(200);
    expect(await runStatus(A, target.runId)).toBe("cancelled");
  }),
  "GET /v1/openapi.json": {
    scope: { notOrgScoped: "public: the API description, generated from the routes' zod schemas; it holds no row of any org" },
    check: async () => {
      const anonymous = await send("GET", "/v1/openapi.json", { auth: null });
      expect(anonymous.status).toBe(200);
      expect(anonymous.json.openapi).toMatch(/^3\.1/);
      const asB = await send("GET", "/v1/openapi.json", { auth: key(B) });
      expect(asB.text).toBe(anonymous.text);
      expectNoForeign(anonymous.text, "openapi.json");
      for (const id of [B.org.orgId, B.runId, B.agentId]) expect(anonymous.text).not.toContain(id);
    },
  },

  // app/api route handlers
  "GET /api/runs/export": org(async () => {
    for (const auth of [key(B), viewerKey(B), session(B), viewerSession(B)]) {
      for (const format of ["json", "csv", "jsonl"]) {
        const mine = await send("GET", "/api/runs/export", { query: `format=${format}`, auth });
        expect(mine.status, mine.text).toBe(200);
        expect(mine.text).toContain(B.runId);
        expectNoForeign(mine.text, `export ${format}`);
      }
      for (const query of [`agentIds=${A.agentId}`, `agentId=${A.agentId}`, `runId=${A.runId}`, `projectId=${A.org.projectId}`]) {
        const filtered = await send("GET", "/api/runs/export", { query: `format=json&${query}`, auth });
        expect(filtered.status).toBe(200);
        expect(filtered.json, query).toEqual([]);
      }
      // their saved view: 404 as a missing view
      const view = await send("GET", "/api/runs/export", { query: `format=json&viewId=${A.viewId}`, auth });
      const unknown = await send("GET", "/api/runs/export", { query: `format=json&viewId=${MISSING("view")}`, auth });
      expect(view.status, view.text).toBe(404);
      expect(normalize(view.text, A.viewId)).toBe(normalize(unknown.text, MISSING("view")));
    }
    // A misspelled filter is refused, naming it, instead of exporting the whole organization.
    const misspelled = await send("GET", "/api/runs/export", { query: "format=json&status=completed" });
    expect(misspelled.status, misspelled.text).toBe(400);
    expect(misspelled.text).toMatch(/status: unknown parameter/);
    expect((await send("GET", "/api/runs/export", { auth: null })).status).toBe(401);
    await expectOwnerReads("GET", "/api/runs/export", { query: `format=json&agentIds=${A.agentId}` }, A.runId);
    await expectOwnerReads("GET", "/api/runs/export", { query: `format=json&viewId=${A.viewId}`, auth: session(A) }, A.runId);
  }),
  "POST /api/callbacks/[endpointId]": {
    scope: {
      notOrgScoped:
        "the public inbox of one endpoint: its sender has no org credentials, the endpoint's own secret authenticates " +
        "the delivery (a delivery signed with another org's endpoint secret is refused with 401, and a missing or " +
        "deleted endpoint is 404), and a delivery is stored only in that endpoint's org",
    },
    check: async () => {
      const route = "/api/callbacks/[endpointId]";
      const deliver = (endpointId: string, secret: string, auth: Auth = key(B)) => {
        const id = `msg_${Math.random().toString(36).slice(2)}`;
        const at = new Date();
        const body = JSON.stringify({ run_id: B.runId, status: "completed" });
        return send("POST", route, {
          params: { endpointId },
          rawBody: body,
          auth,
          headers: {
            "webhook-id": id,
            "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
            "webhook-signature": new Webhook(secret).sign(id, at, body),
          },
        });
      };
      const deleted = await A.org.caller.callbacks.endpoints.create({ name: "orga-deleted-inbox" });
      await A.org.caller.callbacks.endpoints.delete({ endpointId: deleted.id });
      await expectNothingWritten(async () => {
        // unknown and deleted endpoints: 404, whoever asks
        for (const auth of [key(B), session(B), null]) {
          const unknown = await deliver(MISSING("endpoint"), B.endpoint.secret, auth);
          expect(unknown.status).toBe(404);
          const gone = await deliver(deleted.id, deleted.secret, auth);
          expect(gone.status).toBe(404);
          expect(normalize(gone.text, deleted.id)).toBe(normalize(unknown.text, MISSING("endpoint")));
        }
        // org B pushing into org A's inbox with its own endpoint's secret (and its own credentials): refused
        for (const auth of [key(B), session(B)]) {
          const forged = await deliver(A.endpoint.id, B.endpoint.secret, auth);
          expect(forged.status, forged.text).toBe(401);
          expectNoForeign(normalize(forged.text, A.endpoint.id), "receiver");
        }
      });
      // the control: signed with org A's endpoint secret it is stored, in org A's inbox only
      const ok = await deliver(A.endpoint.id, A.endpoint.secret, null);
      expect(ok.status, ok.text).toBe(200);
      const rows = await database.db.select().from(receivedCallbacks).where(eq(receivedCallbacks.id, ok.json.id));
      expect(rows.map((r) => [r.organizationId, r.endpointId])).toEqual([[A.org.orgId, A.endpoint.id]]);
      expect(JSON.stringify(await B.org.caller.callbacks.received({}))).not.toContain(ok.json.id);
      expect(JSON.stringify(await A.org.caller.callbacks.received({}))).toContain(ok.json.id);
    },
  },
  "GET /api/health": {
    scope: { notOrgScoped: "readiness probe: says whether the database answers; reads no org's rows" },
    check: async () => {
      const anonymous = await send("GET", "/api/health", { auth: null });
      expect(anonymous.status).toBe(200);
      expect(anonymous.json).toEqual({ ok: true, engine: database.engine });
      expect((await send("GET", "/api/health", { auth: key(B) })).text).toBe(anonymous.text);
    },
  },
  "GET /api/auth/[...all]": {
    scope: { notOrgScoped: "better-auth's endpoints: they act on the caller's own session and user, never on an org's rows" },
    check: async () => {
      const mine = await send("GET", "/api/auth/[...all]", { params: { all: ["get-session"] }, auth: session(B) });
      expect(mine.status).toBe(200);
      expect(mine.json.user.id).toBe(B.ownerUserId);
      expectNoForeign(mine.text, "get-session");
      const theirs = await send("GET", "/api/auth/[...all]", { params: { all: ["get-session"] }, auth: session(A) });
      expect(theirs.json.user.id).toBe(A.ownerUserId);
      const anonymous = await send("GET", "/api/auth/[...all]", { params: { all: ["get-session"] }, auth: null });
      expect(anonymous.json).toBeNull();
    },
  },
  "POST /api/auth/[...all]": {
    scope: { notOrgScoped: "better-auth's endpoints: sign-in/up/out act on credentials and the caller's own session only" },
    check: async () => {
      // A second session of org B's owner signs out: that session ends, nobody else's does.
      const { cookie } = await signIn(database.db, { email: B.ownerEmail, password: PASSWORD });
      expect(await getSessionScope(database.db, new Headers({ cookie }))).not.toBeNull();
      const out = await send("POST", "/api/auth/[...all]", { params: { all: ["sign-out"] }, body: {}, auth: { cookie } });
      expect(out.status, out.text).toBe(200);
      expect(await getSessionScope(database.db, new Headers({ cookie }))).toBeNull();
      expect((await getSessionScope(database.db, new Headers({ cookie: A.ownerCookie })))?.orgId).toBe(A.org.orgId);
      expect((await getSessionScope(database.db, new Headers({ cookie: B.ownerCookie })))?.orgId).toBe(B.org.orgId);
      // Signing in as org A's owner with a wrong password (while signed in as B) gets nothing.
      await expectNothingWritten(async () => {
        const wrong = await send("POST", "/api/auth/[...all]", {
          params: { all: ["sign-in", "email"] },
          body: { email: A.ownerEmail, password: "not the password" },
          auth: session(B),
        });
        expect(wrong.status).toBe(401);
        expect(wrong.headers.getSetCookie().some((c) => /session_token=[^;]/.test(c))).toBe(false);
      });
    },
  },
  "GET /api/trpc/[trpc]": {
    scope: {
      notOrgScoped:
        "org-scoped per procedure: every procedure of appRouter has its entry in test/server/isolation.test.ts; here, the HTTP adapter",
    },
    check: async () => {
      const get = (procedure: string, input: unknown, auth: Auth) =>
        send("GET", "/api/trpc/[trpc]", {
          params: { trpc: procedure },
          query: `input=${encodeURIComponent(JSON.stringify({ json: input }))}`,
          auth,
        });
      for (const auth of [key(B), session(B), viewerSession(B)]) {
        const foreign = await get("runs.get", { runId: A.runId }, auth);
        const missing = await get("runs.get", { runId: MISSING("run") }, auth);
        expect(foreign.status).toBe(404);
        expect(foreign.json.error.json.data.code).toBe("NOT_FOUND");
        expect(normalize(foreign.text, A.runId)).toBe(normalize(missing.text, MISSING("run")));
        const list = await get("runs.list", {}, auth);
        expect(list.status).toBe(200);
        expect(list.text).toContain(B.runId);
        expectNoForeign(list.text, "runs.list over HTTP");
      }
      const own = await get("runs.get", { runId: A.runId }, session(A));
      expect(own.status).toBe(200);
      expect(own.text).toContain(A.agentId);
    },
  },
  "POST /api/trpc/[trpc]": {
    scope: {
      notOrgScoped:
        "org-scoped per procedure: every procedure of appRouter has its entry in test/server/isolation.test.ts; here, the HTTP adapter",
    },
    check: async () => {
      const post = (procedure: string, input: unknown, auth: Auth) =>
        send("POST", "/api/trpc/[trpc]", { params: { trpc: procedure }, body: { json: input }, auth });
      const target = await scratch(A, "trpc-cancel-target");
      const ownOpen = await scratch(B, "trpc-viewer-target");
      await expectNothingWritten(async () => {
        for (const auth of [key(B), session(B)]) {
          const foreign = await post("runs.cancel", { runId: target.runId }, auth);
          const missing = await post("runs.cancel", { runId: MISSING("run") }, auth);
          expect(foreign.status).toBe(404);
          expect(normalize(foreign.text, target.runId)).toBe(normalize(missing.text, MISSING("run")));
        }
        // viewers: FORBIDDEN on their own org's run
        for (const auth of [viewerKey(B), viewerSession(B)]) {
          const denied = await post("runs.cancel", { runId: ownOpen.runId }, auth);
          expect(denied.status).toBe(403);
          expect(denied.json.error.json.data.code).toBe("FORBIDDEN");
        }
      });
      const own = await post("runs.cancel", { runId: target.runId }, session(A));
      expect(own.status, own.text).toBe(200);
      expect(await runStatus(A, target.runId)).toBe("cancelled");
    },
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Server actions: every exported function of app/**/actions.ts, "app/runs/actions.ts#cancelRun".

/** Runs `call` as the request of `auth` (its Cookie header, as next/headers would give it), or anonymously. */
async function asUser<T>(auth: Auth, call: () => Promise<T>): Promise<T> {
  mocks.headers = new Headers(auth && "cookie" in auth ? { cookie: auth.cookie } : {});
  try {
    return await call();
  } finally {
    mocks.headers = new Headers();
  }
}

/** The redirect an action ended with (Next's redirect() throws it), or fails. */
async function redirectOf(call: Promise<unknown>): Promise<string> {
  try {
    const result = await call;
    throw new Error(`expected a redirect, got ${JSON.stringify(result)}`);
  } catch (error) {
    if (!isRedirectError(error)) throw error;
    return error.digest.split(";")[2];
  }
}

async function errorOf(call: Promise<unknown>): Promise<Error> {
  try {
    const result = await call;
    throw new Error(`expected the action to fail, got ${JSON.stringify(result)}`);
  } catch (error) {
    if (isRedirectError(error)) throw error;
    return error as Error;
  }
}

interface CancelResultLike {
  ok: boolean;
  error?: string;
  receipt?: { cancelled: number; results: { runId: string; outcome: string }[] };
}

/**
 * For a cancel action called with `make(ids)`: B's owner gets not-found for A's run as for a missing run (an error for
 * one run, a not_found result among several); B's viewer gets a refusal.
 */
async function checkCancelAction(action: (ids: string[]) => Promise<CancelResultLike>, label: string) {
  const target = await scratch(A, `${label}-target`);
  const ownOpen = await scratch(B, `${label}-own`);
  await expectNothingWritten(async () => {
    const foreign = await asUser(session(B), () => action([target.runId]));
    const missing = await asUser(session(B), () => action([MISSING("run")]));
    if (foreign.ok) expect(foreign.receipt?.results).toEqual([{ runId: target.runId, outcome: "not_found", status: null }]);
    else expect(foreign.error).toMatch(/not found/);
    expect(normalize(JSON.stringify(foreign), target.runId)).toBe(normalize(JSON.stringify(missing), MISSING("run")));
    expect(JSON.stringify(foreign)).not.toMatch(/permission|forbidden/i);
    // viewers: refused on their own org's run, and answered the same for theirs and a missing one
    const denied = await asUser(viewerSession(B), () => action([ownOpen.runId]));
    expect(denied).toMatchObject({ ok: false, error: expect.stringMatching(/lacks the permission runs:cancel/) });
    const deniedForeign = await asUser(viewerSession(B), () => action([target.runId]));
    const deniedMissing = await asUser(viewerSession(B), () => action([MISSING("run")]));
    expect(normalize(JSON.stringify(deniedForeign), target.runId)).toBe(normalize(JSON.stringify(deniedMissing), MISSING("run")));
    // no session: sent to sign-in
    expect(await asUser(null, () => redirectOf(action([target.runId])))).toBe("/sign-in");
  });
  expect(await runStatus(A, target.runId)).toBe("running");
  expect(await runStatus(B, ownOpen.runId)).toBe("running");
  // the control: org A's owner cancels the same run
  const own = await asUser(session(A), () => action([target.runId]));
  expect(own).toMatchObject({ ok: true, receipt: { cancelled: 1 } });
  expect(await runStatus(A, target.runId)).toBe("cancelled");
}

const ACTIONS: Record<string, Entry> = {
  "app/runs/actions.ts#cancelRun": org(async () => {
    const { cancelRun } = await import("@/app/runs/actions");
    // one id per call: the caller's own run is checked by the viewer part, the foreign one as not found
    await checkCancelAction(async (ids) => cancelRun(ids[ids.length - 1]), "action-cancel-one");
  }),
  "app/runs/actions.ts#cancelRuns": org(async () => {
    const { cancelRuns } = await import("@/app/runs/actions");
    await checkCancelAction((ids) => cancelRuns(ids), "action-cancel-many");
  }),
  "app/runs/actions.ts#cancelMatchingRuns": org(async () => {
    const { cancelMatchingRuns } = await import("@/app/runs/actions");
    const target = await scratch(A, "action-match-target");
    const ownOpen = await scratch(B, "action-match-own");
    await expectNothingWritten(async () => {
      // a filter naming their agent or run matches nothing of theirs
      for (const filter of [
        { agentId: target.agentId },
        { agentIds: [target.agentId] },
        { runId: target.runId },
        { projectId: A.org.projectId },
      ]) {
        const result = await asUser(session(B), () => cancelMatchingRuns(filter));
        expect(result, JSON.stringify(filter)).toEqual({
          ok: true,
          receipt: { results: [], cancelled: 0, alreadyTerminal: 0, notFound: 0 },
        });
      }
      // their saved view: not found, as a missing view
      const view = await asUser(session(B), () => cancelMatchingRuns({ viewId: A.viewId }));
      const missing = await asUser(session(B), () => cancelMatchingRuns({ viewId: MISSING("view") }));
      expect(view.ok).toBe(false);
      expect(normalize(JSON.stringify(view), A.viewId)).toBe(normalize(JSON.stringify(missing), MISSING("view")));
      const denied = await asUser(viewerSession(B), () => cancelMatchingRuns({ agentId: ownOpen.agentId }));
      expect(denied).toMatchObject({ ok: false, error: expect.stringMatching(/lacks the permission runs:cancel/) });
      expect(await asUser(null, () => redirectOf(cancelMatchingRuns({ agentId: target.agentId })))).toBe("/sign-in");
    });
    expect(await runStatus(A, target.runId)).toBe("running");
    const own = await asUser(session(A), () => cancelMatchingRuns({ agentId: target.agentId }));
    expect(own).toMatchObject({ ok: true, receipt: { cancelled: 1 } });
  }),
  "app/settings/actions.ts#switchOrganizationAction": {
    scope: {
      notOrgScoped:
        "switches the caller's own session between the orgs the user belongs to (any role may, a viewer too: it " +
        "changes no org's data); another org's id is NOT_FOUND exactly as a missing one",
    },
    check: async () => {
      const { switchOrganizationAction } = await import("@/app/settings/actions");
      const form = (orgId: string, back = "/settings/members") => {
        const data = new FormData();
        data.set("orgId", orgId);
        data.set("back", back);
        return data;
      };
      await expectNothingWritten(async () => {
        for (const auth of [session(B), viewerSession(B)]) {
          // Next's notFound(): the action answers 404 (an uncaught DomainError would be a 500), alike for a foreign,
          // a missing and a malformed id.
          for (const orgId of [A.org.orgId, MISSING("org"), "not-an-org-id"]) {
            const refused = await asUser(auth, () => errorOf(switchOrganizationAction(form(orgId))));
            expect(isHTTPAccessFallbackError(refused), String(refused)).toBe(true);
            expect(getAccessFallbackHTTPStatus(refused as HTTPAccessFallbackError)).toBe(404);
          }
        }
        expect(await asUser(null, () => redirectOf(switchOrganizationAction(form(A.org.orgId))))).toBe("/sign-in");
      });
      expect((await getSessionScope(database.db, new Headers({ cookie: B.ownerCookie })))?.orgId).toBe(B.org.orgId);
      // the control: a user who belongs to both orgs switches to org A
      const email = "both-orgs@example.com";
      const userId = await ensurePasswordUser(database.db, { email, password: PASSWORD });
      await ensureMembership(database.db, { orgId: B.org.orgId, userId, role: "member" });
      await ensureMembership(database.db, { orgId: A.org.orgId, userId, role: "viewer" });
      const { cookie } = await signIn(database.db, { email, password: PASSWORD });
      expect(await asUser({ cookie }, () => redirectOf(switchOrganizationAction(form(A.org.orgId))))).toBe("/settings/members");
      expect((await getSessionScope(database.db, new Headers({ cookie })))?.orgId).toBe(A.org.orgId);
      // its redirect target is sanitised like sign-in's `next` (server/lib/safe-redirect.ts)
      for (const back of ["/%09/attacker.host", "//attacker.host", "/\\attacker.host", "https://attacker.host/", "/a\nb"]) {
        const target = await asUser({ cookie }, () => redirectOf(switchOrganizationAction(form(B.org.orgId, back))));
        expect(target, back).toBe("/settings/api-keys");
      }
    },
  },
  "app/invitations/accept/actions.ts#acceptInvitationAction": {
    scope: {
      notOrgScoped:
        "joins the organization an invitation names, as the signed-in user it was sent to; anyone else's attempt " +
        "is refused exactly as an unknown token is, and changes nothing",
    },
    check: async () => {
      const { acceptInvitationAction } = await import("@/app/invitations/accept/actions");
      const email = "invited-to-a@example.com";
      const { token } = await A.org.caller.members.invite({ email, role: "viewer" });
      const form = (value: string) => {
        const data = new FormData();
        data.set("token", value);
        return data;
      };
      const page = (value: string) => `/invitations/accept?token=${encodeURIComponent(value)}`;
      const unknown = `rt_inv_${"A".repeat(43)}`;
      await expectNothingWritten(async () => {
        // B's owner and viewer have other emails: back to the page (which shows the one generic refusal), as for
        // a token that exists nowhere.
        for (const auth of [session(B), viewerSession(B)]) {
          expect(await asUser(auth, () => redirectOf(acceptInvitationAction(form(token))))).toBe(page(token));
          expect(await asUser(auth, () => redirectOf(acceptInvitationAction(form(unknown))))).toBe(page(unknown));
        }
        expect(await asUser(null, () => redirectOf(acceptInvitationAction(form(token))))).toBe(
          `/sign-in?next=${encodeURIComponent(page(token))}`,
        );
      });
      // the control: the invitee (an account in no organization yet) joins org A and acts on it
      const userId = await ensurePasswordUser(database.db, { email, password: PASSWORD });
      const { cookie } = await signIn(database.db, { email, password: PASSWORD });
      expect(await asUser({ cookie }, () => redirectOf(acceptInvitationAction(form(token))))).toBe("/runs");
      expect(await getSessionScope(database.db, new Headers({ cookie }))).toMatchObject({
        orgId: A.org.orgId,
        role: "viewer",
        userId,
      });
    },
  },
  "app/sign-in/actions.ts#signInAction": {
    scope: { notOrgScoped: "signs in with credentials: a session of that user only, whichever session the request already has" },
    check: async () => {
      const { signInAction } = await import("@/app/sign-in/actions");
      const form = (email: string, password: string) => {
        const data = new FormData();
        data.set("email", email);
        data.set("password", password);
        data.set("next", "/runs");
        return data;
      };
      await expectNothingWritten(async () => {
        const wrong = await asUser(session(B), () => signInAction({ error: null }, form(A.ownerEmail, "not the password")));
        expect(wrong).toMatchObject({ error: "Wrong email or password", field: "password" });
      });
      const count = async (userId: string) =>
        (await database.db.select().from(sessions).where(eq(sessions.userId, userId))).length;
      const [aSessions, bSessions] = [await count(A.ownerUserId), await count(B.ownerUserId)];
      expect(await asUser(session(A), () => redirectOf(signInAction({ error: null }, form(B.ownerEmail, PASSWORD))))).toBe(
        "/runs",
      );
      expect(await count(B.ownerUserId)).toBe(bSessions + 1);
      expect(await count(A.ownerUserId)).toBe(aSessions);
    },
  },
  "app/sign-in/actions.ts#signUpAction": {
    scope: { notOrgScoped: "creates a new user who owns a new organization of their own; never joins an existing one" },
    check: async () => {
      const { signUpAction } = await import("@/app/sign-in/actions");
      const form = (email: string) => {
        const data = new FormData();
        data.set("email", email);
        data.set("password", PASSWORD);
        data.set("name", "Newcomer");
        return data;
      };
      await expectNothingWritten(async () => {
        const taken = await asUser(session(B), () => signUpAction({ error: null }, form(A.ownerEmail)));
        // The generic refusal: it never says the email has an account (test/auth/sign-in-limit.test.ts).
        expect(taken).toMatchObject({ field: null, error: expect.stringContaining("Could not create an account") });
      });
      expect(await asUser(null, () => redirectOf(signUpAction({ error: null }, form("newcomer@example.com"))))).toBe("/");
      const { cookie } = await signIn(database.db, { email: "newcomer@example.com", password: PASSWORD });
      const scope = await getSessionScope(database.db, new Headers({ cookie }));
      expect(scope?.role).toBe("owner");
      expect([A.org.orgId, B.org.orgId]).not.toContain(scope?.orgId);
      const rows = await database.db.select().from(memberships).where(eq(memberships.userId, scope!.userId!));
      expect(rows.map((m) => m.organizationId)).toEqual([scope!.orgId]);
    },
  },
  "app/sign-in/actions.ts#signOutAction": {
    scope: { notOrgScoped: "ends the caller's own session only" },
    check: async () => {
      const { signOutAction } = await import("@/app/sign-in/actions");
      const { cookie } = await signIn(database.db, { email: B.ownerEmail, password: PASSWORD });
      expect(await asUser({ cookie }, () => redirectOf(signOutAction()))).toBe("/sign-in");
      expect(await getSessionScope(database.db, new Headers({ cookie }))).toBeNull();
      expect((await getSessionScope(database.db, new Headers({ cookie: A.ownerCookie })))?.orgId).toBe(A.org.orgId);
      expect((await getSessionScope(database.db, new Headers({ cookie: B.ownerCookie })))?.orgId).toBe(B.org.orgId);
      await expectNothingWritten(async () => {
        expect(await asUser(null, () => redirectOf(signOutAction()))).toBe("/sign-in");
      });
    },
  },
};

/** Every exported function of every app/**\/actions.ts. */
async function actionsOnDisk(): Promise<string[]> {
  const names: string[] = [];
  for (const file of filesNamed(path.join(ROOT, "app"), "actions.ts")) {
    const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    const rel = path.relative(ROOT, file).split(path.sep).join("/");
    for (const [name, value] of Object.entries(mod)) if (typeof value === "function") names.push(`${rel}#${name}`);
  }
  return names.sort();
}

// ---------------------------------------------------------------------------------------------------------------

const title = (name: string, entry: Entry) =>
  entry.scope === "org"
    ? `${name}: org A's ids answer like missing ones, lists hold none of its rows, viewers cannot write`
    : `${name}: not org-scoped (${entry.scope.notOrgScoped.split(":")[0]}), checked as such`;

function expectCovers(onDisk: string[], table: Record<string, Entry>, what: string) {
  const missing = onDisk.filter((k) => !(k in table));
  const stale = Object.keys(table)
    .filter((k) => !onDisk.includes(k))
    .sort();
  expect(missing, `${what} without an isolation entry: ${missing.join(", ")}`).toEqual([]);
  expect(stale, `isolation entries for ${what} that no longer exist: ${stale.join(", ")}`).toEqual([]);
}

describe("org isolation of REST routes and route handlers (app/v1/**, app/api/**)", () => {
  beforeAll(loadRouteHandlers);

  it("covers every exported method of every route file (add a ROUTES entry for each new one)", () => {
    expectCovers([...handlers.keys()].sort(), ROUTES, "route methods");
    for (const [route, entry] of Object.entries(ROUTES))
      if (entry.scope !== "org")
        expect(entry.scope.notOrgScoped.length, `${route}: say why it is not org-scoped`).toBeGreaterThan(20);
  });

  it("org A's data is really there: its own key and session read it", async () => {
    expect((await send("GET", "/v1/runs/[run_id]", { params: { run_id: A.runId }, auth: key(A) })).json.id).toBe(A.runId);
    expect((await send("GET", "/v1/runs/[run_id]", { params: { run_id: A.runId }, auth: viewerKey(A) })).json.id).toBe(A.runId);
    expect((await getSessionScope(database.db, new Headers({ cookie: A.viewerCookie })))?.role).toBe("viewer");
  });

  for (const route of Object.keys(ROUTES).sort()) {
    it(title(route, ROUTES[route]), async () => {
      if (!handlers.has(route)) return; // reported by the meta-test
      await ROUTES[route].check();
    });
  }
});

describe("org isolation of server actions (app/**/actions.ts)", () => {
  it("covers every exported function of every actions.ts (add an ACTIONS entry for each new one)", async () => {
    expectCovers(await actionsOnDisk(), ACTIONS, "server actions");
  });

  for (const action of Object.keys(ACTIONS).sort()) {
    it(title(action, ACTIONS[action]), async () => {
      await ACTIONS[action].check();
    });
  }
});

describe("after every call above", () => {
  it("org A's fixtures are unchanged", async () => {
    const c = A.org.caller;
    expect(await runStatus(A, A.openRunId)).toBe("created");
    expect(await runStatus(A, A.runId)).toBe("completed");
    expect((await c.steps.get({ stepId: A.stepId })).feedback).toBeNull();
    expect((await c.views.get({ viewId: A.viewId })).id).toBe(A.viewId);
  });
});

/**
 * A project-bound API key (org A's, bound to A's project) on /v1 and the export: another project of the same org
 * answers exactly like a missing id, its rows never show in lists, and nothing is written.
 */
describe("project-bound API keys on /v1 and /api/runs/export", () => {
  let bound: Auth;
  /** Rows of a second project of org A, made by A's org-wide key. */
  let other: { projectId: string; agentId: string; runId: string; openRunId: string; stepId: string; messageId: string };

  beforeAll(async () => {
    if (handlers.size === 0) await loadRouteHandlers();
    const { db } = database;
    const token = generateApiKeyToken();
    await storeApiKey(db, { orgId: A.org.orgId, projectId: A.org.projectId, name: "project key", token });
    bound = { token };
    const projectId = `project-${crypto.randomUUID()}`;
    await db.insert(projects).values({ id: projectId, organizationId: A.org.orgId, name: "other project" });
    const c = A.org.caller;
    const agentId = (await c.agents.create({ name: "other-project-agent", projectId })).id;
    const runId = (await c.runs.create({ agentId })).id;
    const step = await c.steps.create({ runId, status: "success", messages: [{ role: "user", content: "other project" }] });
    await c.runs.update({ runId, status: "completed", totalDurationNs: 1_000 });
    const openRunId = (await c.runs.create({ agentId })).id;
    const messageId = (await c.runs.messages({ runId })).items[0].id;
    other = { projectId, agentId, runId, openRunId, stepId: step.id, messageId };
  });

  const otherIds = () => [other.projectId, other.agentId, other.runId, other.openRunId, other.stepId, other.messageId];
  const expectNoOther = (text: string, what: string) => {
    for (const id of otherIds()) expect(text, `${what} leaks ${id}`).not.toContain(id);
  };

  it("reads of the other project's run, step or agent answer like missing ones; its own are read", async () => {
    const byId: [string, string, IdKind, () => string, () => string][] = [
      ["/v1/runs/[run_id]", "run_id", "run", () => other.runId, () => A.runId],
      ["/v1/runs/[run_id]/messages", "run_id", "run", () => other.runId, () => A.runId],
      ["/v1/runs/[run_id]/metrics", "run_id", "run", () => other.runId, () => A.runId],
      ["/v1/runs/[run_id]/usage", "run_id", "run", () => other.runId, () => A.runId],
      ["/v1/runs/[run_id]/steps", "run_id", "run", () => other.runId, () => A.runId],
      ["/v1/steps/[step_id]", "step_id", "step", () => other.stepId, () => A.stepId],
      ["/v1/steps/[step_id]/metrics", "step_id", "step", () => other.stepId, () => A.stepId],
      ["/v1/steps/[step_id]/messages", "step_id", "step", () => other.stepId, () => A.stepId],
    ];
    for (const [route, param, kind, foreignId, ownId] of byId) {
      await expectForeignIdLikeMissing("GET", route, param, kind, foreignId(), { auths: [bound] });
      const own = await send("GET", route, { params: { [param]: ownId() }, auth: bound });
      expect(own.status, `${route}: ${own.text}`).toBe(200);
    }
  });

  it("writes on the other project's run, step or agent answer like missing ones and write nothing", async () => {
    await expectForeignIdLikeMissing("DELETE", "/v1/runs/[run_id]", "run_id", "run", other.openRunId, { auths: [bound] });
    await expectForeignIdLikeMissing("PATCH", "/v1/steps/[step_id]/feedback", "step_id", "step", other.stepId, {
      body: { feedback: "negative" },
      auths: [bound],
    });
    await expectForeignIdLikeMissing("POST", "/v1/agents/[agent_id]/messages/cancel", "agent_id", "agent", other.agentId, {
      body: {},
      auths: [bound],
    });
    expect(await runStatus(A, other.openRunId)).toBe("created");
  });

  it("lists and the export show the key's project only", async () => {
    const runs = await send("GET", "/v1/runs", { auth: bound });
    expect(runs.status).toBe(200);
    expect(runs.text).toContain(A.runId);
    expectNoOther(runs.text, "GET /v1/runs");
    for (const query of [`agent_id=${other.agentId}`, `project_id=${other.projectId}`]) {
      expect((await send("GET", "/v1/runs", { query, auth: bound })).json, query).toEqual([]);
    }
    const cursor = await send("GET", "/v1/runs", { query: `after=${other.runId}`, auth: bound });
    expect(cursor.status).toBe(400);
    const steps = await send("GET", "/v1/steps", { auth: bound });
    expect(steps.text).toContain(A.stepId);
    expectNoOther(steps.text, "GET /v1/steps");
    const messages = await send("GET", "/v1/runs/[run_id]/messages", {
      params: { run_id: A.runId },
      query: `after=${other.messageId}`,
      auth: bound,
    });
    expect(messages.status).toBe(400);
    for (const format of ["json", "csv", "jsonl"]) {
      const exported = await send("GET", "/api/runs/export", { query: `format=${format}`, auth: bound });
      expect(exported.status, exported.text).toBe(200);
      expect(exported.text).toContain(A.runId);
      expectNoOther(exported.text, `export ${format}`);
    }
    const filtered = await send("GET", "/api/runs/export", { query: `format=json&projectId=${other.projectId}`, auth: bound });
    expect(filtered.json).toEqual([]);
  });
});
