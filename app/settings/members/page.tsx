import type { Metadata } from "next";
import { getQueryClient, getServerTrpc, HydrateClient } from "@/app/_lib/trpc-server";
import { requirePageScope } from "@/app/_lib/page-scope";
import { hasPermission } from "@/server/modules/access";
import { MembersManager } from "@/components/settings/members-manager";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Members" };

export default async function MembersPage() {
  const scope = await requirePageScope();
  if (!hasPermission(scope, "members:manage")) {
    return <p className="text-sm text-zinc-600">Only owners and admins can manage members.</p>;
  }
  const trpc = await getServerTrpc();
  await Promise.all([
    getQueryClient().prefetchQuery(trpc.members.list.queryOptions()),
    getQueryClient().prefetchQuery(trpc.members.invitations.queryOptions()),
  ]);
  return (
    <HydrateClient>
      <MembersManager canManageOwners={scope.role === "owner"} currentUserId={scope.userId ?? null} />
    </HydrateClient>
  );
}
