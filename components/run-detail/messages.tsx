"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { RUN_MESSAGES } from "@/components/runs/queries";
import { useTRPC } from "@/components/trpc/client";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { prettyJsonText } from "@/components/ui/format";
import { LocalTime } from "@/components/ui/local-time";
import { OPEN, POLL_MS, useRun } from "./use-run";

const MESSAGE_STYLES: Record<string, string> = {
  user_message: "border-l-zinc-400",
  assistant_message: "border-l-emerald-500",
  reasoning_message: "border-l-zinc-300 italic text-zinc-600 dark:text-zinc-400",
  hidden_reasoning_message: "border-l-zinc-300",
  tool_call_message: "border-l-violet-500",
  tool_return_message: "border-l-violet-300",
  system_message: "border-l-amber-400",
  approval_request_message: "border-l-amber-500",
  approval_response_message: "border-l-amber-300",
};

/**
 * The run's messages in order, by Letta message type: text, reasoning (shown or hidden), tool calls and returns,
 * approval requests and the answers to them.
 */
export function Messages({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const { data: run } = useRun(runId);
  const { data } = useSuspenseQuery({
    ...trpc.runs.messages.queryOptions(RUN_MESSAGES(runId)),
    refetchInterval: OPEN.has(run.status) ? POLL_MS : false,
  });
  return (
    <Card title={`Messages (${data.items.length})`}>
      {data.items.length === 0 ? (
        <EmptyState title="No messages" />
      ) : (
        <ol className="space-y-2 p-3" data-testid="messages">
          {data.items.map((m, i) => (
            <li key={`${m.id}-${i}`} className={`border-l-2 pl-3 text-sm ${MESSAGE_STYLES[m.messageType] ?? ""}`}>
              <p className="text-[11px] text-zinc-500">
                {m.messageType.replace(/_message$/, "").replace(/_/g, " ")} · <LocalTime date={m.date} />
              </p>
              {m.content && <p className="whitespace-pre-wrap break-words">{m.content}</p>}
              {m.reasoning && <p className="whitespace-pre-wrap break-words">{m.reasoning}</p>}
              {m.state && (
                <p className="text-xs italic text-zinc-500">
                  reasoning {m.state === "redacted" ? "redacted by the provider" : "omitted by the API"}
                </p>
              )}
              {(m.toolCalls ?? (m.toolCall ? [m.toolCall] : [])).map((call) => (
                <div key={call.toolCallId} className="mt-1">
                  <p className="font-mono text-xs font-medium">
                    {call.name}(<span className="text-zinc-500">{call.toolCallId}</span>)
                  </p>
                  <pre className="mt-1 max-h-48 overflow-auto rounded bg-zinc-50 p-2 text-[11px] dark:bg-zinc-900">
                    {prettyJsonText(call.arguments)}
                  </pre>
                </div>
              ))}
              {m.approvals && (
                <ul className="mt-1 space-y-0.5 text-xs">
                  {m.approvals.map((a) => (
                    <li key={a.toolCallId}>
                      <span className="font-mono">{a.toolCallId}</span>:{" "}
                      {a.type === "approval" ? (
                        <span className={a.approve ? "text-emerald-600" : "text-red-600"}>
                          {a.approve ? "approved" : "denied"}
                          {a.reason ? ` (${a.reason})` : ""}
                        </span>
                      ) : (
                        <span className={a.status === "error" ? "text-red-600" : "text-emerald-600"}>
                          ran by the client: {a.status}
                        </span>
                      )}
                    </li>
                  ))}
                </ul>
              )}
              {m.toolReturn !== undefined && (
                <div className="mt-1">
                  <p className="text-xs">
                    returned <span className={m.status === "error" ? "text-red-600" : "text-emerald-600"}>{m.status}</span>
                  </p>
                  <pre className="mt-1 max-h-48 overflow-auto rounded bg-zinc-50 p-2 text-[11px] dark:bg-zinc-900">
                    {prettyJsonText(m.toolReturn)}
                  </pre>
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
