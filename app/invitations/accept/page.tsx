import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { AcceptInvitation } from "@/components/invitations/accept-invitation";
import { getApp } from "@/server/boot";
import { DomainError } from "@/server/errors";
import {
  getBrowserSession,
  INVALID_INVITATION_MESSAGE,
  previewInvitation,
  type InvitationPreview,
} from "@/server/modules/access";
import { acceptInvitationAction } from "./actions";
import { acceptPagePath } from "./paths";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Invitation" };

/** Where an invitation link lands: signed out, to sign-in (or sign-up) and back; signed in, the invitation and Accept. */
export default async function AcceptInvitationPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const token = typeof params.token === "string" ? params.token.slice(0, 512) : "";
  const { db } = await getApp();
  const session = await getBrowserSession(db, await headers());
  if (!session) redirect(`/sign-in?next=${encodeURIComponent(acceptPagePath(token))}`);
  let preview: InvitationPreview | null = null;
  try {
    preview = await previewInvitation({ db, userId: session.user.id }, { token });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
  }
  return (
    <AcceptInvitation
      preview={preview}
      token={token}
      signedInAs={session.user.email}
      invalidMessage={INVALID_INVITATION_MESSAGE}
      accept={acceptInvitationAction}
    />
  );
}
