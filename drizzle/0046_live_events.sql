CREATE TABLE "live_event_positions" (
	"jurisdiction_id" uuid PRIMARY KEY NOT NULL,
	"last_position" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "live_events" (
	"jurisdiction_id" uuid NOT NULL,
	"position" bigint NOT NULL,
	"overdose_ids" uuid[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "live_events_jurisdiction_id_position_pk" PRIMARY KEY("jurisdiction_id","position")
);
--> statement-breakpoint
CREATE INDEX "live_events_created" ON "live_events" USING btree ("created_at");