import { addMember, listMembers, removeMember, setMemberRole } from "./members";
import { addMemberInput, removeMemberInput, setMemberRoleInput } from "./schemas";
import { router, writeProcedure } from "@/server/trpc";

export const membersRouter = router({
  list: writeProcedure("members:manage").query(({ ctx }) => listMembers(ctx.scope)),
  add: writeProcedure("members:manage").input(addMemberInput).mutation(({ ctx, input }) => addMember(ctx.scope, input)),
  setRole: writeProcedure("members:manage").input(setMemberRoleInput).mutation(({ ctx, input }) => setMemberRole(ctx.scope, input)),
  remove: writeProcedure("members:manage").input(removeMemberInput).mutation(({ ctx, input }) => removeMember(ctx.scope, input)),
});
