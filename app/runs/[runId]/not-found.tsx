import Link from "next/link";

export default function RunNotFound() {
  return (
    <main className="mx-auto max-w-xl px-4 py-16 text-center">
      <h1 className="text-lg font-semibold">Run not found</h1>
      <p className="mt-2 text-sm text-zinc-500">No run with this id exists in your organization.</p>
      <Link href="/runs" className="mt-4 inline-block text-sm text-sky-700 hover:underline dark:text-sky-400">
        ← Back to runs
      </Link>
    </main>
  );
}
