import { buttonClass } from "./styles";

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div
      role="alert"
      className="m-3 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
    >
      <p className="font-medium">Something went wrong</p>
      <p className="mt-1 break-words font-mono text-xs">{message}</p>
      {onRetry && (
        <button type="button" onClick={onRetry} className={`${buttonClass("secondary")} mt-2`}>
          Try again
        </button>
      )}
    </div>
  );
}
