DROP INDEX "runs_org_created_idx";--> statement-breakpoint
DROP INDEX "runs_org_agent_created_idx";--> statement-breakpoint
CREATE INDEX "runs_org_created_idx" ON "runs" USING btree ("organization_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST,"total_duration_ns");--> statement-breakpoint
CREATE INDEX "runs_org_agent_created_idx" ON "runs" USING btree ("organization_id","agent_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST,"total_duration_ns");