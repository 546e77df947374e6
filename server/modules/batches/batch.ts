import type { batches } from "@/db/schema";

export type BatchRow = typeof batches.$inferSelect;
export type Batch = Omit<BatchRow, "organizationId">;

export const toBatch = ({ organizationId: _org, ...batch }: BatchRow): Batch => batch;
