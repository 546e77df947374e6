"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { SignOutButton } from "./sign-out-button";

const LINKS = [
  { href: "/runs", label: "Runs" },
  { href: "/analytics", label: "Analytics" },
  { href: "/agents", label: "Agents" },
  { href: "/callbacks", label: "Callbacks" },
];

/**
 * The app shell's top bar: product name and the four sections; the current one is marked.
 * `signOut` is the server action the root layout passes in (components never import app/).
 */
export function AppHeader({ signOut }: { signOut: () => Promise<void> }) {
  const pathname = usePathname() ?? "/";
  return (
    <header className="sticky top-0 z-30 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
      <div className="mx-auto flex h-12 max-w-[1600px] items-center gap-4 px-3 sm:px-6">
        <Link href="/runs" className="flex items-center gap-2 text-sm font-semibold tracking-tight">
          <span className="grid size-6 place-items-center rounded bg-zinc-900 text-[11px] font-bold text-white dark:bg-zinc-100 dark:text-zinc-900">
            RT
          </span>
          <span className="hidden sm:inline">Runtower</span>
        </Link>
        <nav aria-label="Main" className="-mx-1 flex min-w-0 items-center gap-0.5 overflow-x-auto">
          {LINKS.map((link) => {
            const active =
              pathname === link.href || pathname.startsWith(`${link.href}/`) || (link.href === "/runs" && pathname === "/");
            return (
              <Link
                key={link.href}
                href={link.href}
                aria-current={active ? "page" : undefined}
                className={`rounded-md px-2.5 py-1.5 text-sm whitespace-nowrap ${
                  active
                    ? "bg-zinc-100 font-medium text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100"
                    : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
                }`}
              >
                {link.label}
              </Link>
            );
          })}
        </nav>
        {!pathname.startsWith("/sign-in") && (
          <div className="ml-auto flex shrink-0 items-center gap-3">
            <Link
              href="/settings"
              aria-current={pathname.startsWith("/settings") ? "page" : undefined}
              className="text-sm text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
            >
              Settings
            </Link>
            <SignOutButton action={signOut} />
          </div>
        )}
      </div>
    </header>
  );
}
