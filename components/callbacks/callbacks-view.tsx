"use client";

import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Fragment, Suspense, useState } from "react";
import { formatNumber, prettyJson } from "@/components/format";
import { useTRPC } from "@/components/trpc/client";
import { buttonClass, Card, EmptyState, ErrorBoundary, ErrorNotice, inputClass, LocalTime, TableSkeleton } from "@/components/ui/primitives";
import { CopyButton } from "./copy-button";
import { CALLBACK_QUERIES } from "./queries";

const POLL_MS = 5000;
const th = "px-3 py-2 font-medium whitespace-nowrap";
const td = "px-3 py-2 whitespace-nowrap";

const DELIVERY_STYLES: Record<string, string> = {
  pending: "text-sky-700 dark:text-sky-300",
  delivered: "text-emerald-700 dark:text-emerald-400",
  failed: "text-red-700 dark:text-red-400",
};

function Section({ title, children, actions }: { title: string; children: React.ReactNode; actions?: React.ReactNode }) {
  return (
    <Card title={title} actions={actions}>
      <ErrorBoundary>
        <Suspense fallback={<TableSkeleton rows={4} />}>{children}</Suspense>
      </ErrorBoundary>
    </Card>
  );
}

export function CallbacksView() {
  return (
    <main className="mx-auto max-w-[1600px] space-y-4 px-3 py-4 sm:px-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-xl font-semibold tracking-tight">Callbacks</h1>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">Signed, retried run callbacks, and an inbox to receive them</p>
      </div>
      <Section title="Delivery health · last 7 days">
        <Health />
      </Section>
      <Section title="Deliveries">
        <Deliveries />
      </Section>
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        <Section title="Receiver endpoints">
          <Endpoints />
        </Section>
        <Section title="Signing secret (outgoing)">
          <SigningSecret />
        </Section>
      </div>
      <Section title="Inbox (received callbacks)">
        <Inbox />
      </Section>
    </main>
  );
}

// Health -------------------------------------------------------------------------------------------

function Stat({ label, value, detail }: { label: string; value: React.ReactNode; detail?: React.ReactNode }) {
  return (
    <div className="min-w-0 px-4 py-3">
      <p className="text-[11px] font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{label}</p>
      <p className="mt-0.5 text-lg font-semibold tabular-nums">{value}</p>
      {detail && <p className="text-xs text-zinc-500 dark:text-zinc-400">{detail}</p>}
    </div>
  );
}

function Health() {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(trpc.analytics.callbacks.queryOptions(CALLBACK_QUERIES.health, { refetchInterval: POLL_MS }));
  const ms = (v: number | null) => (v == null ? "—" : v < 1000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(1)} s`);
  return (
    <div className="grid grid-cols-2 divide-zinc-100 lg:grid-cols-4 lg:divide-x dark:divide-zinc-800" data-testid="callback-health">
      <Stat
        label="Success rate"
        value={data.successRate == null ? "—" : `${(data.successRate * 100).toFixed(1)} %`}
        detail={`${formatNumber(data.deliveries.delivered)} delivered · ${formatNumber(data.deliveries.failed)} failed`}
      />
      <Stat label="Deliveries" value={formatNumber(data.deliveries.total)} detail={`${formatNumber(data.deliveries.pending)} pending (retrying)`} />
      <Stat label="Receiver latency" value={ms(data.attempts.p50Ms)} detail={`p50 · p95 ${ms(data.attempts.p95Ms)} · ${formatNumber(data.attempts.total)} attempts`} />
      <div className="min-w-0 px-4 py-3">
        <p className="text-[11px] font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">Failed attempts by status</p>
        {data.failuresByCode.length === 0 ? (
          <p className="mt-1 text-sm text-zinc-500">None</p>
        ) : (
          <ul className="mt-1 flex flex-wrap gap-1.5 text-xs">
            {data.failuresByCode.map((f) => (
              <li key={f.code} className="rounded bg-red-50 px-1.5 py-0.5 font-mono text-red-800 dark:bg-red-950 dark:text-red-300">
                {f.code} × {formatNumber(f.count)}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

// Deliveries ---------------------------------------------------------------------------------------

function Deliveries() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data } = useSuspenseQuery(trpc.callbacks.deliveries.queryOptions(CALLBACK_QUERIES.deliveries, { refetchInterval: POLL_MS }));
  const [open, setOpen] = useState<string | null>(null);
  const redeliver = useMutation(
    trpc.callbacks.redeliver.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.callbacks.deliveries.queryKey() }),
    }),
  );
  if (data.items.length === 0)
    return (
      <EmptyState title="No callback deliveries yet">
        <p>Create a run with a callbackUrl; when it ends, its delivery shows up here.</p>
      </EmptyState>
    );
  return (
    <div className="overflow-x-auto">
      {redeliver.error && <ErrorNotice error={redeliver.error} />}
      <table className="w-full min-w-[880px] text-left text-sm" data-testid="deliveries">
        <thead className="border-b border-zinc-200 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
          <tr>
            <th className={th}>Created</th>
            <th className={th}>Run</th>
            <th className={th}>Status</th>
            <th className={`${th} text-right`}>Attempts</th>
            <th className={th}>Last response</th>
            <th className={th}>Next attempt</th>
            <th className={th}>URL</th>
            <th className={th} />
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {data.items.map((d) => (
            <Fragment key={d.id}>
              <tr data-testid="delivery-row" data-delivery={d.id} data-run={d.runId ?? undefined}>
                <td className={`${td} text-xs`}>
                  <LocalTime date={d.createdAt} />
                </td>
                <td className={`${td} font-mono text-xs`}>
                  {d.runId ? (
                    <Link className="text-sky-700 hover:underline dark:text-sky-400" href={`/runs/${d.runId}`}>
                      {d.runId.slice(0, 12)}…
                    </Link>
                  ) : (
                    <span title={d.subjectId}>{d.subjectId.slice(0, 14)}…</span>
                  )}
                  <div className="text-[10px] text-zinc-400">{d.event}</div>
                </td>
                <td className={`${td} text-xs font-medium ${DELIVERY_STYLES[d.status] ?? ""}`} data-testid="delivery-status">
                  {d.status}
                  {d.replay ? <span className="ml-1 text-zinc-400">(replay)</span> : null}
                </td>
                <td className={`${td} text-right tabular-nums`}>{d.attemptCount}</td>
                <td className={`${td} max-w-64 truncate text-xs`} title={d.lastError ?? undefined}>
                  {d.lastStatusCode != null ? <span className="font-mono">{d.lastStatusCode}</span> : null}
                  {d.lastError ? <span className="ml-1 text-red-700 dark:text-red-400">{d.lastError}</span> : null}
                  {d.lastStatusCode == null && !d.lastError ? <span className="text-zinc-400">—</span> : null}
                </td>
                <td className={`${td} text-xs`}>{d.status === "pending" ? <LocalTime date={d.nextAttemptAt} /> : <span className="text-zinc-400">—</span>}</td>
                <td className={`${td} max-w-56 truncate font-mono text-[11px]`} title={d.url}>
                  {d.url}
                </td>
                <td className={`${td} space-x-1 text-right`}>
                  <button type="button" className={buttonClass("ghost")} aria-expanded={open === d.id} onClick={() => setOpen(open === d.id ? null : d.id)}>
                    Attempts
                  </button>
                  <button
                    type="button"
                    className={buttonClass("secondary")}
                    disabled={d.status === "pending" || redeliver.isPending}
                    onClick={() => redeliver.mutate({ deliveryId: d.id })}
                  >
                    Redeliver
                  </button>
                </td>
              </tr>
              {open === d.id && (
                <tr>
                  <td colSpan={8} className="bg-zinc-50 px-3 py-2 dark:bg-zinc-900">
                    <Attempts deliveryId={d.id} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Attempts({ deliveryId }: { deliveryId: string }) {
  const trpc = useTRPC();
  // Loaded on demand (not prefetched), so a plain query is right here.
  const { data, error, isPending } = useQuery(trpc.callbacks.attempts.queryOptions({ deliveryId, limit: 100 }));
  if (isPending) return <p className="text-xs text-zinc-500">Loading attempts…</p>;
  if (error) return <ErrorNotice error={error} />;
  if (data.length === 0) return <p className="text-xs text-zinc-500">No attempts yet.</p>;
  return (
    <table className="w-full text-left text-xs" data-testid="attempts">
      <thead className="text-zinc-500">
        <tr>
          <th className="py-1 pr-3 font-medium">#</th>
          <th className="pr-3 font-medium">Started</th>
          <th className="pr-3 font-medium">Outcome</th>
          <th className="pr-3 font-medium">Status</th>
          <th className="pr-3 font-medium">Took</th>
          <th className="pr-3 font-medium">Error / response</th>
        </tr>
      </thead>
      <tbody>
        {data.map((a) => (
          <tr key={a.id} className="border-t border-zinc-200 align-top dark:border-zinc-800">
            <td className="py-1 pr-3 tabular-nums">
              {a.attemptNumber}
              {a.manual ? " (manual)" : ""}
            </td>
            <td className="pr-3 whitespace-nowrap">
              <LocalTime date={a.startedAt} />
            </td>
            <td className={`pr-3 ${a.outcome === "delivered" ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}`}>{a.outcome}</td>
            <td className="pr-3 font-mono">{a.statusCode ?? "—"}</td>
            <td className="pr-3 tabular-nums">{a.durationMs} ms</td>
            <td className="max-w-md truncate pr-3 font-mono" title={a.error ?? a.responseBody ?? undefined}>
              {a.error ?? a.responseBody ?? "—"}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// Endpoints ----------------------------------------------------------------------------------------

function SecretReveal({ title, secret, onDismiss }: { title: string; secret: string; onDismiss: () => void }) {
  return (
    <div role="status" className="m-3 space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950" data-testid="secret-reveal">
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

function Endpoints() {
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
        setRevealed({ title: `New secret of ${endpoint.name} (the previous one still verifies for 24 h)`, secret: endpoint.secret });
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
            <li key={endpoint.id} className="space-y-1.5 p-3" data-testid="endpoint" data-endpoint={endpoint.id}>
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
                <code className="min-w-0 flex-1 basis-full sm:basis-0 truncate rounded bg-zinc-100 px-2 py-1 font-mono text-xs dark:bg-zinc-800" title={endpoint.url} data-testid="endpoint-url">
                  {endpoint.url}
                </code>
                <CopyButton value={endpoint.url} label="Copy URL" />
                <button type="button" className={buttonClass("secondary")} disabled={rotate.isPending} onClick={() => rotate.mutate({ endpointId: endpoint.id })}>
                  Rotate secret
                </button>
                <button
                  type="button"
                  className={buttonClass("ghost")}
                  disabled={remove.isPending}
                  onClick={() => {
                    if (window.confirm(`Delete ${endpoint.name} and its inbox?`)) remove.mutate({ endpointId: endpoint.id });
                  }}
                >
                  Delete
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

// Signing secret -----------------------------------------------------------------------------------

function SigningSecret() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data } = useSuspenseQuery(trpc.callbacks.signingSecret.queryOptions(undefined));
  const [shown, setShown] = useState(false);
  const rotate = useMutation(
    trpc.callbacks.rotateSigningSecret.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.callbacks.signingSecret.queryKey() }),
    }),
  );
  const masked = `${data.secret.slice(0, 10)}${"•".repeat(24)}`;
  return (
    <div className="space-y-3 p-3 text-sm">
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        Every callback this organization sends is signed with this secret (Standard Webhooks: <code>webhook-id</code>,{" "}
        <code>webhook-timestamp</code>, <code>webhook-signature</code>). Receivers verify with it.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <code className="min-w-0 flex-1 basis-full sm:basis-0 break-all rounded bg-zinc-100 px-2 py-1 font-mono text-xs dark:bg-zinc-800" data-testid="signing-secret">
          {shown ? data.secret : masked}
        </code>
        <button type="button" className={buttonClass("ghost")} onClick={() => setShown((s) => !s)}>
          {shown ? "Hide" : "Reveal"}
        </button>
        <CopyButton value={data.secret} label="Copy secret" />
        <button
          type="button"
          className={buttonClass("secondary")}
          disabled={rotate.isPending}
          onClick={() => {
            if (window.confirm("Rotate the signing secret? The current one keeps signing for 24 h.")) rotate.mutate(undefined);
          }}
        >
          Rotate
        </button>
      </div>
      {rotate.error && <ErrorNotice error={rotate.error} />}
      <p className="text-xs text-zinc-500">
        {data.rotatedAt ? (
          <>
            Rotated <LocalTime date={data.rotatedAt} />
          </>
        ) : (
          <>
            Created <LocalTime date={data.createdAt} />
          </>
        )}
        {data.previousSecret && data.previousExpiresAt ? (
          <>
            {" "}
            · the previous secret also signs until <LocalTime date={data.previousExpiresAt} />
          </>
        ) : null}
      </p>
    </div>
  );
}

// Inbox --------------------------------------------------------------------------------------------

function Inbox() {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(trpc.callbacks.received.queryOptions(CALLBACK_QUERIES.received, { refetchInterval: POLL_MS }));
  const { data: endpoints } = useSuspenseQuery(trpc.callbacks.endpoints.list.queryOptions(CALLBACK_QUERIES.endpoints));
  const names = new Map(endpoints.items.map((e) => [e.id, e.name]));
  if (data.items.length === 0)
    return (
      <EmptyState title="Nothing received yet">
        <p>Point a run&apos;s callbackUrl at one of your endpoint URLs; verified callbacks land here.</p>
      </EmptyState>
    );
  return (
    <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="inbox">
      {data.items.map((item) => {
        const payload = item.payload as { run_id?: string; status?: string } | null;
        return (
          <li key={item.id} data-testid="received" data-webhook-id={item.webhookId}>
            <details className="group">
              <summary className="flex cursor-pointer flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm select-none">
                <span className="inline-flex items-center gap-1 text-xs font-medium text-emerald-700 dark:text-emerald-400" title="The signature was verified before the callback was stored (unverified requests are refused with 401)">
                  <span aria-hidden>✓</span> signature verified
                </span>
                <span className="font-mono text-xs">{payload?.run_id ?? item.webhookId}</span>
                {payload?.status && <span className="text-xs text-zinc-600 dark:text-zinc-400">{payload.status}</span>}
                <span className="text-xs text-zinc-500">→ {names.get(item.endpointId) ?? item.endpointId}</span>
                <span className="ml-auto text-xs text-zinc-500">
                  <LocalTime date={item.firstReceivedAt} />
                  {item.receivedCount > 1 ? ` · received ${formatNumber(item.receivedCount)}×` : ""}
                </span>
              </summary>
              <div className="space-y-2 px-3 pb-3">
                <table className="text-xs" data-testid="received-headers">
                  <tbody>
                    <tr>
                      <td className="pr-3 font-mono text-zinc-500">webhook-id</td>
                      <td className="font-mono break-all">{item.webhookId}</td>
                    </tr>
                    <tr>
                      <td className="pr-3 font-mono text-zinc-500">webhook-timestamp</td>
                      <td className="font-mono">
                        {Math.floor(new Date(item.webhookTimestamp).getTime() / 1000)} (<LocalTime date={item.webhookTimestamp} />)
                      </td>
                    </tr>
                    <tr>
                      <td className="pr-3 font-mono text-zinc-500">webhook-signature</td>
                      <td className="text-emerald-700 dark:text-emerald-400">verified</td>
                    </tr>
                    <tr>
                      <td className="pr-3 font-mono text-zinc-500">last received</td>
                      <td>
                        <LocalTime date={item.lastReceivedAt} />
                      </td>
                    </tr>
                  </tbody>
                </table>
                <pre className="max-h-96 overflow-auto rounded-md bg-zinc-50 p-3 text-xs dark:bg-zinc-900" data-testid="received-body">
                  {prettyJson(item.payload)}
                </pre>
              </div>
            </details>
          </li>
        );
      })}
    </ul>
  );
}
