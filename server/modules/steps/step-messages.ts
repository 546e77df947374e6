import { and, eq } from "drizzle-orm";
import { messages } from "@/db/schema";
import type { Page } from "@/server/lib/common-schemas";
import type { ListStepMessagesInput } from "./schemas";
import type { Scope } from "@/server/scope";
import { keysetPage } from "@/server/lib/keyset";
import { toLettaMessages, type LettaMessage } from "@/server/letta/messages";
import { messageKeyset } from "@/server/modules/runs";
import { getStep } from "./steps";


/** The messages a step wrote, in Letta's union shape, oldest first by default; an unknown step is NOT_FOUND. */
export async function listStepMessages(scope: Scope, input: ListStepMessagesInput): Promise<Page<LettaMessage>> {
  const step = await getStep(scope, input.stepId);
  const page = await keysetPage(scope, messageKeyset, input, (seek, orderBy, limit) =>
    scope.db
      .select()
      .from(messages)
      .where(and(eq(messages.organizationId, scope.orgId), eq(messages.stepId, step.id), ...seek))
      .orderBy(...orderBy)
      .limit(limit),
  );
  return { items: page.items.flatMap(toLettaMessages), nextCursor: page.nextCursor };
}
