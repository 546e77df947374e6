import Link from "next/link";
import { pageCaller } from "@/app/_lib/page-scope";
import { switchOrganizationAction } from "./actions";

export const dynamic = "force-dynamic";

export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  const caller = await pageCaller();
  const me = await caller.me.get();
  const can = (permission: string) => me.permissions.includes(permission as never);
  return (
    <div className="mx-auto max-w-5xl px-4 py-6">
      <div className="mb-6 flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">Settings</h1>
          <p className="text-sm text-zinc-500" data-testid="signed-in-as">
            {me.user?.email ?? me.apiKey?.name} · {me.organization.name} · <span data-testid="role">{me.role}</span>
          </p>
        </div>
        <div className="flex items-center gap-3">
          {me.organizations.length > 1 && (
            <form action={switchOrganizationAction} className="flex items-center gap-2 text-sm">
              <input type="hidden" name="back" value="/settings/api-keys" />
              <label htmlFor="org-switch" className="text-zinc-500">
                Organization
              </label>
              <select
                id="org-switch"
                name="orgId"
                defaultValue={me.organization.id}
                className="rounded-md border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900"
              >
                {me.organizations.map((org) => (
                  <option key={org.id} value={org.id}>
                    {org.name} ({org.role})
                  </option>
                ))}
              </select>
              <button type="submit" className="rounded-md border border-zinc-300 px-2 py-1 dark:border-zinc-700">
                Switch
              </button>
            </form>
          )}
        </div>
      </div>
      <nav aria-label="Settings" className="mb-6 flex gap-2 border-b border-zinc-200 text-sm dark:border-zinc-800">
        <Link href="/settings/api-keys" className="px-2 py-1.5 hover:underline">
          API keys
        </Link>
        {can("members:manage") && (
          <Link href="/settings/members" className="px-2 py-1.5 hover:underline">
            Members
          </Link>
        )}
        {can("audit:read") && (
          <Link href="/settings/audit" className="px-2 py-1.5 hover:underline">
            Audit log
          </Link>
        )}
      </nav>
      {children}
    </div>
  );
}
