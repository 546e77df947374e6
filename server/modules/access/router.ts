import { createApiKeyInput, listApiKeysInput, revokeApiKeyInput } from "./schemas";
import {
  acceptInvitationInput,
  inviteMemberInput,
  removeMemberInput,
  revokeInvitationInput,
  setMemberRoleInput,
} from "./schemas";
import { createApiKey, listApiKeys, listKeyProjects, revokeApiKey } from "./api-key-management";
import { acceptInvitation, inviteMember, listPendingInvitations, revokeInvitation } from "./invitations";
import { listMembers, removeMember, setMemberRole } from "./members";
import { describeMe } from "./me";
import { orgProcedure, router, writeProcedure } from "@/server/trpc";

export const apiKeysRouter = router({
  /** The token is in this response only; the database keeps its hash. */
  create: writeProcedure("keys:manage")
    .input(createApiKeyInput)
    .mutation(({ ctx, input }) => createApiKey(ctx.scope, input)),
  list: writeProcedure("keys:manage")
    .input(listApiKeysInput)
    .query(({ ctx, input }) => listApiKeys(ctx.scope, input)),
  /** Projects a new key can be bound to. */
  projects: writeProcedure("keys:manage").query(({ ctx }) => listKeyProjects(ctx.scope)),
  revoke: writeProcedure("keys:manage")
    .input(revokeApiKeyInput)
    .mutation(({ ctx, input }) => revokeApiKey(ctx.scope, input.keyId)),
});

export const meRouter = router({
  /** The caller (user or API key), its organization, role and permissions. */
  get: orgProcedure.query(({ ctx }) => describeMe(ctx.scope)),
});

// No `add`: adding a registered user without asking them was the defect invitations replace (README › Security).
export const membersRouter = router({
  list: writeProcedure("members:manage").query(({ ctx }) => listMembers(ctx.scope)),
  setRole: writeProcedure("members:manage")
    .input(setMemberRoleInput)
    .mutation(({ ctx, input }) => setMemberRole(ctx.scope, input)),
  remove: writeProcedure("members:manage")
    .input(removeMemberInput)
    .mutation(({ ctx, input }) => removeMember(ctx.scope, input)),
  /** The accept link's token is in this response only; the database keeps its hash. */
  invite: writeProcedure("members:manage")
    .input(inviteMemberInput)
    .mutation(({ ctx, input }) => inviteMember(ctx.scope, input)),
  invitations: writeProcedure("members:manage").query(({ ctx }) => listPendingInvitations(ctx.scope)),
  revokeInvitation: writeProcedure("members:manage")
    .input(revokeInvitationInput)
    .mutation(({ ctx, input }) => revokeInvitation(ctx.scope, input)),
  /** The signed-in invitee joins the invitation's organization (their session switches to it); API keys cannot. */
  acceptInvitation: orgProcedure.input(acceptInvitationInput).mutation(({ ctx, input }) => acceptInvitation(ctx.scope, input)),
});
