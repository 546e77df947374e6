import { inArray, sql, type SQL } from "drizzle-orm";
import { OPEN_RUN_STATUSES, runs } from "@/db/schema";

// The open / cancellable rule of db/schema/enums.ts (isOpenStatus, isCancellable) as SQL over `runs`.

/** Not ended yet: created, running or pending. */
export const RUN_IS_OPEN: SQL = inArray(runs.status, OPEN_RUN_STATUSES);

/** Open, or completed and awaiting approval. `is not distinct from` keeps it true/false (never null) under NOT. */
export const RUN_IS_CANCELLABLE: SQL = sql`(${RUN_IS_OPEN}
  or (${runs.status} = 'completed' and ${runs.stopReason} is not distinct from 'requires_approval'))`;
