"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { useDismiss } from "@/components/ui/use-dismiss";
import { SignOutButton } from "./sign-out-button";

const LINKS = [
  { href: "/runs", label: "Runs" },
  { href: "/analytics", label: "Analytics" },
  { href: "/agents", label: "Agents" },
  { href: "/callbacks", label: "Callbacks" },
  { href: "/settings", label: "Settings" },
];

const isActive = (pathname: string, href: string) =>
  pathname === href || pathname.startsWith(`${href}/`) || (href === "/runs" && pathname === "/");

const linkClass = (active: boolean) =>
  `rounded-md px-2.5 py-1.5 text-sm whitespace-nowrap ${
    active
      ? "bg-zinc-100 font-medium text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100"
      : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
  }`;

/**
 * The app shell's top bar: product name and the sections; the current one is marked. Below `md` the sections fold
 * into a Menu button (five links and Sign out do not fit 390 px). Signed-out visitors see the name only.
 * `signOut` is the server action the root layout passes in (components never import app/).
 */
export function AppHeader({ signOut, signedIn }: { signOut: () => Promise<void>; signedIn: boolean }) {
  const pathname = usePathname() ?? "/";
  const [open, setOpen] = useState(false);
  const menuRef = useDismiss<HTMLDivElement>(open, () => setOpen(false));
  // A navigation closes the menu (adjusting state while rendering, not in an effect).
  const [lastPath, setLastPath] = useState(pathname);
  if (lastPath !== pathname) {
    setLastPath(pathname);
    setOpen(false);
  }
  const links = LINKS.map((link) => {
    const active = isActive(pathname, link.href);
    return (
      <Link key={link.href} href={link.href} aria-current={active ? "page" : undefined} className={linkClass(active)}>
        {link.label}
      </Link>
    );
  });

  return (
    <header className="sticky top-0 z-30 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
      <div className="mx-auto flex h-12 max-w-[1600px] items-center gap-4 px-3 sm:px-6">
        <Link href="/runs" className="flex items-center gap-2 text-sm font-semibold tracking-tight">
          <span className="grid size-6 place-items-center rounded bg-zinc-900 text-[11px] font-bold text-white dark:bg-zinc-100 dark:text-zinc-900">
            RT
          </span>
          <span>Runtower</span>
        </Link>
        {signedIn && (
          <>
            <nav aria-label="Main" className="hidden min-w-0 items-center gap-0.5 md:flex">
              {links}
            </nav>
            <div className="ml-auto hidden shrink-0 md:block">
              <SignOutButton action={signOut} />
            </div>
            <div ref={menuRef} className="relative ml-auto md:hidden">
              <button
                type="button"
                className="rounded-md border border-zinc-300 px-2.5 py-1 text-sm dark:border-zinc-700"
                aria-expanded={open}
                aria-controls="main-menu"
                onClick={() => setOpen((v) => !v)}
              >
                Menu
              </button>
              {open && (
                <nav
                  id="main-menu"
                  aria-label="Main"
                  className="absolute right-0 mt-2 flex w-48 flex-col gap-0.5 rounded-md border border-zinc-200 bg-white p-1.5 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
                >
                  {links}
                  <div className="mt-1 border-t border-zinc-200 px-2.5 pt-2 pb-1 dark:border-zinc-700">
                    <SignOutButton action={signOut} />
                  </div>
                </nav>
              )}
            </div>
          </>
        )}
      </div>
    </header>
  );
}
