import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getApp } from "@/server/boot";
import { getSessionScope } from "@/server/modules/access";
import { createCaller } from "@/server/root";
import type { Scope } from "@/server/scope";

/** The signed-in scope of the current page request, or null; looked up once per request (layout and page share it). */
export const pageSessionScope = cache(async (): Promise<Scope | null> => {
  const { db } = await getApp();
  return getSessionScope(db, await headers());
});

/** The signed-in scope of the current page request, or a redirect to sign-in. */
export async function requirePageScope(): Promise<Scope> {
  const scope = await pageSessionScope();
  if (!scope) redirect("/sign-in");
  return scope;
}

/** A server-side tRPC caller acting as the signed-in user (RSC prefetches, server actions). */
export async function pageCaller() {
  const scope = await requirePageScope();
  return createCaller({ db: scope.db, scope });
}
