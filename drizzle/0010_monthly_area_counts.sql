CREATE TABLE "monthly_area_counts" (
	"jurisdiction_id" uuid NOT NULL,
	"month" date NOT NULL,
	"layer_id" text NOT NULL,
	"area_id" text NOT NULL,
	"source_type" text NOT NULL,
	"fatal" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "monthly_area_counts_jurisdiction_id_layer_id_area_id_month_source_type_fatal_pk" PRIMARY KEY("jurisdiction_id","layer_id","area_id","month","source_type","fatal")
);
--> statement-breakpoint
-- Dashboards read a layer over a range of months (the daily table has the same index, from 0008).
CREATE INDEX "monthly_area_counts_layer_month_idx" ON "monthly_area_counts" USING btree ("jurisdiction_id","layer_id","month") INCLUDE ("area_id","source_type","fatal","count");
--> statement-breakpoint
-- The months of the counts kept so far.
INSERT INTO "monthly_area_counts" ("jurisdiction_id", "month", "layer_id", "area_id", "source_type", "fatal", "count")
SELECT "jurisdiction_id", date_trunc('month', "day")::date, "layer_id", "area_id", "source_type", "fatal", sum("count")::int
FROM "daily_area_counts" GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum("count") <> 0;
