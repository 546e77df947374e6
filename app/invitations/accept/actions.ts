"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getApp } from "@/server/boot";
import { DomainError } from "@/server/errors";
import { acceptInvitation, getBrowserSession } from "@/server/modules/access";
import { acceptPagePath } from "./paths";

/**
 * Accepts the invitation whose token the form carries, as the signed-in user: they join its organization, their
 * session switches to it, and they land on /runs. A refused token goes back to the page, which says why in the one
 * generic sentence (never which of expired, revoked, used or someone else's).
 */
export async function acceptInvitationAction(form: FormData): Promise<void> {
  const token = String(form.get("token") ?? "").slice(0, 512);
  const { db } = await getApp();
  const session = await getBrowserSession(db, await headers());
  if (!session) redirect(`/sign-in?next=${encodeURIComponent(acceptPagePath(token))}`);
  try {
    await acceptInvitation({ db, userId: session.user.id, sessionId: session.session.id }, { token });
  } catch (error) {
    if (error instanceof DomainError) redirect(acceptPagePath(token));
    throw error;
  }
  redirect("/runs");
}
