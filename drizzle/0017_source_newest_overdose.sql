ALTER TABLE "source_activity" ADD COLUMN "newest_occurred_at" timestamp with time zone;
--> statement-breakpoint
-- Sources that reported before this column: their newest accepted report's occurred_at, from the parsed reports.
UPDATE "source_activity" s SET "newest_occurred_at" = n.newest
FROM (
  SELECT "jurisdiction_id", "organization_id", max(("parsed"->>'occurredAt')::timestamptz) AS newest
  FROM "reports" GROUP BY 1, 2
) n
WHERE n."jurisdiction_id" = s."jurisdiction_id" AND n."organization_id" = s."organization_id";
