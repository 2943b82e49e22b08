CREATE TABLE "alert_deliveries" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"alert_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"audience" text,
	"target" text NOT NULL,
	"attempts" integer NOT NULL,
	"status" text NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	CONSTRAINT "alert_deliveries_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "alert_rules" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"scope" json NOT NULL,
	"method" text NOT NULL,
	"minimum_count" integer NOT NULL,
	"cool_down_minutes" integer NOT NULL,
	"email_audiences" json NOT NULL,
	"webhook_url" text,
	"webhook_secret_key_id" text,
	"webhook_secret_sealed" "bytea",
	"enabled" boolean NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "alert_rules_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"rule_id" uuid NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"count" integer NOT NULL,
	"threshold" integer NOT NULL,
	"status" text NOT NULL,
	"details" json NOT NULL,
	CONSTRAINT "alerts_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE INDEX "alert_deliveries_alert_idx" ON "alert_deliveries" USING btree ("jurisdiction_id","alert_id");--> statement-breakpoint
CREATE INDEX "alerts_rule_raised_idx" ON "alerts" USING btree ("jurisdiction_id","rule_id","raised_at");