"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requirePageScope } from "@/app/_lib/page-scope";
import { toActionError } from "@/server/http/errors";
import { assertPermission } from "@/server/modules/access";
import type { Scope } from "@/server/scope";
import { idOf } from "@/server/lib/common-schemas";
import { listRunsInput } from "@/server/modules/runs/schemas";
import {
  cancelMatchingRuns as cancelMatchingService,
  cancelRuns as cancelRunsService,
  type CancelReceipt,
} from "@/server/modules/runs";
// One definition, where the components that render it live (they receive these actions as props).
import type { CancelActionResult } from "@/components/runs/cancel-actions";

const runIds = z.array(idOf("run")).min(1).max(1000);

async function run(scope: Scope, action: () => Promise<CancelReceipt>): Promise<CancelActionResult> {
  try {
    // The same role check as tRPC's runs.cancel (viewers cannot cancel).
    assertPermission(scope, "runs:cancel");
    const receipt = await action();
    // The list and every run page under /runs show statuses that just changed.
    revalidatePath("/runs", "layout");
    return { ok: true, receipt };
  } catch (error) {
    return toActionError(error);
  }
}

function invalid(error: z.ZodError): CancelActionResult {
  return { ok: false, error: error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ") };
}

/** Cancels one run (the run page's Cancel button): same service as `runs.cancel`, as the signed-in user. */
export async function cancelRun(runId: string): Promise<CancelActionResult> {
  const parsed = idOf("run").safeParse(runId);
  if (!parsed.success) return invalid(parsed.error);
  const scope = await requirePageScope();
  return run(scope, () => cancelRunsService(scope, { runId: parsed.data }));
}

/** Cancels the selected runs (up to 1,000) and returns a result per run. */
export async function cancelRuns(ids: string[]): Promise<CancelActionResult> {
  const parsed = runIds.safeParse(ids);
  if (!parsed.success) return invalid(parsed.error);
  const scope = await requirePageScope();
  return run(scope, () => cancelRunsService(scope, { runIds: parsed.data }));
}

/** Cancels every run a `runs.list` filter matches ("all matching"), up to 10,000. */
export async function cancelMatchingRuns(filter: unknown): Promise<CancelActionResult> {
  const parsed = listRunsInput.safeParse(filter);
  if (!parsed.success) return invalid(parsed.error);
  const scope = await requirePageScope();
  return run(scope, () => cancelMatchingService(scope, parsed.data));
}
