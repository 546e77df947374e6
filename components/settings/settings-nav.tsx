import Link from "next/link";
import type { Permission } from "@/components/trpc/router-outputs";

/** The settings tabs the signed-in role may open. */
export function SettingsNav({ permissions }: { permissions: readonly Permission[] }) {
  return (
    <nav aria-label="Settings" className="mb-6 flex gap-2 border-b border-zinc-200 text-sm dark:border-zinc-800">
      <Link href="/settings/api-keys" className="px-2 py-1.5 hover:underline">
        API keys
      </Link>
      {permissions.includes("members:manage") && (
        <Link href="/settings/members" className="px-2 py-1.5 hover:underline">
          Members
        </Link>
      )}
      {permissions.includes("audit:read") && (
        <Link href="/settings/audit" className="px-2 py-1.5 hover:underline">
          Audit log
        </Link>
      )}
    </nav>
  );
}
