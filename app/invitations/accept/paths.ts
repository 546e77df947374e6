/** The accept page of a token (what `members.invite` links to), as a same-origin path for redirects. */
export const acceptPagePath = (token: string) => `/invitations/accept?token=${encodeURIComponent(token)}`;
