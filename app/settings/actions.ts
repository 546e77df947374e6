"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getApp } from "@/server/boot";
import { getBrowserSession, setActiveOrganization } from "@/server/modules/access";
import { idOf } from "@/server/lib/common-schemas";

/** Switches the organization this browser session acts on (the user must belong to it). */
export async function switchOrganizationAction(form: FormData): Promise<void> {
  const orgId = idOf("org").parse(form.get("orgId"));
  const back = z.string().startsWith("/").catch("/settings/api-keys").parse(form.get("back"));
  const { db } = await getApp();
  const session = await getBrowserSession(db, await headers());
  if (!session) redirect("/sign-in");
  await setActiveOrganization(db, { sessionId: session.session.id, userId: session.user.id, orgId });
  redirect(back.startsWith("//") ? "/" : back);
}
