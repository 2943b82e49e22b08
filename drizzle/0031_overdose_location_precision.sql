CREATE TABLE "geocoded_addresses" (
	"jurisdiction_id" uuid NOT NULL,
	"address_hash" text NOT NULL,
	"latitude" double precision,
	"longitude" double precision,
	"precision" text NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	CONSTRAINT "geocoded_addresses_jurisdiction_id_address_hash_pk" PRIMARY KEY("jurisdiction_id","address_hash")
);
--> statement-breakpoint
ALTER TABLE "overdoses" ADD COLUMN "location_precision" text DEFAULT 'none' NOT NULL;--> statement-breakpoint
CREATE INDEX "overdoses_unplaced_idx" ON "overdoses" USING btree ("jurisdiction_id","occurred_at","id") WHERE "overdoses"."location_precision" = 'none';--> statement-breakpoint
-- Overdoses written before geocoding: a point was always sent by the source.
UPDATE "overdoses" SET "location_precision" = 'rooftop' WHERE "latitude" IS NOT NULL AND "longitude" IS NOT NULL;
