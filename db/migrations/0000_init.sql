CREATE TYPE "public"."batch_status" AS ENUM('running', 'completed');--> statement-breakpoint
CREATE TYPE "public"."feedback" AS ENUM('positive', 'negative');--> statement-breakpoint
CREATE TYPE "public"."message_role" AS ENUM('system', 'user', 'assistant', 'tool', 'approval');--> statement-breakpoint
CREATE TYPE "public"."run_status" AS ENUM('created', 'running', 'completed', 'failed', 'cancelled', 'pending', 'expired');--> statement-breakpoint
CREATE TYPE "public"."step_status" AS ENUM('pending', 'success', 'failed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."stop_reason" AS ENUM('end_turn', 'error', 'llm_api_error', 'invalid_llm_response', 'invalid_tool_call', 'max_steps', 'max_tokens_exceeded', 'no_tool_call', 'tool_rule', 'cancelled', 'insufficient_credits', 'requires_approval', 'context_window_overflow_in_system_prompt');--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"project_id" text,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"display_prefix" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agents" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"project_id" text,
	"name" text NOT NULL,
	"description" text,
	"metadata" jsonb,
	"last_stop_reason" "stop_reason",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tools" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "batches" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"project_id" text,
	"status" "batch_status" DEFAULT 'running' NOT NULL,
	"request_count" integer NOT NULL,
	"completed_count" integer DEFAULT 0 NOT NULL,
	"failed_count" integer DEFAULT 0 NOT NULL,
	"cancelled_count" integer DEFAULT 0 NOT NULL,
	"metadata" jsonb,
	"callback_url" text,
	"callback_sent_at" timestamp with time zone,
	"callback_status_code" integer,
	"callback_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"created_by_id" text
);
--> statement-breakpoint
CREATE TABLE "run_metrics" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"project_id" text,
	"agent_id" text NOT NULL,
	"base_template_id" text,
	"run_start" timestamp with time zone NOT NULL,
	"run_ns" bigint,
	"num_steps" integer DEFAULT 0 NOT NULL,
	"tools_used" text[] DEFAULT '{}'::text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"project_id" text,
	"agent_id" text NOT NULL,
	"batch_id" text,
	"status" "run_status" DEFAULT 'created' NOT NULL,
	"stop_reason" "stop_reason",
	"background" boolean,
	"metadata" jsonb,
	"request_config" jsonb,
	"conversation_id" text,
	"base_template_id" text,
	"callback_url" text,
	"callback_sent_at" timestamp with time zone,
	"callback_status_code" integer,
	"callback_error" text,
	"ttft_ns" bigint,
	"total_duration_ns" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"created_by_id" text,
	"last_updated_by_id" text
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"agent_id" text,
	"run_id" text,
	"step_id" text,
	"role" "message_role" NOT NULL,
	"content" jsonb,
	"tool_calls" jsonb,
	"tool_returns" jsonb,
	"tool_call_id" text,
	"name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "step_metrics" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"run_id" text,
	"agent_id" text,
	"project_id" text,
	"provider_id" text,
	"step_start" timestamp with time zone,
	"llm_request_start" timestamp with time zone,
	"llm_request_ns" bigint,
	"tool_execution_ns" bigint,
	"step_ns" bigint,
	"base_template_id" text,
	"template_id" text
);
--> statement-breakpoint
CREATE TABLE "steps" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"project_id" text,
	"agent_id" text,
	"run_id" text,
	"origin" text,
	"provider_id" text,
	"provider_name" text,
	"provider_category" text,
	"model" text,
	"model_endpoint" text,
	"context_window_limit" integer,
	"completion_tokens" integer DEFAULT 0 NOT NULL,
	"prompt_tokens" integer DEFAULT 0 NOT NULL,
	"total_tokens" integer DEFAULT 0 NOT NULL,
	"completion_tokens_details" jsonb,
	"prompt_tokens_details" jsonb,
	"stop_reason" "stop_reason",
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"tid" text,
	"trace_id" text,
	"request_id" text,
	"feedback" "feedback",
	"error_type" text,
	"error_data" jsonb,
	"status" "step_status" DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by_id" text,
	"last_updated_by_id" text
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agents" ADD CONSTRAINT "agents_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agents" ADD CONSTRAINT "agents_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tools" ADD CONSTRAINT "tools_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batches" ADD CONSTRAINT "batches_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batches" ADD CONSTRAINT "batches_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_metrics" ADD CONSTRAINT "run_metrics_id_runs_id_fk" FOREIGN KEY ("id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_metrics" ADD CONSTRAINT "run_metrics_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batches"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_step_id_steps_id_fk" FOREIGN KEY ("step_id") REFERENCES "public"."steps"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "step_metrics" ADD CONSTRAINT "step_metrics_id_steps_id_fk" FOREIGN KEY ("id") REFERENCES "public"."steps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "step_metrics" ADD CONSTRAINT "step_metrics_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "steps" ADD CONSTRAINT "steps_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "steps" ADD CONSTRAINT "steps_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "steps" ADD CONSTRAINT "steps_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "api_keys_org_idx" ON "api_keys" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "projects_org_name_key" ON "projects" USING btree ("organization_id","name");--> statement-breakpoint
CREATE INDEX "agents_org_created_idx" ON "agents" USING btree ("organization_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "agents_org_name_idx" ON "agents" USING btree ("organization_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "agents_org_id_key" ON "agents" USING btree ("organization_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "tools_org_name_key" ON "tools" USING btree ("organization_id","name");--> statement-breakpoint
CREATE INDEX "batches_org_created_idx" ON "batches" USING btree ("organization_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "run_metrics_org_steps_idx" ON "run_metrics" USING btree ("organization_id","num_steps");--> statement-breakpoint
CREATE INDEX "run_metrics_tools_idx" ON "run_metrics" USING gin ("tools_used");--> statement-breakpoint
CREATE INDEX "runs_org_created_idx" ON "runs" USING btree ("organization_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "runs_org_agent_created_idx" ON "runs" USING btree ("organization_id","agent_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "runs_org_status_created_idx" ON "runs" USING btree ("organization_id","status","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "runs_org_project_created_idx" ON "runs" USING btree ("organization_id","project_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "runs_org_duration_idx" ON "runs" USING btree ("organization_id",coalesce(total_duration_ns, 9223372036854775807),"id");--> statement-breakpoint
CREATE INDEX "runs_org_agent_duration_idx" ON "runs" USING btree ("organization_id","agent_id",coalesce(total_duration_ns, 9223372036854775807),"id");--> statement-breakpoint
CREATE INDEX "runs_org_conversation_idx" ON "runs" USING btree ("organization_id","conversation_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "runs"."conversation_id" is not null;--> statement-breakpoint
CREATE INDEX "runs_org_template_idx" ON "runs" USING btree ("organization_id","base_template_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "runs"."base_template_id" is not null;--> statement-breakpoint
CREATE INDEX "runs_batch_idx" ON "runs" USING btree ("batch_id") WHERE "runs"."batch_id" is not null;--> statement-breakpoint
CREATE INDEX "messages_org_run_created_idx" ON "messages" USING btree ("organization_id","run_id","created_at","id");--> statement-breakpoint
CREATE INDEX "messages_org_step_idx" ON "messages" USING btree ("organization_id","step_id");--> statement-breakpoint
CREATE INDEX "step_metrics_org_run_idx" ON "step_metrics" USING btree ("organization_id","run_id");--> statement-breakpoint
CREATE INDEX "steps_org_run_created_idx" ON "steps" USING btree ("organization_id","run_id","created_at","id");--> statement-breakpoint
CREATE INDEX "steps_org_created_idx" ON "steps" USING btree ("organization_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "steps_org_agent_created_idx" ON "steps" USING btree ("organization_id","agent_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "steps_org_model_created_idx" ON "steps" USING btree ("organization_id","model","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "steps_org_trace_idx" ON "steps" USING btree ("organization_id","trace_id") WHERE "steps"."trace_id" is not null;--> statement-breakpoint
CREATE INDEX "steps_org_feedback_created_idx" ON "steps" USING btree ("organization_id","feedback","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "steps"."feedback" is not null;--> statement-breakpoint
CREATE INDEX "steps_tags_idx" ON "steps" USING gin ("tags");