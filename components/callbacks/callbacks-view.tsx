"use client";

import { CallbacksSection } from "./callbacks-section";
import { Deliveries } from "./deliveries";
import { Endpoints } from "./endpoints";
import { Health } from "./health";
import { Inbox } from "./inbox";
import { SigningSecret } from "./signing-secret";

/** /callbacks: delivery health, outgoing deliveries, receiver endpoints, the signing secret, and the inbox. */
export function CallbacksView() {
  return (
    <main className="mx-auto max-w-[1600px] space-y-4 px-3 py-4 sm:px-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-xl font-semibold tracking-tight">Callbacks</h1>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">Signed, retried run callbacks, and an inbox to receive them</p>
      </div>
      <CallbacksSection title="Delivery health · last 7 days">
        <Health />
      </CallbacksSection>
      <CallbacksSection title="Deliveries">
        <Deliveries />
      </CallbacksSection>
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        <CallbacksSection title="Receiver endpoints">
          <Endpoints />
        </CallbacksSection>
        <CallbacksSection title="Signing secret (outgoing)">
          <SigningSecret />
        </CallbacksSection>
      </div>
      <CallbacksSection title="Inbox (received callbacks)">
        <Inbox />
      </CallbacksSection>
    </main>
  );
}
