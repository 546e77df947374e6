/** A form button that ends the session and returns to /sign-in (works without JavaScript). */
export function SignOutButton({ action, className }: { action: () => Promise<void>; className?: string }) {
  return (
    <form action={action}>
      <button type="submit" className={className ?? "text-sm text-zinc-600 underline hover:text-zinc-900 dark:text-zinc-400"}>
        Sign out
      </button>
    </form>
  );
}
