import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getApp } from "@/server/boot";
import { DEMO_USER } from "@/db/seed";
import { env } from "@/server/env";
import { safeRedirectPath } from "@/server/lib/safe-redirect";
import { getSessionScope, userExists } from "@/server/modules/access";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

/** The demo credentials are shown only in development, or on a demo deployment (RUNTOWER_SEED_DEMO=true). */
function demoCredentialsAllowed(): boolean {
  return env().NODE_ENV !== "production" || env().RUNTOWER_SEED_DEMO === "true";
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const next = safeRedirectPath(params.next);
  const { db } = await getApp();
  // A scope, not just a session: a user who belongs to no organization would bounce between here and /runs.
  if (await getSessionScope(db, await headers())) redirect(next);
  const signUpEnabled = env().RUNTOWER_DISABLE_SIGNUP !== "true";
  const mode = params.mode === "sign-up" && signUpEnabled ? "sign-up" : "sign-in";
  const showDemo = demoCredentialsAllowed() && (await userExists(db, DEMO_USER.email));
  return (
    <main className="mx-auto mt-16 max-w-sm px-4">
      <h1 className="mb-6 text-2xl font-semibold">{mode === "sign-up" ? "Create your account" : "Sign in to Runtower"}</h1>
      {next.startsWith("/invitations/accept") && (
        <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">
          Sign in, or create an account with the email the invitation was sent to, to accept it.
        </p>
      )}
      <SignInForm mode={mode} next={next} signUpEnabled={signUpEnabled} />
      {showDemo && mode === "sign-in" && (
        <aside className="mt-6 rounded-md border border-dashed border-zinc-300 p-3 text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          <p className="font-medium">Demo account</p>
          <p>
            Email <code data-testid="demo-email">{DEMO_USER.email}</code>, password{" "}
            <code data-testid="demo-password">{DEMO_USER.password}</code>
          </p>
        </aside>
      )}
    </main>
  );
}
