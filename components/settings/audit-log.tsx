import Link from "next/link";
import type { RouterOutputs } from "@/components/trpc/router-outputs";
import { LocalTime } from "@/components/ui/local-time";

/** One page of the organization's audit log (times as everywhere: local, UTC on hover), with a link to older entries. */
export function AuditLog({ page }: { page: RouterOutputs["audit"]["list"] }) {
  return (
    <div>
      <div className="overflow-x-auto">
        <table className="w-full text-sm" data-testid="audit-table">
          <thead>
            <tr className="text-left text-zinc-500">
              <th className="py-1">When</th>
              <th>Who</th>
              <th>Action</th>
              <th>Target</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((entry) => (
              <tr key={entry.id} className="border-t border-zinc-200 dark:border-zinc-800">
                <td className="py-1.5 text-xs whitespace-nowrap">
                  <LocalTime date={entry.createdAt} />
                </td>
                <td>{entry.actorLabel ?? entry.actorId}</td>
                <td className="font-mono text-xs">{entry.action}</td>
                <td className="font-mono text-xs">{entry.targetId}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page.items.length === 0 && <p className="mt-3 text-sm text-zinc-500">Nothing recorded yet.</p>}
      {page.nextCursor && (
        <Link href={`/settings/audit?after=${page.nextCursor}`} className="mt-3 inline-block text-sm underline">
          Older entries
        </Link>
      )}
    </div>
  );
}
