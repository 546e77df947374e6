import { pageCaller } from "@/app/_lib/page-scope";

export const dynamic = "force-dynamic";

// Placeholder home until the runs table lands: the newest runs of the signed-in organization.
export default async function HomePage() {
  const caller = await pageCaller();
  const { items } = await caller.runs.list({ limit: 20 });
  return (
    <main className="mx-auto max-w-5xl p-6">
      <h1 className="mb-4 text-2xl font-semibold">Runtower</h1>
      <table className="w-full text-sm">
        <thead>
          <tr className="text-left text-zinc-500">
            <th className="py-1">Run</th>
            <th>Status</th>
            <th>Stop reason</th>
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          {items.map((run) => (
            <tr key={run.id} className="border-t border-zinc-200 dark:border-zinc-800">
              <td className="py-1 font-mono text-xs">{run.id}</td>
              <td>{run.status}</td>
              <td>{run.stopReason ?? "—"}</td>
              <td>{run.createdAt.toISOString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
