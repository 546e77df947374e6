import type { RouterInputs } from "@/components/trpc/router-outputs";

export type MemberRole = RouterInputs["members"]["setRole"]["role"];
/** Highest first: the order the role pickers list them in. */
export const MEMBER_ROLES = ["owner", "admin", "member", "viewer"] as const satisfies readonly MemberRole[];
export const fieldClass = "rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";
