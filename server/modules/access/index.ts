/** What other modules may call of the access module. */
export { assertProjectInOrg } from "./projects";
