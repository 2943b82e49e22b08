-- Naloxone doses and response join the daily dimension counts (the dashboard's "who is affected"
-- panels read them without scanning overdoses); counts for overdoses stored before are filled in here.
INSERT INTO "daily_dimension_counts" ("jurisdiction_id", "day", "dimension", "value", "count")
SELECT "jurisdiction_id", "occurred_date", 'naloxone_doses', coalesce("naloxone_doses"::text, 'unknown'), count(*)::int
FROM "overdoses" GROUP BY 1, 2, 4
ON CONFLICT ("jurisdiction_id", "dimension", "value", "day") DO UPDATE SET "count" = EXCLUDED."count";
--> statement-breakpoint
INSERT INTO "daily_dimension_counts" ("jurisdiction_id", "day", "dimension", "value", "count")
SELECT "jurisdiction_id", "occurred_date", 'naloxone_response', coalesce("naloxone_response", 'unknown'), count(*)::int
FROM "overdoses" GROUP BY 1, 2, 4
ON CONFLICT ("jurisdiction_id", "dimension", "value", "day") DO UPDATE SET "count" = EXCLUDED."count";
