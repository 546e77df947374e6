import { listAuditInput } from "@/server/auth/schemas";
import { listAudit } from "@/server/services/audit";
import { router, writeProcedure } from "@/server/trpc";

export const auditRouter = router({
  list: writeProcedure("audit:read").input(listAuditInput).query(({ ctx, input }) => listAudit(ctx.scope, input)),
});
