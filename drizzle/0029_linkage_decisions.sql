CREATE TABLE "linkage_decisions" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"overdose_id" uuid NOT NULL,
	"from_overdose_id" uuid,
	"report_ids" uuid[] NOT NULL,
	"review_id" uuid,
	"closed_review_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"score" double precision,
	"decided_by_type" text NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone NOT NULL,
	"undone_by_type" text,
	"undone_by" text,
	"undone_at" timestamp with time zone,
	CONSTRAINT "linkage_decisions_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE INDEX "linkage_decisions_overdose_idx" ON "linkage_decisions" USING btree ("jurisdiction_id","overdose_id");--> statement-breakpoint
CREATE INDEX "linkage_decisions_review_idx" ON "linkage_decisions" USING btree ("jurisdiction_id","review_id");--> statement-breakpoint
-- Per-source counts and the share linked: two new dimensions of daily_dimension_counts, counted here
-- for the overdoses already stored (intake keeps them current from now on).
INSERT INTO "daily_dimension_counts" ("jurisdiction_id", "dimension", "value", "day", "count")
SELECT o."jurisdiction_id", 'reported_by', t."type", o."occurred_date", count(*)::int
FROM "overdoses" o CROSS JOIN LATERAL (SELECT DISTINCT unnest(o."source_types")) AS t("type")
GROUP BY 1, 3, 4
ON CONFLICT ("jurisdiction_id", "dimension", "value", "day")
DO UPDATE SET "count" = "daily_dimension_counts"."count" + excluded."count";
--> statement-breakpoint
INSERT INTO "daily_dimension_counts" ("jurisdiction_id", "dimension", "value", "day", "count")
SELECT "jurisdiction_id", 'linked', CASE WHEN "report_count" > 1 THEN 'linked' ELSE 'single' END, "occurred_date", count(*)::int
FROM "overdoses"
GROUP BY 1, 3, 4
ON CONFLICT ("jurisdiction_id", "dimension", "value", "day")
DO UPDATE SET "count" = "daily_dimension_counts"."count" + excluded."count";
