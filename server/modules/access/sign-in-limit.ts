import type { Db } from "@/db/client";
import { env } from "@/server/env";
import { deleteSubjects, deleteWindowsBefore, insertLock, lockedUntil } from "./queries/rate-limit";
import { consumeRateLimit, countCalls } from "./rate-limit";

/**
 * The one sign-in limiter: better-auth's before/after hooks on `/sign-in/*` (auth.ts) call it, so the sign-in
 * form's server action (auth.api.signInEmail) and the HTTP endpoint share it. Stored in the Postgres-backed
 * rate-limit counters, so it holds across app instances.
 *
 * - Per client address (server/http/client-address.ts): RUNTOWER_SIGN_IN_LIMIT_PER_MINUTE attempts a minute,
 *   failed or not, whatever accounts they name.
 * - Per account (the email, known or not, so a refusal says nothing about whether it exists): after
 *   FREE_FAILURES failures within about an hour, each further failure locks it for twice as long as the last,
 *   from FIRST_LOCK_SECONDS up to MAX_LOCK_SECONDS. A success forgets its failures. Someone guessing an account's
 *   password can thus keep its owner waiting, at most MAX_LOCK_SECONDS at a time: the price of no unlimited guessing.
 * RUNTOWER_AUTH_RATE_LIMIT=false turns both off.
 */
const SCOPE = "sign-in";
const FREE_FAILURES = 5;
const FIRST_LOCK_SECONDS = 15;
const MAX_LOCK_SECONDS = 15 * 60;
const FAILURE_WINDOW_SECONDS = 60 * 60;

export type SignInVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const enabled = () => env().RUNTOWER_AUTH_RATE_LIMIT !== "false";
const accountSubjects = (email: string) => {
  const account = email.trim().toLowerCase();
  return { failures: `failures:${account}`, lock: `lock:${account}` };
};

/** Counts one attempt from `address` and says whether it may go ahead (address limit, then the account's lock). */
export async function admitSignIn(
  db: Db,
  input: { address: string | null; email: string | undefined; now?: Date },
): Promise<SignInVerdict> {
  if (!enabled()) return { allowed: true };
  const now = input.now ?? new Date();
  const limit = env().RUNTOWER_SIGN_IN_LIMIT_PER_MINUTE;
  // No address: an in-process call (seed, tests), not a client; the account's lock still applies.
  if (input.address && limit > 0) {
    const verdict = await consumeRateLimit(db, { orgId: SCOPE, subject: `address:${input.address}`, limit, now });
    if (!verdict.allowed) return { allowed: false, retryAfterSeconds: verdict.retryAfterSeconds };
  }
  if (!input.email) return { allowed: true };
  const until = await lockedUntil(db, SCOPE, accountSubjects(input.email).lock, now);
  if (!until) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)) };
}

/** Records the outcome of a checked password: a failure may lock the account, a success forgets its failures. */
export async function recordSignInOutcome(db: Db, input: { email: string; succeeded: boolean; now?: Date }): Promise<void> {
  if (!enabled()) return;
  const subjects = accountSubjects(input.email);
  if (input.succeeded) {
    await deleteSubjects(db, SCOPE, [subjects.failures, subjects.lock]);
    return;
  }
  const now = input.now ?? new Date();
  const counted = await countCalls(db, {
    orgId: SCOPE,
    subject: subjects.failures,
    limit: 1,
    windowSeconds: FAILURE_WINDOW_SECONDS,
    now,
  });
  const failures = counted ? counted.count + counted.previous : 0;
  if (failures < FREE_FAILURES) return;
  const seconds = Math.min(MAX_LOCK_SECONDS, FIRST_LOCK_SECONDS * 2 ** Math.min(failures - FREE_FAILURES, 16));
  await deleteWindowsBefore(db, SCOPE, subjects.lock, now);
  await insertLock(db, SCOPE, subjects.lock, new Date(now.getTime() + seconds * 1000));
}
