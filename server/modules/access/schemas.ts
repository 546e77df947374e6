import { z } from "zod";
import { API_KEY_ROLES, MEMBERSHIP_ROLES } from "@/db/schema/auth";
import { dateInput, idOf, limitInput, name } from "@/server/lib/common-schemas";

export const createApiKeyInput = z.object({
  name,
  /** Bind the key to one project (its runs and agents); omitted: the whole organization. */
  projectId: idOf("project").optional(),
  /** `member` reads and writes (default); `viewer` is read-only; `admin` has the admin role's permissions (only ever
   * chosen explicitly; creating keys needs `keys:manage` and is audited with the role). */
  role: z.enum(API_KEY_ROLES).default("member"),
  expiresAt: dateInput.optional(),
});
export type CreateApiKeyInput = z.infer<typeof createApiKeyInput>;

export const listApiKeysInput = z
  .object({ includeRevoked: z.boolean().default(true), limit: limitInput(1000, 200) })
  .default({ includeRevoked: true, limit: 200 });
export type ListApiKeysInput = z.infer<typeof listApiKeysInput>;

export const revokeApiKeyInput = z.object({ keyId: idOf("key") });

const userId = z.string().regex(/^user-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, {
  message: "must be a user id: 'user-' followed by a UUID",
});
const membershipRole = z.enum(MEMBERSHIP_ROLES);
export const inviteMemberInput = z.object({ email: z.email().max(320), role: membershipRole.default("member") });
export const revokeInvitationInput = z.object({ invitationId: idOf("invitation") });
/** Checked for its form in the use-case, so a malformed token is refused exactly as an unknown one. */
export const acceptInvitationInput = z.object({ token: z.string().min(1).max(512) });
export const setMemberRoleInput = z.object({ userId, role: membershipRole });
export const removeMemberInput = z.object({ userId });
