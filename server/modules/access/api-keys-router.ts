import { createApiKeyInput, listApiKeysInput, revokeApiKeyInput } from "./schemas";
import { createApiKey, listApiKeys, listKeyProjects, revokeApiKey } from "./api-key-management";
import { router, writeProcedure } from "@/server/trpc";

export const apiKeysRouter = router({
  /** The token is in this response only; the database keeps its hash. */
  create: writeProcedure("keys:manage").input(createApiKeyInput).mutation(({ ctx, input }) => createApiKey(ctx.scope, input)),
  list: writeProcedure("keys:manage").input(listApiKeysInput).query(({ ctx, input }) => listApiKeys(ctx.scope, input)),
  /** Projects a new key can be bound to. */
  projects: writeProcedure("keys:manage").query(({ ctx }) => listKeyProjects(ctx.scope)),
  revoke: writeProcedure("keys:manage").input(revokeApiKeyInput).mutation(({ ctx, input }) => revokeApiKey(ctx.scope, input.keyId)),
});
