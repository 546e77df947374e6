// What other modules, app/ and scripts may call in the runs module: outside it, only this file (README › Architecture).
export { createRun, deleteRun, getRun, updateRun } from "./runs";
export { listRuns, type RunPage } from "./run-list";
export { cancelRuns, type CancelOutcome, type CancelReceipt, type CancelResult } from "./run-cancel";
export { cancelMatchingRuns } from "./run-bulk-cancel";
export { listRunMessages } from "./run-messages";
export { getRunUsage, type RunUsage } from "./run-usage";
export { DENIAL_REASON } from "./run-lifecycle";
export { findRun, insertRunsWithMetrics, toRun, type NewRun, type NewRunMetrics, type Run, type RunRow } from "./queries/runs";
export type { RunListItem } from "./queries/run-list";
export { messageKeyset } from "./queries/messages";
export { fillRunTools, usedToolsSql } from "./queries/run-tools";
export { enqueueRunCallback } from "./callback-payload";
export { csvHeader, csvLine, exportValue } from "./export-csv";
