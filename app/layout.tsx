import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import { AppHeader } from "@/components/shell/app-header";
import { TRPCReactProvider } from "@/components/trpc/client";
import { signOutAction } from "@/app/sign-in/actions";
import { pageSessionScope } from "@/app/_lib/page-scope";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Runtower", template: "%s · Runtower" },
  description: "A control room for AI-agent runs",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#09090b" },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page is rendered per request, the 404 page included: only then can Next put the request's CSP nonce
  // (proxy.ts) on its scripts; a prerendered page's scripts would be blocked.
  await connection();
  // Signed-out visitors (sign-in, a 404) get no Sign out and no sections they cannot open.
  const signedIn = Boolean(await pageSessionScope());
  return (
    <html lang="en">
      <body className="min-h-screen bg-zinc-50 text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <TRPCReactProvider>
          <a
            href="#main"
            className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium shadow focus:not-sr-only focus:fixed focus:left-2 focus:top-2 dark:bg-zinc-900"
          >
            Skip to content
          </a>
          <AppHeader signOut={signOutAction} signedIn={signedIn} />
          {/* The skip link's target: focusable, so keyboard focus lands past the header. */}
          <div id="main" tabIndex={-1} className="outline-none">
            {children}
          </div>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
