/** Marks a delivery error written by the SSRF guard (server/modules/callbacks/guard.ts names the variable). */
export const isGuardRefusal = (error: string | null | undefined) => Boolean(error?.includes("CALLBACK_ALLOWED_HOSTS"));

/**
 * Why a callback to a private or loopback address was refused, and how to allow it: the raw error alone ("… is not in
 * CALLBACK_ALLOWED_HOSTS") leaves a new user guessing. Shown where such an error is.
 */
export function RefusalHint({ count }: { count?: number }) {
  return (
    <div
      role="note"
      data-testid="refusal-hint"
      className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-200"
    >
      <p className="font-medium">
        {count && count > 1 ? `${count} deliveries were` : "This delivery was"} refused before sending: the target is a private or
        loopback address.
      </p>
      <p className="mt-1">
        Runtower never calls addresses inside your network unless they are allowed, so a callback URL cannot be used to reach
        internal services. To allow a receiver on this machine or network, list its host in{" "}
        <code className="font-mono">CALLBACK_ALLOWED_HOSTS</code> (e.g. <code className="font-mono">localhost,127.0.0.1</code> or
        a CIDR range) and restart. In development the app&apos;s own receiver (<code className="font-mono">/api/callbacks/…</code>
        ) is allowed already.
      </p>
    </div>
  );
}
