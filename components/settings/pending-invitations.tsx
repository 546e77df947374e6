"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { LocalTime } from "@/components/ui/local-time";

/** Invitations not yet accepted, revoked or expired, with Revoke (owner invitations: owners only). */
export function PendingInvitations({ canManageOwners }: { canManageOwners: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: invitations } = useSuspenseQuery(trpc.members.invitations.queryOptions());
  const [error, setError] = useState<string | null>(null);
  const revoke = useMutation(
    trpc.members.revokeInvitation.mutationOptions({
      onSuccess: () => {
        setError(null);
        void queryClient.invalidateQueries({ queryKey: trpc.members.invitations.queryKey() });
      },
      onError: (e) => setError(e.message),
    }),
  );

  return (
    <section>
      <h2 className="mb-3 text-base font-semibold">Pending invitations</h2>
      {error && (
        <p role="alert" className="mb-2 text-sm text-red-600">
          {error}
        </p>
      )}
      {invitations.length === 0 ? (
        <p className="text-sm text-zinc-500">None.</p>
      ) : (
        <table className="w-full text-sm" data-testid="pending-invitations">
          <thead>
            <tr className="text-left text-zinc-500">
              <th className="py-1">Email</th>
              <th>Role</th>
              <th>Invited by</th>
              <th>Expires</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {invitations.map((invitation) => (
              <tr key={invitation.id} className="border-t border-zinc-200 dark:border-zinc-800">
                <td className="py-1.5">{invitation.email}</td>
                <td>{invitation.role}</td>
                <td>{invitation.invitedBy?.email ?? "an API key"}</td>
                <td>
                  <LocalTime date={invitation.expiresAt} />
                </td>
                <td className="text-right">
                  {(invitation.role !== "owner" || canManageOwners) && (
                    <button
                      type="button"
                      className="text-xs text-red-600 underline"
                      disabled={revoke.isPending}
                      onClick={() => revoke.mutate({ invitationId: invitation.id })}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
