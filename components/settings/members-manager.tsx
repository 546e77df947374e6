"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { InviteMemberForm } from "./invite-member-form";
import { MEMBER_ROLES, fieldClass, type MemberRole } from "./member-roles";
import { PendingInvitations } from "./pending-invitations";

/** Invite by email (people join by accepting), change roles, remove (owners only by owners; never yourself). */
export function MembersManager({ canManageOwners, currentUserId }: { canManageOwners: boolean; currentUserId: string | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: members } = useSuspenseQuery(trpc.members.list.queryOptions());
  const [error, setError] = useState<string | null>(null);
  const options = {
    onSuccess: () => {
      setError(null);
      void queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey() });
    },
    onError: (e: { message: string }) => setError(e.message),
  };
  const setRole = useMutation(trpc.members.setRole.mutationOptions(options));
  const remove = useMutation(trpc.members.remove.mutationOptions(options));
  const grantable = MEMBER_ROLES.filter((r) => canManageOwners || r !== "owner");

  return (
    <div className="space-y-6">
      <InviteMemberForm grantable={grantable} />
      <PendingInvitations canManageOwners={canManageOwners} />
      <h2 className="text-base font-semibold">Members</h2>
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
      {/* Scrolls inside its box at 390 px instead of widening the page. */}
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <thead>
            <tr className="text-left text-zinc-500">
              <th className="py-1">Name</th>
              <th>Email</th>
              <th>Role</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {members.map((m) => {
              const locked = m.role === "owner" && !canManageOwners;
              return (
                <tr key={m.userId} className="border-t border-zinc-200 dark:border-zinc-800">
                  <td className="py-1.5">{m.name}</td>
                  <td>{m.email}</td>
                  <td>
                    <select
                      aria-label={`Role of ${m.email}`}
                      value={m.role}
                      disabled={locked || setRole.isPending}
                      onChange={(e) => setRole.mutate({ userId: m.userId, role: e.target.value as MemberRole })}
                      className={fieldClass}
                    >
                      {(locked ? MEMBER_ROLES : grantable).map((r) => (
                        <option key={r}>{r}</option>
                      ))}
                    </select>
                  </td>
                  <td className="text-right">
                    {!locked && m.userId !== currentUserId && (
                      <button
                        type="button"
                        className="text-xs text-red-600 underline"
                        onClick={() => remove.mutate({ userId: m.userId })}
                      >
                        Remove
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
