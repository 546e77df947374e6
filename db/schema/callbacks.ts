import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";
import { batches, runs } from "./runs";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const CALLBACK_EVENTS = ["run.finished", "batch.finished"] as const;
export const DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;
export const ATTEMPT_OUTCOMES = ["delivered", "failed", "refused"] as const;
export type CallbackEvent = (typeof CALLBACK_EVENTS)[number];
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

export const callbackEventEnum = pgEnum("callback_event", CALLBACK_EVENTS);
export const deliveryStatusEnum = pgEnum("callback_delivery_status", DELIVERY_STATUSES);
export const attemptOutcomeEnum = pgEnum("callback_attempt_outcome", ATTEMPT_OUTCOMES);

/** The org's outgoing signing secret (`whsec_…`); after a rotation the previous one still signs until it expires. */
export const callbackSigningSecrets = pgTable("callback_signing_secrets", {
  organizationId: text("organization_id")
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  secret: text("secret").notNull(),
  previousSecret: text("previous_secret"),
  previousExpiresAt: timestamptz("previous_expires_at"),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
  rotatedAt: timestamptz("rotated_at"),
});

/**
 * The outbox: one row per (run or batch, event), inserted in the transaction that ends the run. The body is
 * stored as the exact bytes that are signed and sent, so every retry carries the same body under the same
 * webhook-id. A claim moves `next_attempt_at` to the end of the lease, so a dead worker's row is due again then.
 */
export const callbackDeliveries = pgTable(
  "callback_deliveries",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    projectId: text("project_id"),
    runId: text("run_id").references(() => runs.id, { onDelete: "set null" }),
    batchId: text("batch_id").references(() => batches.id, { onDelete: "set null" }),
    // The object the delivery is about; kept when the run or batch is deleted (the links above go null).
    subjectId: text("subject_id").notNull(),
    event: callbackEventEnum("event").notNull(),
    url: text("url").notNull(),
    body: text("body").notNull(),
    status: deliveryStatusEnum("status").notNull().default("pending"),
    attemptCount: integer("attempt_count").notNull().default(0),
    // Position in the automatic retry schedule (attempts made by the schedule, not manual replays).
    scheduledAttempts: integer("scheduled_attempts").notNull().default(0),
    // A manual replay of a finished delivery: one attempt, whose outcome is final.
    replay: boolean("replay").notNull().default(false),
    nextAttemptAt: timestamptz("next_attempt_at").notNull().defaultNow(),
    claimToken: uuid("claim_token"),
    claimedBy: text("claimed_by"),
    lastAttemptAt: timestamptz("last_attempt_at"),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    deliveredAt: timestamptz("delivered_at"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("callback_deliveries_org_subject_event_key").on(t.organizationId, t.subjectId, t.event),
    index("callback_deliveries_org_created_idx").on(t.organizationId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("callback_deliveries_org_status_created_idx").on(
      t.organizationId,
      t.status,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index("callback_deliveries_org_run_idx")
      .on(t.organizationId, t.runId)
      .where(sql`${t.runId} is not null`),
    // The worker's claim (global, not an org query): due pending rows in time order.
    index("callback_deliveries_due_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
  ],
);

/** The attempt log: one row per POST (or refusal), with the first 4 KB of the response. */
export const callbackAttempts = pgTable(
  "callback_attempts",
  {
    id: uuid("id").primaryKey(),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    deliveryId: text("delivery_id")
      .notNull()
      .references(() => callbackDeliveries.id, { onDelete: "cascade" }),
    attemptNumber: integer("attempt_number").notNull(),
    manual: boolean("manual").notNull().default(false),
    startedAt: timestamptz("started_at").notNull(),
    durationMs: integer("duration_ms").notNull(),
    outcome: attemptOutcomeEnum("outcome").notNull(),
    statusCode: integer("status_code"),
    error: text("error"),
    responseBody: text("response_body"),
    // When the next try was scheduled after this attempt (null: none, the delivery is final).
    nextAttemptAt: timestamptz("next_attempt_at"),
    workerId: text("worker_id"),
  },
  (t) => [index("callback_attempts_org_delivery_idx").on(t.organizationId, t.deliveryId, t.startedAt, t.id)],
);

/** Receiver endpoints: `POST /api/callbacks/<id>`, each with its own `whsec_` secret (rotatable with overlap). */
export const callbackEndpoints = pgTable(
  "callback_endpoints",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    secret: text("secret").notNull(),
    previousSecret: text("previous_secret"),
    previousExpiresAt: timestamptz("previous_expires_at"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    rotatedAt: timestamptz("rotated_at"),
  },
  (t) => [
    index("callback_endpoints_org_created_idx").on(t.organizationId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
  ],
);

/** The inbox: one row per webhook-id per endpoint; a retry of the same id bumps `received_count`. */
export const receivedCallbacks = pgTable(
  "received_callbacks",
  {
    id: uuid("id").primaryKey(),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    endpointId: text("endpoint_id")
      .notNull()
      .references(() => callbackEndpoints.id, { onDelete: "cascade" }),
    webhookId: text("webhook_id").notNull(),
    webhookTimestamp: timestamptz("webhook_timestamp").notNull(),
    payload: jsonb("payload").notNull(),
    receivedCount: integer("received_count").notNull().default(1),
    firstReceivedAt: timestamptz("first_received_at").notNull().defaultNow(),
    lastReceivedAt: timestamptz("last_received_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("received_callbacks_org_endpoint_webhook_key").on(t.organizationId, t.endpointId, t.webhookId),
    index("received_callbacks_org_received_idx").on(
      t.organizationId,
      t.firstReceivedAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index("received_callbacks_org_endpoint_received_idx").on(
      t.organizationId,
      t.endpointId,
      t.firstReceivedAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
  ],
);
