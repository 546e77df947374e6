/** What other modules may call of the agents module. */
export type { Agent } from "./queries";
export { getAgent, projectsOfAgents } from "./use-cases";
