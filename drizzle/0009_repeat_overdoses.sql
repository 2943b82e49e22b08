ALTER TABLE "persons" ADD COLUMN "match_key" "bytea";--> statement-breakpoint
ALTER TABLE "overdoses" ADD COLUMN "repeat_status" text DEFAULT 'unidentified' NOT NULL;--> statement-breakpoint
CREATE INDEX "persons_match_key_idx" ON "persons" USING btree ("jurisdiction_id","match_key");--> statement-breakpoint
CREATE INDEX "reports_person_idx" ON "reports" USING btree ("jurisdiction_id","person_id") WHERE "reports"."person_id" is not null;--> statement-breakpoint
-- Overdoses stored before have no person match keys yet (`sos keys reseal` computes them), so each
-- counts as unidentified in the new "repeat" dimension until then.
INSERT INTO "daily_dimension_counts" ("jurisdiction_id", "day", "dimension", "value", "count")
SELECT "jurisdiction_id", "occurred_date", 'repeat', 'unidentified', count(*)::int
FROM "overdoses" GROUP BY 1, 2
ON CONFLICT ("jurisdiction_id", "dimension", "value", "day") DO UPDATE SET "count" = EXCLUDED."count";
