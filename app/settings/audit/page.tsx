import type { Metadata } from "next";
import { pageCaller, requirePageScope } from "@/app/_lib/page-scope";
import { AuditLog } from "@/components/settings/audit-log";
import { hasPermission } from "@/server/modules/access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const scope = await requirePageScope();
  if (!hasPermission(scope, "audit:read")) {
    return <p className="text-sm text-zinc-600">Only owners and admins can read the audit log.</p>;
  }
  const params = await searchParams;
  const after = typeof params.after === "string" ? params.after : undefined;
  const page = await (await pageCaller()).audit.list({ limit: 100, after });
  return <AuditLog page={page} />;
}
