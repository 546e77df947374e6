/** What other modules, the request pipeline (server/http), boot and app/ may use of access. */
export { getAuth, SIGN_UP_REFUSED } from "./auth";
export { getBrowserSession, getSessionScope } from "./session";
export {
  authenticateApiKey,
  generateApiKeyToken,
  hashApiKey,
  scopeForApiKey,
  storeApiKey,
  type ApiKeyPrincipal,
} from "./api-keys";
export { countCalls, unlimited, verdictForCall, type RateLimitCount, type RateLimitResult } from "./rate-limit";
export { assertPermission, hasPermission, permissionsFor, type Permission, type Role } from "./permissions";
export { ensureMembership, ensurePasswordUser, setActiveOrganization, userExists } from "./users";
export { ensureInitResources, readInitConfig, type InitConfig } from "./bootstrap";
export { assertProjectInOrg } from "./projects";
export { acceptInvitation, INVALID_INVITATION_MESSAGE, previewInvitation, type InvitationPreview } from "./invitations";
