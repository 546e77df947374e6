"use client";

import Link from "next/link";
import { useActionState } from "react";
import { signInAction, signUpAction, type AuthFormState } from "./actions";

const input =
  "w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm outline-none focus:border-zinc-500 dark:border-zinc-700 dark:bg-zinc-900";

export function SignInForm({ mode, next, signUpEnabled }: { mode: "sign-in" | "sign-up"; next: string; signUpEnabled: boolean }) {
  // Switching between sign-in and sign-up keeps where to go afterwards (an invitation link, say).
  const keepNext = next === "/" ? "" : `next=${encodeURIComponent(next)}`;
  const [state, action, pending] = useActionState<AuthFormState, FormData>(mode === "sign-up" ? signUpAction : signInAction, {
    error: null,
  });
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="next" value={next} />
      {mode === "sign-up" && (
        <label className="block space-y-1 text-sm">
          <span className="font-medium">Name</span>
          <input
            name="name"
            autoComplete="name"
            required
            defaultValue={state.name}
            className={input}
            aria-invalid={state.field === "name"}
          />
        </label>
      )}
      <label className="block space-y-1 text-sm">
        <span className="font-medium">Email</span>
        <input
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={state.email}
          className={input}
          aria-invalid={state.field === "email"}
        />
      </label>
      <label className="block space-y-1 text-sm">
        <span className="font-medium">Password</span>
        <input
          name="password"
          type="password"
          autoComplete={mode === "sign-up" ? "new-password" : "current-password"}
          required
          className={input}
          aria-invalid={state.field === "password"}
        />
      </label>
      {state.error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
          {state.error}
        </p>
      )}
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded-md bg-zinc-900 px-3 py-2 text-sm font-medium text-white disabled:opacity-60 dark:bg-zinc-100 dark:text-zinc-900"
      >
        {pending ? "…" : mode === "sign-up" ? "Create account" : "Sign in"}
      </button>
      {signUpEnabled && (
        <p className="text-center text-sm text-zinc-500">
          {mode === "sign-up" ? (
            <Link href={keepNext ? `/sign-in?${keepNext}` : "/sign-in"} className="underline">
              I have an account
            </Link>
          ) : (
            <Link href={`/sign-in?mode=sign-up${keepNext ? `&${keepNext}` : ""}`} className="underline">
              Create an account
            </Link>
          )}
        </p>
      )}
    </form>
  );
}
