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
 * RUNTOWER_DISABLE_SIGNUP=true turns sign-up off (accounts then come from RUNTOWER_INIT_USER_*; invitations reach
 * existing accounts only).
 *
 * Env: BETTER_AUTH_SECRET (required in production; better-auth refuses to start without it there),
 * BETTER_AUTH_URL (the public origin, e.g. https://runtower.example.com; inferred from the request when unset).
 */
const ID_PREFIX: Record<string, string> = { user: "user", session: "session", account: "account", verification: "verification" };

/**
 * Sign-up's one answer for every refusal that could depend on existing accounts ("User already exists", a failed
 * insert). better-auth answers duplicates generically only with `requireEmailVerification` or `autoSignIn: false`;
 * without an email channel the first is impossible, and the second would leave new accounts signed out (and make the
 * form sign in whoever typed an existing account's password). A successful sign-up still shows that the email was
 * free: that is inherent without email, and sign-up attempts count against the sign-in address limit (below).
 */
export const SIGN_UP_REFUSED = "Could not create an account with these details. If you already have an account, sign in.";
// Refusals judged on the request alone (before any account is looked up): they may say what is wrong.
const INPUT_ONLY_SIGN_UP_ERRORS = new Set([
  "EMAIL_PASSWORD_SIGN_UP_DISABLED",
  "INVALID_EMAIL",
  "INVALID_PASSWORD",
  "PASSWORD_TOO_SHORT",
  "PASSWORD_TOO_LONG",
  "VALIDATION_ERROR",
]);

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
        const signUp = ctx.path.startsWith("/sign-up/");
        if (!ctx.path.startsWith("/sign-in/") && !signUp) return;
        const headers = ctx.headers ?? ctx.request?.headers ?? new Headers();
        // Sign-up spends the same per-address budget as sign-in (better-auth's own /sign-up limit is in memory and
        // skips the form's server action); it names no account, so no account lock applies to it.
        const email = signUp ? undefined : signInEmail(ctx.body);
        const verdict = await admitSignIn(db, { address: clientAddress(headers), email });
        if (!verdict.allowed) {
          const message = `Too many ${signUp ? "sign-up" : "sign-in"} attempts; try again in ${verdict.retryAfterSeconds} s`;
          throw new APIError(
            "TOO_MANY_REQUESTS",
            { message, code: "TOO_MANY_REQUESTS" },
            { "Retry-After": String(verdict.retryAfterSeconds) },
          );
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path.startsWith("/sign-up/")) return hideAccountExistence(ctx.context.returned);
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

/** A sign-up refusal that may depend on existing accounts becomes SIGN_UP_REFUSED (422, as better-auth's own). */
function hideAccountExistence(returned: unknown): void {
  if (!isAPIError(returned) || returned.statusCode === 429) return;
  const code = (returned.body as { code?: unknown } | undefined)?.code;
  if (typeof code === "string" && INPUT_ONLY_SIGN_UP_ERRORS.has(code)) return;
  throw new APIError("UNPROCESSABLE_ENTITY", { message: SIGN_UP_REFUSED, code: "SIGN_UP_REFUSED" });
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
