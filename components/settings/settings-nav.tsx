"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { Permission } from "@/components/trpc/router-outputs";

/** The settings tabs the signed-in role may open; the open one is marked (aria-current and an underline). */
export function SettingsNav({ permissions }: { permissions: readonly Permission[] }) {
  const pathname = usePathname() ?? "";
  const tabs = [
    { href: "/settings/api-keys", label: "API keys", shown: true },
    { href: "/settings/members", label: "Members", shown: permissions.includes("members:manage") },
    { href: "/settings/audit", label: "Audit log", shown: permissions.includes("audit:read") },
  ];
  // /settings itself shows the first tab's page.
  const current = tabs.find((t) => pathname.startsWith(t.href))?.href ?? (pathname === "/settings" ? tabs[0].href : null);
  return (
    <nav aria-label="Settings" className="mb-6 flex gap-2 overflow-x-auto border-b border-zinc-200 text-sm dark:border-zinc-800">
      {tabs
        .filter((t) => t.shown)
        .map((tab) => {
          const active = tab.href === current;
          return (
            <Link
              key={tab.href}
              href={tab.href}
              aria-current={active ? "page" : undefined}
              className={`-mb-px border-b-2 px-2 py-1.5 whitespace-nowrap ${
                active
                  ? "border-zinc-900 font-medium text-zinc-900 dark:border-zinc-100 dark:text-zinc-100"
                  : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
              }`}
            >
              {tab.label}
            </Link>
          );
        })}
    </nav>
  );
}
