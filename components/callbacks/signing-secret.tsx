"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { CopyButton } from "@/components/ui/copy-button";
import { ErrorNotice } from "@/components/ui/error-notice";
import { LocalTime } from "@/components/ui/local-time";
import { buttonClass } from "@/components/ui/styles";

/** The organization's outgoing signing secret: masked until revealed, copy, rotate (the old one signs for 24 h more). */
export function SigningSecret() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data } = useSuspenseQuery(trpc.callbacks.signingSecret.queryOptions(undefined));
  const [shown, setShown] = useState(false);
  const rotate = useMutation(
    trpc.callbacks.rotateSigningSecret.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.callbacks.signingSecret.queryKey() }),
    }),
  );
  const masked = `${data.secret.slice(0, 10)}${"•".repeat(24)}`;
  return (
    <div className="space-y-3 p-3 text-sm">
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        Every callback this organization sends is signed with this secret (Standard Webhooks: <code>webhook-id</code>,{" "}
        <code>webhook-timestamp</code>, <code>webhook-signature</code>). Receivers verify with it.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <code
          className="min-w-0 flex-1 basis-full sm:basis-0 break-all rounded bg-zinc-100 px-2 py-1 font-mono text-xs dark:bg-zinc-800"
          data-testid="signing-secret"
        >
          {shown ? data.secret : masked}
        </code>
        <button type="button" className={buttonClass("ghost")} onClick={() => setShown((s) => !s)}>
          {shown ? "Hide" : "Reveal"}
        </button>
        <CopyButton value={data.secret} label="Copy secret" />
        <button
          type="button"
          className={buttonClass("secondary")}
          disabled={rotate.isPending}
          onClick={() => {
            if (window.confirm("Rotate the signing secret? The current one keeps signing for 24 h.")) rotate.mutate(undefined);
          }}
        >
          Rotate
        </button>
      </div>
      {rotate.error && <ErrorNotice error={rotate.error} />}
      <p className="text-xs text-zinc-500">
        {data.rotatedAt ? (
          <>
            Rotated <LocalTime date={data.rotatedAt} />
          </>
        ) : (
          <>
            Created <LocalTime date={data.createdAt} />
          </>
        )}
        {data.previousSecret && data.previousExpiresAt ? (
          <>
            {" "}
            · the previous secret also signs until <LocalTime date={data.previousExpiresAt} />
          </>
        ) : null}
      </p>
    </div>
  );
}
