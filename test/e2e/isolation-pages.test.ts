/**
 * Org isolation of every page (app/**\/page.tsx) against `next start`, with plain fetches of the HTML (no browser).
 * Two orgs with data: org A is the init org (its owner signed in), org B a user who signed up (owning a new org).
 * For org B's session: org A's run page answers Next's notFound exactly as a missing run; no page contains any of
 * org A's ids, names, emails or secrets, while the same page for org A does contain them (so the checks are not
 * vacuous); an anonymous request is sent to /sign-in. A meta-test fails when a page has no entry in PAGES.
 * Route handlers and server actions: test/server/isolation-surfaces.test.ts; tRPC: test/server/isolation.test.ts.
 *
 * Statuses: a page whose segment (or an ancestor) has a loading.tsx is streamed, so Next has already sent
 * `200` when the page calls notFound() or redirect(): the answer is then the streamed 404 fallback
 * (`NEXT_HTTP_ERROR_FALLBACK;404` and `<meta name="robots" content="noindex">`) or the streamed redirect
 * (`NEXT_REDIRECT;…;/sign-in` and a meta refresh). Pages without one answer 404 / 307 outright. Both are accepted;
 * what matters here is that org A's id is answered exactly as a missing one.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { E2E_INIT, startAppServer, type AppServer } from "@/test/helpers/app-server";
import { appClient } from "@/test/helpers/trpc-client";

const ROOT = path.resolve(import.meta.dirname, "../..");
const MISSING_RUN = "run-00000000-0000-4000-8000-000000000000";

let server: AppServer;

interface OrgPages {
  cookie: string;
  email: string;
  orgId: string;
  orgName: string;
  agentId: string;
  agentName: string;
  runId: string;
  /** A run the org cancelled: an entry of its audit log. */
  cancelledRunId: string;
  viewId: string;
  viewName: string;
  endpointId: string;
  endpointName: string;
  signingSecret: string;
  keyName: string;
}
let A: OrgPages;
let B: OrgPages;

const client = (cookie: string) => appClient(server.url, () => ({ cookie }), { batch: false });

/** Signs in (or up) over HTTP through better-auth's endpoints and returns the session cookie. */
async function authCookie(kind: "sign-in" | "sign-up", body: Record<string, string>): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/${kind}/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  expect(cookie).toMatch(/session_token=/);
  return cookie;
}

async function buildOrg(name: string, cookie: string, email: string): Promise<OrgPages> {
  const c = client(cookie);
  const me = await c.me.get.query();
  const agentName = `${name}-pages-agent`;
  const agentId = (await c.agents.create.mutate({ name: agentName })).id;
  const runId = (await c.runs.create.mutate({ agentId })).id;
  await c.steps.create.mutate({ runId, status: "success", messages: [{ role: "user", content: `${name} page message` }] });
  await c.runs.update.mutate({ runId, status: "completed", totalDurationNs: 2_000_000, ttftNs: 1_000 });
  const cancelledRunId = (await c.runs.create.mutate({ agentId })).id;
  await c.runs.cancel.mutate({ runId: cancelledRunId });
  const viewName = `${name}-pages-view`;
  const viewId = (await c.views.create.mutate({ name: viewName, filters: { agentId } })).id;
  const endpointName = `${name}-pages-inbox`;
  const endpointId = (await c.callbacks.endpoints.create.mutate({ name: endpointName })).id;
  const keyName = `${name}-pages-key`;
  await c.apiKeys.create.mutate({ name: keyName });
  const signingSecret = (await c.callbacks.signingSecret.query()).secret;
  return {
    cookie,
    email,
    orgId: me.organization.id,
    orgName: me.organization.name,
    agentId,
    agentName,
    runId,
    cancelledRunId,
    viewId,
    viewName,
    endpointId,
    endpointName,
    signingSecret,
    keyName,
  };
}

/** What of an org must never appear in a page rendered for the other org. */
const markersOf = (d: OrgPages) => [
  d.orgId,
  d.orgName,
  d.email,
  d.agentId,
  d.agentName,
  d.runId,
  d.cancelledRunId,
  d.viewId,
  d.viewName,
  d.endpointId,
  d.endpointName,
  d.signingSecret,
  d.keyName,
];

beforeAll(async () => {
  server = await startAppServer();
  const cookieA = await authCookie("sign-in", {
    email: E2E_INIT.RUNTOWER_INIT_USER_EMAIL,
    password: E2E_INIT.RUNTOWER_INIT_USER_PASSWORD,
  });
  A = await buildOrg("orga", cookieA, E2E_INIT.RUNTOWER_INIT_USER_EMAIL);
  const emailB = "orgb-owner@example.com";
  const cookieB = await authCookie("sign-up", { email: emailB, password: "orgb-owner-password", name: "Org B owner" });
  B = await buildOrg("orgb", cookieB, emailB);
  expect(A.orgId).toBe(E2E_INIT.RUNTOWER_INIT_ORG_ID);
  expect(B.orgId).not.toBe(A.orgId);
});
afterAll(async () => server?.stop());

interface Page {
  status: number;
  location: string | null;
  html: string;
}

async function get(pathname: string, cookie?: string): Promise<Page> {
  const res = await fetch(new URL(pathname, server.url), { redirect: "manual", headers: cookie ? { cookie } : {} });
  return { status: res.status, location: res.headers.get("location"), html: await res.text() };
}

/** Where a page sends the browser: a 3xx Location, or a redirect streamed after the 200 (see the header comment). */
function redirectTarget(page: Page): string | null {
  if (page.status >= 300 && page.status < 400) return new URL(page.location!, server.url).pathname;
  const streamed = page.html.match(/NEXT_REDIRECT;(?:replace|push);([^;]+);30[78];/);
  return streamed ? streamed[1] : null;
}

/** Follows the app's redirects (up to 5) and returns the final path. */
async function landing(pathname: string, cookie?: string): Promise<string> {
  let current = pathname;
  for (let hop = 0; hop < 5; hop++) {
    const target = redirectTarget(await get(current, cookie));
    if (!target) return current;
    current = target;
  }
  return current;
}

function isNotFound(page: Page): boolean {
  if (page.status === 404) return true;
  return (
    page.status === 200 &&
    page.html.includes("NEXT_HTTP_ERROR_FALLBACK;404") &&
    page.html.includes('<meta name="robots" content="noindex"/>')
  );
}

/**
 * The page without what the request itself said: the ids in its path and query are echoed in the URL state,
 * links and the title (`Run <8 characters of the id>`), and are no leak.
 */
function withoutEcho(html: string, pathname: string): string {
  const url = new URL(pathname, server.url);
  const said = [...url.pathname.split("/"), ...url.searchParams.values()].filter((s) => /^[a-z]+-[0-9a-f]{8}-/.test(s));
  let out = html;
  for (const s of said) out = out.split(s).join("").split(s.slice(4, 12)).join("");
  return out;
}

function expectNone(html: string, markers: string[], what: string) {
  for (const marker of markers) expect(html, `${what} leaks ${marker}`).not.toContain(marker);
}

/** Anonymous: sent to /sign-in, and nothing of either org in what was answered. */
async function expectAnonymousSentToSignIn(pathname: string) {
  expect(await landing(pathname), `${pathname} without a session`).toBe("/sign-in");
  expectNone(
    withoutEcho((await get(pathname)).html, pathname),
    [...markersOf(A), ...markersOf(B)],
    `${pathname} without a session`,
  );
}

/** Org B's page shows B's `own` markers and none of A's; org A's same page shows A's (the control). */
async function expectOwnOnly(pathname: string, own: (d: OrgPages) => string[]) {
  const mine = await get(pathname, B.cookie);
  expect(mine.status, `${pathname} for org B`).toBe(200);
  for (const marker of own(B)) expect(mine.html, `${pathname} for org B should show ${marker}`).toContain(marker);
  expectNone(withoutEcho(mine.html, pathname), markersOf(A), `${pathname} for org B`);
  const theirs = await get(pathname, A.cookie);
  expect(theirs.status).toBe(200);
  for (const marker of own(A)) expect(theirs.html, `${pathname} for org A should show ${marker}`).toContain(marker);
  expectNone(theirs.html, markersOf(B), `${pathname} for org A`);
}

type Check = () => Promise<void>;
interface Entry {
  /** "org": shows the session's org only. Otherwise why the page shows no org's data. */
  scope: "org" | { notOrgScoped: string };
  check: Check;
}
const org = (check: Check): Entry => ({ scope: "org", check });

const PAGES: Record<string, Entry> = {
  "/": {
    scope: { notOrgScoped: "redirects to /runs (checked there)" },
    check: async () => {
      expect(redirectTarget(await get("/", B.cookie))).toBe("/runs");
      await expectAnonymousSentToSignIn("/");
    },
  },
  "/runs": org(async () => {
    await expectOwnOnly("/runs", (d) => [d.runId, d.agentName, d.viewName]);
    // filters naming org A's agent, run, project or saved view show nothing of org A
    for (const query of [`agentIds=${A.agentId}`, `agentId=${A.agentId}`, `runId=${A.runId}`, `viewId=${A.viewId}`]) {
      const page = await get(`/runs?${query}`, B.cookie);
      expect(page.status).toBe(200);
      expectNone(withoutEcho(page.html, `/runs?${query}`), markersOf(A), `/runs?${query} for org B`);
    }
    await expectAnonymousSentToSignIn("/runs");
  }),
  "/runs/[runId]": org(async () => {
    const foreign = await get(`/runs/${A.runId}`, B.cookie);
    const missing = await get(`/runs/${MISSING_RUN}`, B.cookie);
    expect(isNotFound(missing), "a missing run is not found").toBe(true);
    expect(isNotFound(foreign), "org A's run is not found for org B").toBe(true);
    expect(foreign.status).toBe(missing.status);
    // The id is in the URL (and the title): everything else of org A must be absent.
    expectNone(withoutEcho(foreign.html, `/runs/${A.runId}`), markersOf(A), "org A's run page for org B");
    // the control: org A's owner gets the run's page
    const own = await get(`/runs/${A.runId}`, A.cookie);
    expect(own.status).toBe(200);
    expect(isNotFound(own)).toBe(false);
    expect(own.html).toContain(A.agentName);
    await expectAnonymousSentToSignIn(`/runs/${A.runId}`);
  }),
  "/agents": org(async () => {
    await expectOwnOnly("/agents", (d) => [d.agentName]);
    await expectAnonymousSentToSignIn("/agents");
  }),
  "/analytics": org(async () => {
    await expectOwnOnly("/analytics", (d) => [d.agentName]);
    const filtered = await get(`/analytics?agentIds=${A.agentId}`, B.cookie);
    expect(filtered.status).toBe(200);
    expectNone(
      withoutEcho(filtered.html, `/analytics?agentIds=${A.agentId}`),
      markersOf(A),
      "/analytics?agentIds=<org A's agent> for org B",
    );
    await expectAnonymousSentToSignIn("/analytics");
  }),
  "/callbacks": org(async () => {
    await expectOwnOnly("/callbacks", (d) => [d.endpointName, d.endpointId, d.signingSecret]);
    await expectAnonymousSentToSignIn("/callbacks");
  }),
  "/settings": {
    scope: { notOrgScoped: "redirects to /settings/api-keys (checked there)" },
    check: async () => {
      expect(redirectTarget(await get("/settings", B.cookie))).toBe("/settings/api-keys");
      await expectAnonymousSentToSignIn("/settings");
    },
  },
  "/settings/api-keys": org(async () => {
    await expectOwnOnly("/settings/api-keys", (d) => [d.keyName, d.email, d.orgName]);
    await expectAnonymousSentToSignIn("/settings/api-keys");
  }),
  "/settings/members": org(async () => {
    await expectOwnOnly("/settings/members", (d) => [d.email]);
    await expectAnonymousSentToSignIn("/settings/members");
  }),
  "/settings/audit": org(async () => {
    await expectOwnOnly("/settings/audit", (d) => [d.cancelledRunId]);
    // a cursor from org A's log shows nothing of org A
    const page = await get(`/settings/audit?after=${A.cancelledRunId}`, B.cookie);
    expectNone(
      withoutEcho(page.html, `/settings/audit?after=${A.cancelledRunId}`),
      markersOf(A),
      "/settings/audit?after=… for org B",
    );
    await expectAnonymousSentToSignIn("/settings/audit");
  }),
  "/invitations/accept": {
    scope: {
      notOrgScoped:
        "shows an invitation only to the signed-in user it was sent to; to anyone else the same generic refusal as " +
        "for an unknown token, naming no organization",
    },
    check: async () => {
      const email = "pages-invitee@example.com";
      const { token } = await client(A.cookie).members.invite.mutate({ email, role: "viewer" });
      const path = `/invitations/accept?token=${token}`;
      const unknownPath = `/invitations/accept?token=rt_inv_${"A".repeat(43)}`;
      for (const pathname of [path, unknownPath]) {
        const page = await get(pathname, B.cookie);
        expect(page.status, pathname).toBe(200);
        expect(page.html).toContain("invalid or has expired");
        // (The token itself is in Next's copy of the URL, as the request sent it: an echo, not a leak.)
        expectNone(page.html, markersOf(A), `${pathname} for org B`);
      }
      await expectAnonymousSentToSignIn(path);
      // the control: the invitee sees org A's name and the role
      const cookie = await authCookie("sign-up", { email, password: "pages-invitee-pass", name: "Pages invitee" });
      const own = await get(path, cookie);
      expect(own.status).toBe(200);
      expect(own.html).toContain(A.orgName);
      expect(own.html).toContain("Accept invitation");
    },
  },
  "/sign-in": {
    scope: { notOrgScoped: "the public sign-in form; a signed-in user is sent to /" },
    check: async () => {
      const anonymous = await get("/sign-in");
      expect(anonymous.status).toBe(200);
      expectNone(anonymous.html, [...markersOf(A), ...markersOf(B)], "/sign-in");
      expect(redirectTarget(await get("/sign-in", B.cookie))).toBe("/");
    },
  },
};

/** `app/runs/[runId]/page.tsx` → `/runs/[runId]` (route groups such as `(list)` are not in the URL). */
function pagesOnDisk(): string[] {
  return fs
    .readdirSync(path.join(ROOT, "app"), { recursive: true, encoding: "utf8" })
    .filter((rel) => path.basename(rel) === "page.tsx")
    .map((rel) => {
      const segments = path
        .dirname(rel)
        .split(path.sep)
        .filter((s) => s !== "." && !/^\(.*\)$/.test(s));
      return `/${segments.join("/")}`;
    })
    .sort();
}

describe("org isolation of pages (next start)", () => {
  it("covers every app/**/page.tsx (add a PAGES entry for each new page)", () => {
    const onDisk = pagesOnDisk();
    expect(onDisk.length).toBeGreaterThan(5);
    const missing = onDisk.filter((p) => !(p in PAGES));
    const stale = Object.keys(PAGES).filter((p) => !onDisk.includes(p));
    expect(missing, `pages without an isolation entry: ${missing.join(", ")}`).toEqual([]);
    expect(stale, `isolation entries for pages that no longer exist: ${stale.join(", ")}`).toEqual([]);
  });

  for (const page of Object.keys(PAGES).sort()) {
    const entry = PAGES[page];
    const what =
      entry.scope === "org"
        ? "org B sees nothing of org A; anonymous requests go to /sign-in"
        : `not org-scoped (${entry.scope.notOrgScoped})`;
    it(`${page}: ${what}`, async () => {
      await entry.check();
    });
  }
});
