DROP INDEX "agents_org_created_idx";--> statement-breakpoint
DROP INDEX "callback_deliveries_org_created_idx";--> statement-breakpoint
DROP INDEX "callback_deliveries_org_status_created_idx";--> statement-breakpoint
DROP INDEX "callback_endpoints_org_created_idx";--> statement-breakpoint
DROP INDEX "received_callbacks_org_received_idx";--> statement-breakpoint
DROP INDEX "received_callbacks_org_endpoint_received_idx";--> statement-breakpoint
DROP INDEX "audit_log_org_created_idx";--> statement-breakpoint
CREATE INDEX "agents_org_created_idx" ON "agents" USING btree ("organization_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "callback_deliveries_org_created_idx" ON "callback_deliveries" USING btree ("organization_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "callback_deliveries_org_status_created_idx" ON "callback_deliveries" USING btree ("organization_id","status","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "callback_endpoints_org_created_idx" ON "callback_endpoints" USING btree ("organization_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "received_callbacks_org_received_idx" ON "received_callbacks" USING btree ("organization_id","first_received_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "received_callbacks_org_endpoint_received_idx" ON "received_callbacks" USING btree ("organization_id","endpoint_id","first_received_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "audit_log_org_created_idx" ON "audit_log" USING btree ("organization_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);