import { createAgentInput, getAgentInput, listAgentsInput } from "./schemas";
import { createAgent, getAgent, listAgents } from "./use-cases";
import { orgProcedure, router, writeProcedure } from "@/server/trpc";

export const agentsRouter = router({
  create: writeProcedure("agents:write")
    .input(createAgentInput)
    .mutation(({ ctx, input }) => createAgent(ctx.scope, input)),
  get: orgProcedure.input(getAgentInput).query(({ ctx, input }) => getAgent(ctx.scope, input.agentId)),
  list: orgProcedure.input(listAgentsInput).query(({ ctx, input }) => listAgents(ctx.scope, input)),
});
