import { listAudit } from "./audit";
import { listAuditInput } from "./schemas";
import { router, writeProcedure } from "@/server/trpc";

export const auditRouter = router({
  list: writeProcedure("audit:read")
    .input(listAuditInput)
    .query(({ ctx, input }) => listAudit(ctx.scope, input)),
});
