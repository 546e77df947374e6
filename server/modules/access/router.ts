import { createApiKeyInput, listApiKeysInput, revokeApiKeyInput } from "./schemas";
import { addMemberInput, removeMemberInput, setMemberRoleInput } from "./schemas";
import { createApiKey, listApiKeys, listKeyProjects, revokeApiKey } from "./api-key-management";
import { addMember, listMembers, removeMember, setMemberRole } from "./members";
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

export const membersRouter = router({
  list: writeProcedure("members:manage").query(({ ctx }) => listMembers(ctx.scope)),
  add: writeProcedure("members:manage")
    .input(addMemberInput)
    .mutation(({ ctx, input }) => addMember(ctx.scope, input)),
  setRole: writeProcedure("members:manage")
    .input(setMemberRoleInput)
    .mutation(({ ctx, input }) => setMemberRole(ctx.scope, input)),
  remove: writeProcedure("members:manage")
    .input(removeMemberInput)
    .mutation(({ ctx, input }) => removeMember(ctx.scope, input)),
});
