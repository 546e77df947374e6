import { notFound } from "@/server/errors";
import type { Page } from "@/server/lib/common-schemas";
import { keysetPage } from "@/server/lib/keyset";
import type { Scope } from "@/server/scope";
import type { ListBatchesInput } from "../schemas";
import { toBatch, type Batch } from "../batch";
import { batchKeyset, findBatch, selectBatchPage } from "../queries";

export async function getBatch(scope: Scope, batchId: string): Promise<Batch> {
  const row = await findBatch(scope.db, scope, batchId);
  if (!row) throw notFound("batch", batchId, "batchId");
  return toBatch(row);
}

export async function listBatches(scope: Scope, input: ListBatchesInput): Promise<Page<Batch>> {
  return keysetPage(scope, batchKeyset, input, async (seek, orderBy, limit) =>
    (await selectBatchPage(scope, seek, orderBy, limit)).map(toBatch),
  );
}
