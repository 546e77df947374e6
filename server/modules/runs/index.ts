/** What other modules may call of the runs module. */
export { findRun, toRun, type Run, type RunRow } from "./runs";
export { messageKeyset } from "./run-messages";
