CREATE TABLE "run_tools" (
	"organization_id" text NOT NULL,
	"tool_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"run_id" text NOT NULL,
	CONSTRAINT "run_tools_pkey" PRIMARY KEY("organization_id","tool_id","created_at","run_id")
);
--> statement-breakpoint
DROP INDEX "run_metrics_tools_idx";--> statement-breakpoint
ALTER TABLE "run_tools" ADD CONSTRAINT "run_tools_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "run_tools_run_idx" ON "run_tools" USING btree ("run_id");--> statement-breakpoint
-- Back-fill: one row per tool of every run's run_metrics.tools_used, created_at copied from the run in SQL (a
-- JS Date would drop its microseconds). From now on the statement that ends a run writes them with tools_used.
INSERT INTO "run_tools" ("organization_id", "tool_id", "created_at", "run_id")
SELECT m."organization_id", t, r."created_at", r."id"
FROM "run_metrics" m JOIN "runs" r ON r."id" = m."id", unnest(m."tools_used") t
ON CONFLICT DO NOTHING;
