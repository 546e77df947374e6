import { createViewInput, listViewsInput, viewIdOnlyInput } from "./schemas";
import { createView, deleteView, getView, listViews } from "./use-cases";
import { orgProcedure, router, writeProcedure } from "@/server/trpc";

export const viewsRouter = router({
  create: writeProcedure("views:write")
    .input(createViewInput)
    .mutation(({ ctx, input }) => createView(ctx.scope, input)),
  list: orgProcedure.input(listViewsInput).query(({ ctx, input }) => listViews(ctx.scope, input)),
  get: orgProcedure.input(viewIdOnlyInput).query(({ ctx, input }) => getView(ctx.scope, input.viewId)),
  delete: writeProcedure("views:write")
    .input(viewIdOnlyInput)
    .mutation(({ ctx, input }) => deleteView(ctx.scope, input.viewId)),
});
