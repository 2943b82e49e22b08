CREATE TABLE "report_deliveries" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"archive_id" uuid NOT NULL,
	"schedule_id" uuid,
	"recipient" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer NOT NULL,
	"last_error" text,
	"last_attempt_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	CONSTRAINT "report_deliveries_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "report_schedules" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"audience" text NOT NULL,
	"format" text NOT NULL,
	"cron" text NOT NULL,
	"recipients" text[] NOT NULL,
	"enabled" boolean NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_run_at" timestamp with time zone,
	"next_run_at" timestamp with time zone NOT NULL,
	"last_error" text,
	CONSTRAINT "report_schedules_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "report_archive" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"audience" text NOT NULL,
	"week" text NOT NULL,
	"format" text NOT NULL,
	"content_type" text NOT NULL,
	"file_name" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"sha256" text NOT NULL,
	"size" integer NOT NULL,
	"made_at" timestamp with time zone NOT NULL,
	"made_by" text,
	"schedule_id" uuid,
	CONSTRAINT "report_archive_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE INDEX "report_deliveries_archive_idx" ON "report_deliveries" USING btree ("jurisdiction_id","archive_id");--> statement-breakpoint
CREATE INDEX "report_deliveries_open_idx" ON "report_deliveries" USING btree ("last_attempt_at") WHERE "report_deliveries"."status" in ('pending', 'failed');--> statement-breakpoint
CREATE INDEX "report_schedules_due_idx" ON "report_schedules" USING btree ("next_run_at") WHERE "report_schedules"."enabled";--> statement-breakpoint
CREATE UNIQUE INDEX "report_archive_made_idx" ON "report_archive" USING btree ("jurisdiction_id","audience","week","format","made_at");--> statement-breakpoint
CREATE INDEX "report_archive_newest_idx" ON "report_archive" USING btree ("jurisdiction_id","made_at","id");