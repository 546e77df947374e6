"use client";

import type { RouterOutputs } from "@/components/trpc/router-outputs";
import { CopyButton } from "@/components/ui/copy-button";
import { LocalTime } from "@/components/ui/local-time";
import { buttonClass } from "@/components/ui/styles";

type Endpoint = RouterOutputs["callbacks"]["endpoints"]["list"]["items"][number];

/** One receiver endpoint: its URL to copy, Rotate secret, and Delete (confirmed). */
export function EndpointItem({
  endpoint,
  busy,
  onRotate,
  onRemove,
}: {
  endpoint: Endpoint;
  busy: { rotate: boolean; remove: boolean };
  onRotate: () => void;
  onRemove: () => void;
}) {
  return (
    <li className="space-y-1.5 p-3" data-testid="endpoint" data-endpoint={endpoint.id}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="font-medium">{endpoint.name}</span>
        <span className="text-xs text-zinc-500">
          created <LocalTime date={endpoint.createdAt} />
          {endpoint.rotatedAt ? (
            <>
              {" "}
              · rotated <LocalTime date={endpoint.rotatedAt} />
            </>
          ) : null}
        </span>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <code
          className="min-w-0 flex-1 basis-full sm:basis-0 truncate rounded bg-zinc-100 px-2 py-1 font-mono text-xs dark:bg-zinc-800"
          title={endpoint.url}
          data-testid="endpoint-url"
        >
          {endpoint.url}
        </code>
        <CopyButton value={endpoint.url} label="Copy URL" />
        <button type="button" className={buttonClass("secondary")} disabled={busy.rotate} onClick={onRotate}>
          Rotate secret
        </button>
        <button
          type="button"
          className={buttonClass("ghost")}
          disabled={busy.remove}
          onClick={() => {
            if (window.confirm(`Delete ${endpoint.name} and its inbox?`)) onRemove();
          }}
        >
          Delete
        </button>
      </div>
    </li>
  );
}
