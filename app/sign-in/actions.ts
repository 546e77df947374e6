"use server";

import { isAPIError } from "better-auth/api";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getApp } from "@/server/boot";
import { safeRedirectPath } from "@/server/lib/safe-redirect";
import { getAuth, SIGN_UP_REFUSED } from "@/server/modules/access";

export interface AuthFormState {
  error: string | null;
  /** The field the error is about, when there is one. */
  field?: "email" | "password" | "name" | null;
  /** What was typed, so the form (which React resets after an action) keeps it. */
  email?: string;
  name?: string;
}

const signInForm = z.object({
  email: z.email({ message: "Enter an email address" }).max(320),
  password: z.string().min(1, { message: "Enter your password" }).max(256),
});

const signUpForm = signInForm.extend({
  name: z.string().trim().min(1, { message: "Enter your name" }).max(200),
  password: z.string().min(8, { message: "Use at least 8 characters" }).max(256),
});

function invalid(error: z.ZodError): AuthFormState {
  const issue = error.issues[0];
  return { error: issue.message, field: (issue.path[0] as AuthFormState["field"]) ?? null };
}

export async function signInAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const parsed = signInForm.safeParse({ email: form.get("email"), password: form.get("password") });
  const typed = { email: String(form.get("email") ?? "").slice(0, 320) };
  if (!parsed.success) return { ...invalid(parsed.error), ...typed };
  // Judged before the session is issued, so no `next` can fail the answer that carries the session cookie.
  const next = safeRedirectPath(form.get("next"));
  const { db } = await getApp();
  try {
    // nextCookies() (server/modules/access/auth.ts) puts the session cookie on this action's response.
    await getAuth(db).api.signInEmail({ body: parsed.data, headers: await headers() });
  } catch (error) {
    if (isAPIError(error)) {
      if (error.statusCode === 429) return { error: tooManyAttempts("sign-in", error.headers), field: null, ...typed };
      return { error: "Wrong email or password", field: "password", ...typed };
    }
    throw error;
  }
  redirect(next);
}

/** The limiter's wait (server/modules/access/sign-in-limit.ts), from its Retry-After. */
function tooManyAttempts(what: "sign-in" | "sign-up", headers: HeadersInit | undefined): string {
  const seconds = Number(new Headers(headers).get("retry-after"));
  return `Too many ${what} attempts; try again in ${Number.isFinite(seconds) && seconds > 0 ? seconds : 60} s`;
}

export async function signUpAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const parsed = signUpForm.safeParse({ email: form.get("email"), password: form.get("password"), name: form.get("name") });
  const typed = { email: String(form.get("email") ?? "").slice(0, 320), name: String(form.get("name") ?? "").slice(0, 200) };
  if (!parsed.success) return { ...invalid(parsed.error), ...typed };
  // Kept through sign-up, so an invitation link (/invitations/accept?token=…) brings a new user back to it.
  const next = safeRedirectPath(form.get("next"));
  const { db } = await getApp();
  try {
    await getAuth(db).api.signUpEmail({ body: parsed.data, headers: await headers() });
  } catch (error) {
    if (isAPIError(error)) {
      if (error.statusCode === 429) return { error: tooManyAttempts("sign-up", error.headers), field: null, ...typed };
      // One answer whatever went wrong (auth.ts turns "already exists" into SIGN_UP_REFUSED): no field is blamed, so
      // the form does not point at the email either.
      return { error: SIGN_UP_REFUSED, field: null, ...typed };
    }
    throw error;
  }
  redirect(next);
}

export async function signOutAction(): Promise<void> {
  const { db } = await getApp();
  try {
    await getAuth(db).api.signOut({ headers: await headers() });
  } catch (error) {
    // Already signed out (no or expired session): nothing to end.
    if (!isAPIError(error)) throw error;
  }
  redirect("/sign-in");
}
