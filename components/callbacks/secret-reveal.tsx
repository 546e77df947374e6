import { CopyButton } from "@/components/ui/copy-button";
import { buttonClass } from "@/components/ui/styles";

/** A secret shown once, right after it was made, with a copy button. */
export function SecretReveal({ title, secret, onDismiss }: { title: string; secret: string; onDismiss: () => void }) {
  return (
    <div
      role="status"
      className="m-3 space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950"
      data-testid="secret-reveal"
    >
      <p className="font-medium">{title}</p>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">Copy it now: it is not shown again.</p>
      <div className="flex flex-wrap items-center gap-2">
        <code className="break-all rounded bg-white px-2 py-1 font-mono text-xs dark:bg-zinc-900" data-testid="secret-value">
          {secret}
        </code>
        <CopyButton value={secret} label="Copy secret" />
        <button type="button" className={buttonClass("ghost")} onClick={onDismiss}>
          Done
        </button>
      </div>
    </div>
  );
}
