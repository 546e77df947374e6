import { and, eq, gt, inArray, lt, sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { rateLimitCounters } from "@/db/schema";

/** The fixed windows a request falls in (current and previous) and its limit (made by rate-limit.ts). */
export interface RateLimitWindow {
  limit: number;
  windowMs: number;
  start: Date;
  previousStart: Date;
  /** Fraction (0–1) of the current window gone. */
  elapsed: number;
}

/**
 * CTEs that count `calls` calls of each (organization_id, subject) that `subjects` selects — an upsert of the
 * current window's counter — and read the previous window's count beside it, as `counted_with_previous
 * (organization_id, subject, count, previous)`. Written once, used by countSubjectCalls and by the API-key
 * authentication that counts in the same statement (one round trip per request instead of two). Raw SQL: an upsert
 * inside WITH, read back beside the previous window, is beyond the query builder.
 */
export function countRequestCtes(subjects: SQL, window: RateLimitWindow, calls = 1): SQL {
  return sql`counted as (
      insert into ${rateLimitCounters} (organization_id, subject, window_start, count)
      select s.organization_id, s.subject, ${window.start.toISOString()}::timestamptz, ${calls}::int from (${subjects}) s
      on conflict (organization_id, subject, window_start)
      do update set count = ${rateLimitCounters}.count + excluded.count
      returning organization_id, subject, count
    ), counted_with_previous as (
      select c.organization_id, c.subject, c.count::int as count,
             coalesce((select p.count from ${rateLimitCounters} p
                       where p.organization_id = c.organization_id and p.subject = c.subject
                         and p.window_start = ${window.previousStart.toISOString()}::timestamptz), 0)::int as previous
      from counted c
    )`;
}

/** Adds `calls` to the subject's counter of the current window; the counts after it, and the previous window's. */
export async function countSubjectCalls(
  db: Db,
  input: { orgId: string; subject: string; window: RateLimitWindow; calls: number },
): Promise<{ count: number; previous: number }> {
  const subjects = sql`select ${input.orgId}::text as organization_id, ${input.subject}::text as subject`;
  const [row] = await queryRows<{ count: number; previous: number }>(
    db,
    sql`with ${countRequestCtes(subjects, input.window, input.calls)} select count, previous from counted_with_previous`,
  );
  return { count: Number(row.count), previous: Number(row.previous) };
}

/** Drops the subject's windows older than `before` (they no longer weigh in any estimate). */
export async function deleteWindowsBefore(db: Db, orgId: string, subject: string, before: Date): Promise<void> {
  await db
    .delete(rateLimitCounters)
    .where(
      and(
        eq(rateLimitCounters.organizationId, orgId),
        eq(rateLimitCounters.subject, subject),
        lt(rateLimitCounters.windowStart, before),
      ),
    );
}

/** The latest `until` recorded for a lock subject that is still in the future (locks are rows whose window_start is their end). */
export async function lockedUntil(db: Db, orgId: string, subject: string, now: Date): Promise<Date | null> {
  const [row] = await db
    .select({ until: sql<Date | string | null>`max(${rateLimitCounters.windowStart})` })
    .from(rateLimitCounters)
    .where(
      and(
        eq(rateLimitCounters.organizationId, orgId),
        eq(rateLimitCounters.subject, subject),
        gt(rateLimitCounters.windowStart, now),
      ),
    );
  return row?.until ? new Date(row.until) : null;
}

/** Records a lock of `subject` until `until`. */
export async function insertLock(db: Db, orgId: string, subject: string, until: Date): Promise<void> {
  await db
    .insert(rateLimitCounters)
    .values({ organizationId: orgId, subject, windowStart: until, count: 0 })
    .onConflictDoNothing();
}

/** Forgets every counter and lock of the subjects. */
export async function deleteSubjects(db: Db, orgId: string, subjects: string[]): Promise<void> {
  await db
    .delete(rateLimitCounters)
    .where(and(eq(rateLimitCounters.organizationId, orgId), inArray(rateLimitCounters.subject, subjects)));
}
