CREATE TABLE "naloxone_access_points" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"site_type" text NOT NULL,
	"address" text,
	"latitude" double precision NOT NULL,
	"longitude" double precision NOT NULL,
	"layer_id" text,
	"area_id" text,
	"hours" json NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"organization_id" uuid,
	"low_stock_kits" integer DEFAULT 5 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "naloxone_access_points_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "naloxone_distributions" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"source_id" text NOT NULL,
	"site_type" text NOT NULL,
	"layer_id" text NOT NULL,
	"area_id" text NOT NULL,
	"distributed_on" date NOT NULL,
	"date_precision" text NOT NULL,
	"week_start" date NOT NULL,
	"kits" integer NOT NULL,
	"doses_per_kit" integer,
	"access_point_id" uuid,
	"channel" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "naloxone_distributions_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "naloxone_stock_reports" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"access_point_id" uuid NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	"kits_left" integer NOT NULL,
	"restocked" boolean NOT NULL,
	"channel" text NOT NULL,
	CONSTRAINT "naloxone_stock_reports_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "naloxone_distributions_source_idx" ON "naloxone_distributions" USING btree ("jurisdiction_id","organization_id","source_id");--> statement-breakpoint
CREATE INDEX "naloxone_distributions_week_idx" ON "naloxone_distributions" USING btree ("jurisdiction_id","layer_id","week_start");--> statement-breakpoint
CREATE INDEX "naloxone_stock_reports_point_idx" ON "naloxone_stock_reports" USING btree ("jurisdiction_id","access_point_id","reported_at");