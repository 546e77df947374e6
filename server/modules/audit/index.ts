/** What other modules may call: every audited action records its row with `recordAudit`, in its own transaction. */
export { recordAudit, type AuditActorType, type AuditEntryInput } from "./audit";
export type { AuditEntry } from "./queries";
