"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { RUN_STEPS } from "@/components/runs/queries";
import { useCan } from "@/components/shell/use-can";
import { useTRPC } from "@/components/trpc/client";
import { buttonClass, inputClass } from "@/components/ui/styles";
import type { RouterOutputs } from "@/components/trpc/router-outputs";
import { ThumbIcon } from "./thumb-icon";

type Step = RouterOutputs["steps"]["list"]["items"][number];
type Feedback = Step["feedback"];

/** Thumbs up/down and tags on one step (`steps.setFeedback`); Enter in the tags box saves them. */
export function StepFeedback({ step, runId }: { step: Pick<Step, "id" | "feedback" | "tags">; runId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [tags, setTags] = useState(step.tags.join(", "));
  const canWrite = useCan("feedback:write");
  const mutation = useMutation(
    trpc.steps.setFeedback.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.steps.list.queryKey(RUN_STEPS(runId)) }),
    }),
  );
  const send = (feedback: Feedback) =>
    mutation.mutate({
      stepId: step.id,
      feedback,
      tags: tags
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean),
    });
  const thumb = (value: NonNullable<Feedback>, label: string, glyph: React.ReactNode) => {
    const on = step.feedback === value;
    return (
      <button
        type="button"
        aria-pressed={on}
        aria-label={label}
        title={label}
        data-testid={`feedback-${value}`}
        disabled={mutation.isPending || !canWrite}
        onClick={() => send(on ? null : value)}
        className={buttonClass(on ? "primary" : "secondary")}
      >
        {glyph}
      </button>
    );
  };
  return (
    <div className="flex flex-wrap items-center gap-2 text-xs">
      {thumb("positive", "Good step", <ThumbIcon />)}
      {thumb("negative", "Bad step", <ThumbIcon down />)}
      <input
        value={tags}
        onChange={(e) => setTags(e.target.value)}
        onKeyDown={(e) => e.key === "Enter" && send(step.feedback)}
        placeholder="tags, comma separated"
        aria-label="Step tags"
        data-testid="step-tags"
        className={`${inputClass} w-48`}
      />
      <button
        type="button"
        className={buttonClass("ghost")}
        onClick={() => send(step.feedback)}
        disabled={mutation.isPending}
        data-testid="save-tags"
      >
        Save tags
      </button>
      {mutation.isError && <span className="text-red-600">{mutation.error.message}</span>}
      {mutation.isSuccess && !mutation.isPending && (
        <span className="text-emerald-600" data-testid="feedback-saved">
          Saved
        </span>
      )}
    </div>
  );
}
