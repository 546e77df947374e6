import { describeMe } from "./me";
import { orgProcedure, router } from "@/server/trpc";

export const meRouter = router({
  /** The caller (user or API key), its organization, role and permissions. */
  get: orgProcedure.query(({ ctx }) => describeMe(ctx.scope)),
});
