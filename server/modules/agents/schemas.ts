import { z } from "zod";
import { idOf, jsonObject, limitInput, name, text } from "@/server/lib/common-schemas";

export const createAgentInput = z.object({
  name,
  projectId: idOf("project").optional(),
  description: text(2000).optional(),
  metadata: jsonObject().optional(),
});
export type CreateAgentInput = z.infer<typeof createAgentInput>;

export const getAgentInput = z.object({ agentId: idOf("agent") });

export const listAgentsInput = z.object({
  projectId: idOf("project").optional(),
  name: text(200).optional(),
  ascending: z.boolean().default(false),
  after: idOf("agent").optional(),
  before: idOf("agent").optional(),
  limit: limitInput(),
});
export type ListAgentsInput = z.infer<typeof listAgentsInput>;
