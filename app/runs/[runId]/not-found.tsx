import Link from "next/link";

/** A run id that does not exist here (or belongs to another organization): HTTP 404, with the way back. */
export default function RunNotFound() {
  return (
    <main className="mx-auto max-w-xl px-4 py-16 text-center">
      <p className="font-mono text-xs text-zinc-400">404</p>
      <h1 className="mt-1 text-lg font-semibold">Run not found</h1>
      <p className="mt-2 text-sm text-zinc-500 dark:text-zinc-400">
        No run with this id exists in your organization. It may have been deleted, or the link may belong to another organization.
      </p>
      <Link href="/runs" className="mt-4 inline-block text-sm text-sky-700 hover:underline dark:text-sky-400">
        ← All runs
      </Link>
    </main>
  );
}
