CREATE TABLE "run_histograms" (
	"organization_id" text NOT NULL,
	"field" smallint NOT NULL,
	"grain" smallint NOT NULL,
	"agent_id" text NOT NULL,
	"project_id" text NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"bucket" smallint NOT NULL,
	"count" bigint NOT NULL,
	CONSTRAINT "run_histograms_pkey" PRIMARY KEY("organization_id","field","grain","agent_id","project_id","period_start","bucket")
);
--> statement-breakpoint
ALTER TABLE "run_histograms" ADD CONSTRAINT "run_histograms_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "runs_org_stop_reason_created_idx" ON "runs" USING btree ("organization_id","stop_reason","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);