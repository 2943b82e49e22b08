CREATE TABLE "report_recipient_settings" (
	"jurisdiction_id" uuid NOT NULL,
	"internal_report_domains" text[] DEFAULT '{}'::text[] NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "report_recipient_settings_jurisdiction_id_pk" PRIMARY KEY("jurisdiction_id")
);
