import { prettyJson } from "./format";

export function JsonBlock({ title, value, open = false }: { title: string; value: unknown; open?: boolean }) {
  return (
    <details open={open} className="rounded-md border border-zinc-200 dark:border-zinc-800">
      <summary className="cursor-pointer select-none px-3 py-2 text-sm font-medium">{title}</summary>
      <pre className="max-h-96 overflow-auto border-t border-zinc-200 bg-zinc-50 p-3 text-xs dark:border-zinc-800 dark:bg-zinc-900">
        {value == null ? "null" : prettyJson(value)}
      </pre>
    </details>
  );
}
