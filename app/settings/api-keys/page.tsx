import type { Metadata } from "next";
import { getQueryClient, getServerTrpc, HydrateClient } from "@/app/_lib/trpc-server";
import { requirePageScope } from "@/app/_lib/page-scope";
import { hasPermission } from "@/server/modules/access";
import { ApiKeysManager } from "@/components/settings/api-keys-manager";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const scope = await requirePageScope();
  if (!hasPermission(scope, "keys:manage")) {
    return (
      <p className="text-sm text-zinc-600" data-testid="keys-forbidden">
        Your role ({scope.role}) cannot manage API keys; ask an owner or admin of this organization.
      </p>
    );
  }
  const trpc = await getServerTrpc();
  await Promise.all([
    getQueryClient().prefetchQuery(trpc.apiKeys.list.queryOptions({})),
    getQueryClient().prefetchQuery(trpc.apiKeys.projects.queryOptions()),
  ]);
  return (
    <HydrateClient>
      <ApiKeysManager />
    </HydrateClient>
  );
}
