import type { Metadata } from "next";
import Link from "next/link";
import { pageCaller, requirePageScope } from "@/app/_lib/page-scope";
import { hasPermission } from "@/server/modules/access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const scope = await requirePageScope();
  if (!hasPermission(scope, "audit:read")) {
    return <p className="text-sm text-zinc-600">Only owners and admins can read the audit log.</p>;
  }
  const params = await searchParams;
  const after = typeof params.after === "string" ? params.after : undefined;
  const page = await (await pageCaller()).audit.list({ limit: 100, after });
  return (
    <div>
      <table className="w-full text-sm" data-testid="audit-table">
        <thead>
          <tr className="text-left text-zinc-500">
            <th className="py-1">When (UTC)</th>
            <th>Who</th>
            <th>Action</th>
            <th>Target</th>
          </tr>
        </thead>
        <tbody>
          {page.items.map((entry) => (
            <tr key={entry.id} className="border-t border-zinc-200 dark:border-zinc-800">
              <td className="py-1.5 font-mono text-xs">{entry.createdAt.toISOString().replace("T", " ").slice(0, 19)}</td>
              <td>{entry.actorLabel ?? entry.actorId}</td>
              <td className="font-mono text-xs">{entry.action}</td>
              <td className="font-mono text-xs">{entry.targetId}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {page.items.length === 0 && <p className="mt-3 text-sm text-zinc-500">Nothing recorded yet.</p>}
      {page.nextCursor && (
        <Link href={`/settings/audit?after=${page.nextCursor}`} className="mt-3 inline-block text-sm underline">
          Older entries
        </Link>
      )}
    </div>
  );
}
