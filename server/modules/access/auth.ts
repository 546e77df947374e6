import { randomUUID } from "node:crypto";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import type { Db } from "@/db/client";
import { accounts, sessions, users, verifications } from "@/db/schema";
import { authSecret, env } from "@/server/env";
import { clientAddress } from "@/server/http/client-address";
import { admitSignIn, recordSignInOutcome } from "./sign-in-limit";
import { createPersonalOrganization } from "./users";

/**
 * better-auth on our one Drizzle schema (db/schema/auth.ts), email + password only. One instance per database
 * handle (the app has one; each test file has its own). Sign-up makes the new user the owner of a new organization;
 * RUNTOWER_DISABLE_SIGNUP=true turns sign-up off (accounts then come from RUNTOWER_INIT_USER_* or an admin).
 *
 * Env: BETTER_AUTH_SECRET (required in production; better-auth refuses to start without it there),
 * BETTER_AUTH_URL (the public origin, e.g. https://runtower.example.com; inferred from the request when unset).
 */
const ID_PREFIX: Record<string, string> = { user: "user", session: "session", account: "account", verification: "verification" };

function createAuth(db: Db) {
  const config = env();
  const production = config.NODE_ENV === "production";
  return betterAuth({
    appName: "Runtower",
    // Production has no default: boot refuses to start without BETTER_AUTH_SECRET (server/boot).
    secret: authSecret(),
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: { user: users, session: sessions, account: accounts, verification: verifications },
    }),
    emailAndPassword: {
      enabled: true,
      disableSignUp: config.RUNTOWER_DISABLE_SIGNUP === "true",
      minPasswordLength: 8,
      maxPasswordLength: 256,
      autoSignIn: true,
    },
    session: {
      expiresIn: 60 * 60 * 24 * 7,
      updateAge: 60 * 60 * 24,
      additionalFields: { activeOrganizationId: { type: "string", required: false, input: false } },
    },
    advanced: {
      database: { generateId: ({ model }) => `${ID_PREFIX[model] ?? model}-${randomUUID()}` },
    },
    // better-auth's own guard on the other auth endpoints (in memory, keyed by X-Forwarded-For). Sign-in has the
    // app's limiter instead (the hooks below): keyed by the real client address and the account, in the database.
    rateLimit: {
      enabled: config.RUNTOWER_AUTH_RATE_LIMIT !== "false" && production,
      window: 60,
      max: 300,
      customRules: { "/sign-in/*": false, "/sign-up/*": { window: 60, max: 10 } },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (!ctx.path.startsWith("/sign-in/")) return;
        const headers = ctx.headers ?? ctx.request?.headers ?? new Headers();
        const verdict = await admitSignIn(db, { address: clientAddress(headers), email: signInEmail(ctx.body) });
        if (!verdict.allowed) {
          const message = `Too many sign-in attempts; try again in ${verdict.retryAfterSeconds} s`;
          throw new APIError(
            "TOO_MANY_REQUESTS",
            { message, code: "TOO_MANY_REQUESTS" },
            { "Retry-After": String(verdict.retryAfterSeconds) },
          );
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        const email = ctx.path.startsWith("/sign-in/") ? signInEmail(ctx.body) : undefined;
        if (!email) return;
        const returned = ctx.context.returned;
        // 401 is a wrong password or an unknown account; other refusals (429, 400, 403) checked no password.
        if (isAPIError(returned) && returned.statusCode !== 401) return;
        await recordSignInOutcome(db, { email, succeeded: !isAPIError(returned) });
      }),
    },
    databaseHooks: {
      user: {
        create: {
          // Sign-up through better-auth: the new user owns a new organization. (Init and demo users are written
          // by server/modules/access/users.ts directly, with their own memberships, and never pass through here.)
          after: async (user) => {
            await createPersonalOrganization(db, { userId: user.id, name: user.name, email: user.email });
          },
        },
      },
    },
    telemetry: { enabled: false },
    // Server actions calling auth.api.* (sign-in, sign-up, sign-out) get their Set-Cookie applied; must stay last.
    plugins: [nextCookies()],
  });
}

function signInEmail(body: unknown): string | undefined {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === "string" ? email : undefined;
}

export type Auth = ReturnType<typeof createAuth>;

const instances = new WeakMap<Db, Auth>();

export function getAuth(db: Db): Auth {
  let auth = instances.get(db);
  if (!auth) {
    auth = createAuth(db);
    instances.set(db, auth);
  }
  return auth;
}
