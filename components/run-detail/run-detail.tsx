"use client";

import Link from "next/link";
import type { CancelRunAction } from "@/components/runs/cancel-actions";
import { ConfigAndMetadata } from "./config-and-metadata";
import { DetailSection } from "./detail-section";
import { Messages } from "./messages";
import { RunDeliveries } from "./run-deliveries";
import { RunHeader } from "./run-header";
import { StepTimeline } from "./step-timeline";
import { Usage } from "./usage";

/**
 * /runs/[runId]: header and cancel, timings against the agent's percentiles, usage, step waterfall, messages, config,
 * callbacks. `cancelRun` is the page's server action.
 */
export function RunDetail({ runId, cancelRun }: { runId: string; cancelRun: CancelRunAction }) {
  return (
    <main className="mx-auto max-w-[1400px] space-y-4 px-3 py-4 sm:px-6">
      <Link href="/runs" className="text-xs text-zinc-500 hover:text-zinc-900 dark:hover:text-zinc-100">
        ← Runs
      </Link>
      <DetailSection title="Run">
        <RunHeader runId={runId} cancelRun={cancelRun} />
      </DetailSection>
      <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div className="min-w-0 space-y-4">
          <DetailSection title="Steps">
            <StepTimeline runId={runId} />
          </DetailSection>
          <DetailSection title="Messages">
            <Messages runId={runId} />
          </DetailSection>
        </div>
        <div className="min-w-0 space-y-4">
          <DetailSection title="Usage">
            <Usage runId={runId} />
          </DetailSection>
          <DetailSection title="Callback deliveries">
            <RunDeliveries runId={runId} />
          </DetailSection>
          <DetailSection title="Request config and metadata">
            <ConfigAndMetadata runId={runId} />
          </DetailSection>
        </div>
      </div>
    </main>
  );
}
