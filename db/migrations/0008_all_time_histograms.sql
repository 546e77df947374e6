-- All-time roll-ups (grain 0, period_start = the epoch) of the org and project levels, so an all-time percentile
-- reads one row per bucket instead of one per day and bucket. Back-filled from the day roll-ups; from now on the
-- transaction that ends a run maintains them with the other levels.
INSERT INTO "run_histograms" ("organization_id", "field", "grain", "agent_id", "project_id", "period_start", "bucket", "count")
SELECT "organization_id", "field", 0, "agent_id", "project_id", '1970-01-01T00:00:00Z'::timestamptz, "bucket", sum("count")
FROM "run_histograms"
WHERE "grain" = 24 AND "agent_id" = '*'
GROUP BY "organization_id", "field", "agent_id", "project_id", "bucket"
ORDER BY 1, 2, 4, 5, 7
ON CONFLICT DO NOTHING;
