"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorNotice } from "@/components/ui/error-notice";
import { buttonClass, inputClass } from "@/components/ui/styles";
import { EndpointItem } from "./endpoint-item";
import { CALLBACK_QUERIES } from "./queries";
import { SecretReveal } from "./secret-reveal";

/** Receiver endpoints (URLs on this app that verify and store callbacks): create, rotate the secret, delete. */
export function Endpoints() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data } = useSuspenseQuery(trpc.callbacks.endpoints.list.queryOptions(CALLBACK_QUERIES.endpoints));
  const [name, setName] = useState("");
  const [revealed, setRevealed] = useState<{ title: string; secret: string } | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.callbacks.endpoints.list.queryKey() });
  const create = useMutation(
    trpc.callbacks.endpoints.create.mutationOptions({
      onSuccess: (endpoint) => {
        setName("");
        setRevealed({ title: `Secret of ${endpoint.name}`, secret: endpoint.secret });
        return invalidate();
      },
    }),
  );
  const rotate = useMutation(
    trpc.callbacks.endpoints.rotateSecret.mutationOptions({
      onSuccess: (endpoint) => {
        setRevealed({
          title: `New secret of ${endpoint.name} (the previous one still verifies for 24 h)`,
          secret: endpoint.secret,
        });
        return invalidate();
      },
    }),
  );
  const remove = useMutation(trpc.callbacks.endpoints.delete.mutationOptions({ onSuccess: invalidate }));
  const error = create.error ?? rotate.error ?? remove.error;

  return (
    <div>
      <form
        className="flex flex-wrap items-center gap-2 border-b border-zinc-200 p-3 dark:border-zinc-800"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) create.mutate({ name: name.trim() });
        }}
      >
        <input
          className={`${inputClass} min-w-0 flex-1`}
          placeholder="Endpoint name, e.g. staging inbox"
          aria-label="Endpoint name"
          value={name}
          maxLength={200}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className={buttonClass("primary")} disabled={create.isPending || !name.trim()}>
          Create endpoint
        </button>
      </form>
      {error && <ErrorNotice error={error} />}
      {revealed && <SecretReveal title={revealed.title} secret={revealed.secret} onDismiss={() => setRevealed(null)} />}
      {data.items.length === 0 ? (
        <EmptyState title="No endpoints">
          <p>An endpoint is a URL on this app that verifies and stores the callbacks it receives.</p>
        </EmptyState>
      ) : (
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {data.items.map((endpoint) => (
            <EndpointItem
              key={endpoint.id}
              endpoint={endpoint}
              busy={{ rotate: rotate.isPending, remove: remove.isPending }}
              onRotate={() => rotate.mutate({ endpointId: endpoint.id })}
              onRemove={() => remove.mutate({ endpointId: endpoint.id })}
            />
          ))}
        </ul>
      )}
    </div>
  );
}
