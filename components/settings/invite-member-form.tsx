"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import type { RouterOutputs } from "@/components/trpc/router-outputs";
import { InvitationLink } from "./invitation-link";
import { fieldClass, type MemberRole } from "./member-roles";

/** Invite an email with a role; the accept link appears once below the form. */
export function InviteMemberForm({ grantable }: { grantable: readonly MemberRole[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<RouterOutputs["members"]["invite"] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const invite = useMutation(
    trpc.members.invite.mutationOptions({
      onSuccess: (result) => {
        setCreated(result);
        setError(null);
        void queryClient.invalidateQueries({ queryKey: trpc.members.invitations.queryKey() });
      },
      onError: (e) => setError(e.message),
    }),
  );

  return (
    <section>
      <h2 className="mb-3 text-base font-semibold">Invite someone</h2>
      <form
        action={(form) => invite.mutate({ email: String(form.get("email") ?? ""), role: form.get("role") as MemberRole })}
        className="flex flex-wrap items-end gap-3"
      >
        <label className="flex flex-col gap-1 text-sm">
          Email
          <input name="email" type="email" required maxLength={320} className={fieldClass} />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Role
          <select name="role" defaultValue="member" className={fieldClass}>
            {grantable.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <button
          type="submit"
          disabled={invite.isPending}
          className="rounded-md bg-zinc-900 px-3 py-1.5 text-sm text-white disabled:opacity-60 dark:bg-zinc-100 dark:text-zinc-900"
        >
          Create invitation
        </button>
      </form>
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-600">
          {error}
        </p>
      )}
      {created && <InvitationLink created={created} onDone={() => setCreated(null)} />}
    </section>
  );
}
