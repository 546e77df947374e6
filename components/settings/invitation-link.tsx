"use client";

import type { RouterOutputs } from "@/components/trpc/router-outputs";

type CreatedInvitation = RouterOutputs["members"]["invite"];

/**
 * The accept link of an invitation just made, shown once (only its hash is stored, as for API keys). Without a
 * configured public URL the server sends a path, completed here with the origin this page was loaded from.
 */
export function InvitationLink({ created, onDone }: { created: CreatedInvitation; onDone: () => void }) {
  const link = created.acceptUrl ?? `${window.location.origin}${created.acceptPath}`;
  return (
    <div className="mt-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-700 dark:bg-amber-950">
      <p className="mb-1 font-medium">
        Send this link to {created.invitation.email} now: it will not be shown again. It works once, for that email only.
      </p>
      <div className="flex items-center gap-2">
        <code data-testid="invitation-link" className="rounded bg-white px-2 py-1 font-mono text-xs break-all dark:bg-zinc-900">
          {link}
        </code>
        <button
          type="button"
          className="rounded border border-zinc-300 px-2 py-0.5 text-xs dark:border-zinc-700"
          onClick={() => void navigator.clipboard?.writeText(link)}
        >
          Copy
        </button>
        <button type="button" className="text-xs underline" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
