/** In-process nudge: a delivery became due now (replay, enqueue), so an in-app worker need not wait for its poll. */
type Listener = () => void;
const globalForSignal = globalThis as unknown as { __runtowerCallbackListeners?: Set<Listener> };
const listeners = (globalForSignal.__runtowerCallbackListeners ??= new Set());

export function onDeliveriesDue(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function notifyDeliveriesDue(): void {
  for (const listener of listeners) listener();
}
