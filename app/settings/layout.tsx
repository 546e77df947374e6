import { pageCaller } from "@/app/_lib/page-scope";
import { SettingsHeader } from "@/components/settings/settings-header";
import { SettingsNav } from "@/components/settings/settings-nav";
import { switchOrganizationAction } from "./actions";

export const dynamic = "force-dynamic";

export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  const caller = await pageCaller();
  const me = await caller.me.get();
  return (
    <div className="mx-auto max-w-5xl px-4 py-6">
      <SettingsHeader me={me} switchOrganization={switchOrganizationAction} />
      <SettingsNav permissions={me.permissions} />
      {children}
    </div>
  );
}
