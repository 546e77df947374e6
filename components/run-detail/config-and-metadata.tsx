"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { Card } from "@/components/ui/card";
import { JsonBlock } from "@/components/ui/json-block";
import { useRun } from "./use-run";

/** The run's request config and metadata as JSON, and the ids it belongs to. */
export function ConfigAndMetadata({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const { data: run } = useRun(runId);
  const { data: config } = useSuspenseQuery(trpc.runs.requestConfig.queryOptions({ runId }));
  return (
    <Card title="Request config and metadata">
      <div className="space-y-2 p-3">
        <JsonBlock title="Request config" value={config} />
        <JsonBlock title="Metadata" value={run.metadata} />
        <dl className="grid grid-cols-[7rem_1fr] gap-x-2 gap-y-1 text-xs">
          <dt className="text-zinc-500">Conversation</dt>
          <dd className="truncate font-mono">{run.conversationId ?? "—"}</dd>
          <dt className="text-zinc-500">Template</dt>
          <dd className="truncate font-mono">{run.baseTemplateId ?? "—"}</dd>
          <dt className="text-zinc-500">Project</dt>
          <dd className="truncate font-mono">{run.projectId ?? "—"}</dd>
          <dt className="text-zinc-500">Batch</dt>
          <dd className="truncate font-mono">{run.batchId ?? "—"}</dd>
        </dl>
      </div>
    </Card>
  );
}
