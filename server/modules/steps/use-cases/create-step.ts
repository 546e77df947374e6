import { uniqueViolation } from "@/db/client";
import { isTerminalStatus } from "@/db/schema";
import { badRequest, conflict, notFound, type DomainError } from "@/server/errors";
import { MAX_TOKEN_COUNT } from "@/server/lib/common-schemas";
import type { Scope } from "@/server/scope";
import { findRun } from "@/server/modules/runs";
import type { CreateStepInput } from "../schemas";
import { toStep, type Step } from "../step";
import { createStepValues, runCreateStep, shapeOf, type CreateStepValues, type RunOwner } from "../queries/create-step";

/** A total the integer column can hold (prompt + completion of two valid counts may not fit). */
export function checkedTotalTokens(total: number): number {
  if (total > MAX_TOKEN_COUNT)
    throw badRequest("totalTokens", `must be at most ${MAX_TOKEN_COUNT} (promptTokens + completionTokens when not given)`);
  return total;
}

/**
 * Creates a step, its step_metrics row and its messages in ONE statement (queries/create-step.ts): the happy path is one
 * round trip, with no BEGIN/COMMIT, and all or nothing. When the statement inserts nothing, the run it locked (or,
 * if it locked none, the run as it is now) tells which refusal applies: NOT_FOUND, CONFLICT or BAD_REQUEST.
 * The first step of a run takes a second statement, the one that also moves the run to running.
 * A step id already taken (a client may give its own; ids are unique across organizations) is CONFLICT naming `id`,
 * without saying whose; the failed statement wrote nothing.
 */
export async function createStep(scope: Scope, input: CreateStepInput): Promise<Step> {
  try {
    return await insertStep(scope, input);
  } catch (error) {
    if (uniqueViolation(error, "steps_pkey")) throw conflict("id: already taken", "id");
    throw error;
  }
}

async function insertStep(scope: Scope, input: CreateStepInput): Promise<Step> {
  const totalTokens = checkedTotalTokens(input.totalTokens ?? input.promptTokens + input.completionTokens);
  const values = createStepValues(scope, input, totalTokens);
  if (!input.runId) {
    const { step } = await runCreateStep(scope.db, shapeOf("agent", input), values);
    if (!step) throw notFound("agent", input.agentId!, "agentId");
    return toStep(step);
  }
  // Most steps find their run running, and this statement only locks it: an UPDATE in the statement costs time
  // even when it matches no row.
  const running = await runCreateStep(scope.db, shapeOf("run", input), values);
  if (running.step) return toStep(running.step);
  if (!running.run) return startRunWithStep(scope, input.runId, input, values);
  throw createRefusal(input.runId, input.agentId, running.run) ?? new Error(`run ${input.runId} took no step`);
}

/** The first step of a created or pending run moves it to running (or the run is missing, or changed meanwhile). */
async function startRunWithStep(scope: Scope, runId: string, input: CreateStepInput, values: CreateStepValues): Promise<Step> {
  const shape = shapeOf("start", input);
  const first = await runCreateStep(scope.db, shape, values);
  if (first.step) return toStep(first.step);
  const refusal = createRefusal(runId, input.agentId, first.run ?? (await findRun(scope.db, scope, runId)));
  if (refusal) throw refusal;
  // The run's status changed between the statement's snapshot and its lock (see runOwnerSql in
  // queries/create-step.ts): again, with the row locked first so that nothing changes under the statement. Same ids:
  // the first attempt wrote nothing.
  return scope.db.transaction(async (tx) => {
    await findRun(tx, scope, runId, { forUpdate: true });
    const again = await runCreateStep(tx, shape, values);
    if (again.step) return toStep(again.step);
    throw (again.run && createRefusal(runId, input.agentId, again.run)) ?? new Error(`run ${runId} changed while locked`);
  });
}

/** Why the run refuses the step, in this order; null when it does not (a concurrent change won a race). */
function createRefusal(runId: string, agentId: string | undefined, run: RunOwner): DomainError | null {
  // Also right for a run read after the statement: a terminal status is final, so the step comes after the end.
  if (isTerminalStatus(run.status))
    return conflict(`runId: run ${runId} is already ${run.status}; steps can no longer be added`, "runId");
  if (agentId && agentId !== run.agentId)
    return badRequest("agentId", `run ${runId} belongs to agent ${run.agentId}, not ${agentId}`);
  return null;
}
