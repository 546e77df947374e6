CREATE INDEX "messages_run_fk_idx" ON "messages" USING btree ("run_id") WHERE "messages"."run_id" is not null;--> statement-breakpoint
CREATE INDEX "messages_step_fk_idx" ON "messages" USING btree ("step_id") WHERE "messages"."step_id" is not null;--> statement-breakpoint
CREATE INDEX "steps_run_fk_idx" ON "steps" USING btree ("run_id") WHERE "steps"."run_id" is not null;