-- Overdoses, reports and the rollups partitioned by time, one partition a year (issue 19; the design is in
-- docs/ARCHITECTURE.md, "Partitions by year"). drizzle-kit cannot declare partitions, so this is written by
-- hand; the schema files carry the new keys, so the next generate finds nothing to do.
--
-- Each table is converted in place: the old one is renamed and stripped of its keys and indexes, a
-- partitioned table of the same columns takes its name, a partition is made for every year that has rows
-- and for this year and the next, plus a default partition for anything else; the rows are moved, and the
-- keys and indexes are made last (built once per partition rather than row by row); the old table goes.
-- Keys gain the partition key, as PostgreSQL requires; every key keeps jurisdiction_id first.
ALTER TABLE "overdoses" RENAME TO "overdoses_unpartitioned";--> statement-breakpoint
ALTER TABLE "overdoses_unpartitioned" DROP CONSTRAINT "overdoses_jurisdiction_id_id_pk";--> statement-breakpoint
DROP INDEX "overdoses_date_idx";--> statement-breakpoint
DROP INDEX "overdoses_cell_time_idx";--> statement-breakpoint
DROP INDEX "overdoses_unplaced_idx";--> statement-breakpoint
CREATE TABLE "overdoses" (LIKE "overdoses_unpartitioned" INCLUDING DEFAULTS) PARTITION BY RANGE ("occurred_date");--> statement-breakpoint
ALTER TABLE "reports" RENAME TO "reports_unpartitioned";--> statement-breakpoint
ALTER TABLE "reports_unpartitioned" DROP CONSTRAINT "reports_jurisdiction_id_id_pk";--> statement-breakpoint
DROP INDEX "reports_source_record_key";--> statement-breakpoint
DROP INDEX "reports_overdose_idx";--> statement-breakpoint
DROP INDEX "reports_person_idx";--> statement-breakpoint
CREATE TABLE "reports" (LIKE "reports_unpartitioned" INCLUDING DEFAULTS) PARTITION BY RANGE ("received_at");--> statement-breakpoint
ALTER TABLE "daily_area_counts" RENAME TO "daily_area_counts_unpartitioned";--> statement-breakpoint
ALTER TABLE "daily_area_counts_unpartitioned" DROP CONSTRAINT "daily_area_counts_jurisdiction_id_layer_id_area_id_day_source_t";--> statement-breakpoint
DROP INDEX "daily_area_counts_layer_day_idx";--> statement-breakpoint
CREATE TABLE "daily_area_counts" (LIKE "daily_area_counts_unpartitioned" INCLUDING DEFAULTS) PARTITION BY RANGE ("day");--> statement-breakpoint
ALTER TABLE "monthly_area_counts" RENAME TO "monthly_area_counts_unpartitioned";--> statement-breakpoint
ALTER TABLE "monthly_area_counts_unpartitioned" DROP CONSTRAINT "monthly_area_counts_jurisdiction_id_layer_id_area_id_month_sour";--> statement-breakpoint
DROP INDEX "monthly_area_counts_layer_month_idx";--> statement-breakpoint
CREATE TABLE "monthly_area_counts" (LIKE "monthly_area_counts_unpartitioned" INCLUDING DEFAULTS) PARTITION BY RANGE ("month");--> statement-breakpoint
ALTER TABLE "daily_dimension_counts" RENAME TO "daily_dimension_counts_unpartitioned";--> statement-breakpoint
ALTER TABLE "daily_dimension_counts_unpartitioned" DROP CONSTRAINT "daily_dimension_counts_jurisdiction_id_dimension_value_day_pk";--> statement-breakpoint
CREATE TABLE "daily_dimension_counts" (LIKE "daily_dimension_counts_unpartitioned" INCLUDING DEFAULTS) PARTITION BY RANGE ("day");--> statement-breakpoint
-- Years are cut in UTC for received_at (a timestamptz); the date columns are already local calendar days.
DO $$
DECLARE
  t record;
  y int;
BEGIN
  FOR t IN SELECT * FROM (VALUES
    ('overdoses', 'occurred_date', false),
    ('reports', 'received_at', true),
    ('daily_area_counts', 'day', false),
    ('monthly_area_counts', 'month', false),
    ('daily_dimension_counts', 'day', false)) AS v(name, key, instant)
  LOOP
    FOR y IN EXECUTE format(
      'SELECT DISTINCT extract(year FROM %s)::int FROM %I
       UNION SELECT extract(year FROM now() AT TIME ZONE ''UTC'')::int
       UNION SELECT extract(year FROM now() AT TIME ZONE ''UTC'')::int + 1',
      CASE WHEN t.instant THEN format('%I AT TIME ZONE ''UTC''', t.key) ELSE quote_ident(t.key) END,
      t.name || '_unpartitioned')
    LOOP
      EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
        t.name || '_y' || y, t.name,
        lpad(y::text, 4, '0') || '-01-01' || CASE WHEN t.instant THEN ' 00:00:00+00' ELSE '' END,
        lpad((y + 1)::text, 4, '0') || '-01-01' || CASE WHEN t.instant THEN ' 00:00:00+00' ELSE '' END);
    END LOOP;
    EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', t.name || '_default', t.name);
    EXECUTE format('INSERT INTO %I SELECT * FROM %I', t.name, t.name || '_unpartitioned');
    EXECUTE format('DROP TABLE %I', t.name || '_unpartitioned');
  END LOOP;
END $$;--> statement-breakpoint
ALTER TABLE "overdoses" ADD CONSTRAINT "overdoses_jurisdiction_id_id_occurred_date_pk" PRIMARY KEY("jurisdiction_id","id","occurred_date");--> statement-breakpoint
CREATE INDEX "overdoses_date_idx" ON "overdoses" USING btree ("jurisdiction_id","occurred_date");--> statement-breakpoint
CREATE INDEX "overdoses_cell_time_idx" ON "overdoses" USING btree ("jurisdiction_id","h3_r7","occurred_at");--> statement-breakpoint
CREATE INDEX "overdoses_unplaced_idx" ON "overdoses" USING btree ("jurisdiction_id","occurred_at","id") WHERE "overdoses"."location_precision" = 'none';--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_jurisdiction_id_id_received_at_pk" PRIMARY KEY("jurisdiction_id","id","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "reports_source_record_key" ON "reports" USING btree ("jurisdiction_id","organization_id","source_record_id","version","received_at");--> statement-breakpoint
CREATE INDEX "reports_overdose_idx" ON "reports" USING btree ("jurisdiction_id","overdose_id");--> statement-breakpoint
CREATE INDEX "reports_person_idx" ON "reports" USING btree ("jurisdiction_id","person_id") WHERE "reports"."person_id" is not null;--> statement-breakpoint
ALTER TABLE "daily_area_counts" ADD CONSTRAINT "daily_area_counts_jurisdiction_id_layer_id_area_id_day_source_t" PRIMARY KEY("jurisdiction_id","layer_id","area_id","day","source_type","fatal");--> statement-breakpoint
CREATE INDEX "daily_area_counts_layer_day_idx" ON "daily_area_counts" ("jurisdiction_id", "layer_id", "day") INCLUDE ("area_id", "source_type", "fatal", "count");--> statement-breakpoint
ALTER TABLE "monthly_area_counts" ADD CONSTRAINT "monthly_area_counts_jurisdiction_id_layer_id_area_id_month_sour" PRIMARY KEY("jurisdiction_id","layer_id","area_id","month","source_type","fatal");--> statement-breakpoint
CREATE INDEX "monthly_area_counts_layer_month_idx" ON "monthly_area_counts" USING btree ("jurisdiction_id","layer_id","month") INCLUDE ("area_id","source_type","fatal","count");--> statement-breakpoint
ALTER TABLE "daily_dimension_counts" ADD CONSTRAINT "daily_dimension_counts_jurisdiction_id_dimension_value_day_pk" PRIMARY KEY("jurisdiction_id","dimension","value","day");--> statement-breakpoint
ANALYZE "overdoses";--> statement-breakpoint
ANALYZE "reports";
