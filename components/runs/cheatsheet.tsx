import { buttonClass } from "@/components/ui/styles";

const KEYS: [string, string][] = [
  ["j / k", "next / previous run in this result"],
  ["Enter", "open the highlighted run"],
  ["x", "select / unselect the highlighted run"],
  ["/", "focus the filter"],
  ["?", "show / hide this list"],
];

/** The runs table's keyboard shortcuts, as a dialog. */
export function Cheatsheet({ onClose }: { onClose: () => void }) {
  return (
    <div
      role="dialog"
      aria-modal="true"
      aria-label="Keyboard shortcuts"
      className="fixed inset-0 z-40 grid place-items-center bg-black/40 p-4"
      onClick={onClose}
    >
      <div className="w-full max-w-sm rounded-lg bg-white p-4 shadow-xl dark:bg-zinc-900" onClick={(e) => e.stopPropagation()}>
        <h2 className="mb-3 text-sm font-semibold">Keyboard shortcuts</h2>
        <dl className="space-y-1.5 text-sm">
          {KEYS.map(([k, d]) => (
            <div key={k} className="flex justify-between gap-4">
              <dt>
                <kbd className="rounded border border-zinc-300 px-1.5 font-mono text-xs dark:border-zinc-700">{k}</kbd>
              </dt>
              <dd className="text-zinc-600 dark:text-zinc-400">{d}</dd>
            </div>
          ))}
        </dl>
        <button type="button" className={`${buttonClass("secondary")} mt-4 w-full`} onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
