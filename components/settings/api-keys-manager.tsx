"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { LocalTime } from "@/components/ui/local-time";
import { useNow } from "@/components/ui/use-now";

const field = "rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";
const EXPIRY_DAYS = [0, 30, 90, 365] as const;
// Admin is offered but never preselected: it manages the whole organization (endpoints, keys), so it has no project.
const KEY_ROLES = [
  { value: "member", label: "Read and write" },
  { value: "viewer", label: "Read-only" },
  { value: "admin", label: "Admin (whole organization)" },
] as const;

/** Create (the token is shown once), list with prefix and last use, revoke. */
export function ApiKeysManager() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: keys } = useSuspenseQuery(trpc.apiKeys.list.queryOptions({}));
  const { data: projects } = useSuspenseQuery(trpc.apiKeys.projects.queryOptions());
  const [created, setCreated] = useState<{ token: string; name: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const now = useNow();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });

  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: (result) => {
        setCreated({ token: result.token, name: result.key.name });
        setError(null);
        void refresh();
      },
      onError: (e) => setError(e.message),
    }),
  );
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({ onSuccess: () => void refresh(), onError: (e) => setError(e.message) }),
  );

  function onCreate(form: FormData) {
    const days = Number(form.get("expiresInDays") ?? 0);
    create.mutate({
      name: String(form.get("name") ?? ""),
      projectId: (form.get("projectId") as string) || undefined,
      role: KEY_ROLES.find((r) => r.value === form.get("role"))?.value ?? "member",
      expiresAt: days > 0 ? new Date(Date.now() + days * 86_400_000) : undefined,
    });
  }

  return (
    <div className="space-y-8">
      <section>
        <h2 className="mb-3 text-base font-semibold">New API key</h2>
        <form action={onCreate} className="flex flex-wrap items-end gap-3">
          <label className="flex flex-col gap-1 text-sm">
            Name
            <input name="name" required maxLength={200} className={field} placeholder="e.g. production ingest" />
          </label>
          <label className="flex flex-col gap-1 text-sm">
            Project
            <select name="projectId" className={field} defaultValue="">
              <option value="">All projects</option>
              {projects.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1 text-sm">
            Access
            <select name="role" className={field} defaultValue="member">
              {KEY_ROLES.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1 text-sm">
            Expires
            <select name="expiresInDays" className={field} defaultValue="0">
              {EXPIRY_DAYS.map((d) => (
                <option key={d} value={d}>
                  {d === 0 ? "Never" : `In ${d} days`}
                </option>
              ))}
            </select>
          </label>
          <button
            type="submit"
            disabled={create.isPending}
            className="rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60 dark:bg-zinc-100 dark:text-zinc-900"
          >
            Create key
          </button>
        </form>
        {error && (
          <p role="alert" className="mt-2 text-sm text-red-600">
            {error}
          </p>
        )}
        {created && (
          <div className="mt-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-700 dark:bg-amber-950">
            <p className="mb-1 font-medium">Copy the key “{created.name}” now: it will not be shown again.</p>
            <div className="flex items-center gap-2">
              <code data-testid="new-api-key" className="rounded bg-white px-2 py-1 font-mono text-xs break-all dark:bg-zinc-900">
                {created.token}
              </code>
              <button
                type="button"
                className="rounded border border-zinc-300 px-2 py-0.5 text-xs dark:border-zinc-700"
                onClick={() => void navigator.clipboard?.writeText(created.token)}
              >
                Copy
              </button>
              <button type="button" className="text-xs underline" onClick={() => setCreated(null)}>
                Done
              </button>
            </div>
          </div>
        )}
      </section>

      <section>
        <h2 className="mb-3 text-base font-semibold">Keys</h2>
        {/* At phone width the dates fold away and the rest scrolls inside its box, never the page. */}
        <div className="overflow-x-auto">
          <table className="w-full text-sm" data-testid="api-keys-table">
            <thead>
              <tr className="text-left text-zinc-500">
                <th className="py-1">Name</th>
                <th>Key</th>
                <th>Project</th>
                <th>Access</th>
                <th className="hidden sm:table-cell">Created</th>
                <th className="hidden sm:table-cell">Last used</th>
                <th>Status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {keys.map((key) => {
                const expired = key.expiresAt && now !== null && key.expiresAt.getTime() <= now;
                return (
                  <tr key={key.id} className="border-t border-zinc-200 dark:border-zinc-800" data-key-id={key.id}>
                    <td className="py-1.5">{key.name}</td>
                    <td className="font-mono text-xs">{key.displayPrefix}…</td>
                    <td>{projects.find((p) => p.id === key.projectId)?.name ?? (key.projectId ? key.projectId : "All")}</td>
                    <td>{KEY_ROLES.find((r) => r.value === key.role)?.label ?? key.role}</td>
                    <td className="hidden sm:table-cell">
                      <LocalTime date={key.createdAt} />
                    </td>
                    <td className="hidden sm:table-cell">{key.lastUsedAt ? <LocalTime date={key.lastUsedAt} /> : "Never"}</td>
                    <td>{key.revokedAt ? "Revoked" : expired ? "Expired" : "Active"}</td>
                    <td className="text-right">
                      {!key.revokedAt && (
                        <button
                          type="button"
                          className="text-xs text-red-600 underline"
                          disabled={revoke.isPending}
                          onClick={() => {
                            if (window.confirm(`Revoke “${key.name}”? Requests with it will fail at once.`))
                              revoke.mutate({ keyId: key.id });
                          }}
                        >
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
