import type { Page } from "@/server/lib/common-schemas";
import type { ListRunMessagesInput } from "./schemas";
import type { Scope } from "@/server/scope";
import { keysetPage } from "@/server/lib/keyset";
import { toLettaMessages, type LettaMessage } from "@/server/letta/messages";
import { messageKeysetOfRun, selectRunMessages } from "./queries/messages";
import { findRun } from "./queries/runs";

/**
 * A run's messages in Letta's union shape, oldest first by default. Pages are counted in stored messages
 * (the cursor is a stored message id); the run's `include_return_message_types` filters what is returned.
 */
export async function listRunMessages(scope: Scope, input: ListRunMessagesInput): Promise<Page<LettaMessage>> {
  const run = await findRun(scope.db, scope, input.runId);
  const include = (run.requestConfig?.include_return_message_types as string[] | null | undefined) ?? null;
  const backwards = Boolean(input.before && !input.after);
  let cursorInput = input;
  // A filtered-out page would read as "the end" to Letta's SDK (it stops on an empty page), so pages whose
  // messages are all hidden are skipped; bounded so a huge hidden history cannot hold the request.
  for (let hop = 0; ; hop++) {
    const page = await keysetPage(scope, messageKeysetOfRun(run.id), cursorInput, (seek, orderBy, limit) =>
      selectRunMessages(scope, run.id, { seek, orderBy, limit }),
    );
    const items = page.items.flatMap(toLettaMessages).filter((m) => !include || include.includes(m.messageType));
    if (items.length > 0 || !page.nextCursor || hop >= 20) return { items, nextCursor: page.nextCursor };
    cursorInput = backwards ? { ...cursorInput, before: page.nextCursor } : { ...cursorInput, after: page.nextCursor };
  }
}
