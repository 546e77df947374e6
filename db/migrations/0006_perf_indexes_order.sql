DROP INDEX "batches_org_created_idx";--> statement-breakpoint
DROP INDEX "runs_org_created_idx";--> statement-breakpoint
DROP INDEX "runs_org_agent_created_idx";--> statement-breakpoint
DROP INDEX "runs_org_status_created_idx";--> statement-breakpoint
DROP INDEX "runs_org_project_created_idx";--> statement-breakpoint
DROP INDEX "runs_org_stop_reason_created_idx";--> statement-breakpoint
DROP INDEX "runs_org_conversation_idx";--> statement-breakpoint
DROP INDEX "runs_org_template_idx";--> statement-breakpoint
DROP INDEX "steps_org_created_idx";--> statement-breakpoint
DROP INDEX "steps_org_agent_created_idx";--> statement-breakpoint
DROP INDEX "steps_org_model_created_idx";--> statement-breakpoint
DROP INDEX "steps_org_feedback_created_idx";--> statement-breakpoint
CREATE INDEX "batches_org_created_idx" ON "batches" USING btree ("organization_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "runs_org_created_idx" ON "runs" USING btree ("organization_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "runs_org_agent_created_idx" ON "runs" USING btree ("organization_id","agent_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "runs_org_status_created_idx" ON "runs" USING btree ("organization_id","status","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "runs_org_project_created_idx" ON "runs" USING btree ("organization_id","project_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "runs_org_stop_reason_created_idx" ON "runs" USING btree ("organization_id","stop_reason","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "runs_org_conversation_idx" ON "runs" USING btree ("organization_id","conversation_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "runs"."conversation_id" is not null;--> statement-breakpoint
CREATE INDEX "runs_org_template_idx" ON "runs" USING btree ("organization_id","base_template_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "runs"."base_template_id" is not null;--> statement-breakpoint
CREATE INDEX "steps_org_created_idx" ON "steps" USING btree ("organization_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "steps_org_agent_created_idx" ON "steps" USING btree ("organization_id","agent_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "steps_org_model_created_idx" ON "steps" USING btree ("organization_id","model","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "steps_org_feedback_created_idx" ON "steps" USING btree ("organization_id","feedback","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "steps"."feedback" is not null;