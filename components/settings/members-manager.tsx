"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import type { RouterInputs } from "@/components/trpc/router-outputs";

type Role = RouterInputs["members"]["setRole"]["role"];
/** Highest first: the order the role pickers list them in. */
const ROLES = ["owner", "admin", "member", "viewer"] as const satisfies readonly Role[];
const field = "rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";

/** Add a member by email, change roles, remove (owners only by owners; never yourself). */
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
  const add = useMutation(trpc.members.add.mutationOptions(options));
  const setRole = useMutation(trpc.members.setRole.mutationOptions(options));
  const remove = useMutation(trpc.members.remove.mutationOptions(options));
  const grantable = ROLES.filter((r) => canManageOwners || r !== "owner");

  return (
    <div className="space-y-6">
      <form
        action={(form) => add.mutate({ email: String(form.get("email") ?? ""), role: form.get("role") as Role })}
        className="flex flex-wrap items-end gap-3"
      >
        <label className="flex flex-col gap-1 text-sm">
          Email of a user who has signed up
          <input name="email" type="email" required className={field} />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Role
          <select name="role" defaultValue="member" className={field}>
            {grantable.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <button
          type="submit"
          className="rounded-md bg-zinc-900 px-3 py-1.5 text-sm text-white dark:bg-zinc-100 dark:text-zinc-900"
        >
          Add member
        </button>
      </form>
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
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
                      onChange={(e) => setRole.mutate({ userId: m.userId, role: e.target.value as Role })}
                      className={field}
                    >
                      {(locked ? ROLES : grantable).map((r) => (
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
