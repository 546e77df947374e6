"use server";

import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { getApp } from "@/server/boot";
import { DomainError } from "@/server/errors";
import { idOf } from "@/server/lib/common-schemas";
import { safeRedirectPath } from "@/server/lib/safe-redirect";
import { getBrowserSession, setActiveOrganization } from "@/server/modules/access";

/**
 * Switches the organization this browser session acts on. An org the user does not belong to is a 404, as a
 * missing or malformed id is (never a 500, and never telling which orgs exist).
 */
export async function switchOrganizationAction(form: FormData): Promise<void> {
  const orgId = idOf("org").safeParse(form.get("orgId"));
  const back = safeRedirectPath(form.get("back"), "/settings/api-keys");
  const { db } = await getApp();
  const session = await getBrowserSession(db, await headers());
  if (!session) redirect("/sign-in");
  if (!orgId.success) notFound();
  try {
    await setActiveOrganization(db, { sessionId: session.session.id, userId: session.user.id, orgId: orgId.data });
  } catch (error) {
    if (error instanceof DomainError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  redirect(back);
}
