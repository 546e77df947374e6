import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import { AppHeader } from "@/components/shell/app-header";
import { TRPCReactProvider } from "@/components/trpc/client";
import { signOutAction } from "@/app/sign-in/actions";
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
  return (
    <html lang="en">
      <body className="min-h-screen bg-zinc-50 text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <TRPCReactProvider>
          <AppHeader signOut={signOutAction} />
          {children}
        </TRPCReactProvider>
      </body>
    </html>
  );
}
