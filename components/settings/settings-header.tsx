import type { RouterOutputs } from "@/components/trpc/router-outputs";

/**
 * Settings' title: who is signed in, in which organization and role, and (for members of several) the organization
 * switcher. `switchOrganization` is the layout's server action.
 */
export function SettingsHeader({
  me,
  switchOrganization,
}: {
  me: RouterOutputs["me"]["get"];
  switchOrganization: (form: FormData) => Promise<void>;
}) {
  return (
    <div className="mb-6 flex flex-wrap items-center justify-between gap-3">
      <div>
        <h1 className="text-xl font-semibold">Settings</h1>
        <p className="text-sm text-zinc-500" data-testid="signed-in-as">
          {me.user?.email ?? me.apiKey?.name} · {me.organization.name} · <span data-testid="role">{me.role}</span>
        </p>
      </div>
      <div className="flex items-center gap-3">
        {me.organizations.length > 1 && (
          <form action={switchOrganization} className="flex items-center gap-2 text-sm">
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
  );
}
