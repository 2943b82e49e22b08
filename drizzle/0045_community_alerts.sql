CREATE TABLE "community_alerts" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"status" text NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"layer_id" text NOT NULL,
	"area_ids" json NOT NULL,
	"alert_id" uuid,
	"drug_check_signal_id" text,
	"public_message" text NOT NULL,
	"public_sms" text NOT NULL,
	"people_who_use_drugs_message" text NOT NULL,
	"people_who_use_drugs_sms" text NOT NULL,
	"partners_message" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	"approved_version" integer,
	"sent_by" uuid,
	"sent_at" timestamp with time zone,
	CONSTRAINT "community_alerts_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "community_messages" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"subscriber_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"channel" text NOT NULL,
	"community_alert_id" uuid,
	"area_names" json,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "community_messages_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "community_subscribers" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"channel" text NOT NULL,
	"address_key_id" text NOT NULL,
	"address_sealed" "bytea" NOT NULL,
	"address_hash" text NOT NULL,
	"audience" text NOT NULL,
	"language" text NOT NULL,
	"status" text NOT NULL,
	"requested_area_ids" json,
	"requested_audience" text,
	"confirm_token_hash" text,
	"confirm_expires_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"confirmed_at" timestamp with time zone,
	"stopped_at" timestamp with time zone,
	CONSTRAINT "community_subscribers_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "community_subscription_areas" (
	"jurisdiction_id" uuid NOT NULL,
	"subscriber_id" uuid NOT NULL,
	"layer_id" text NOT NULL,
	"area_id" text NOT NULL,
	CONSTRAINT "community_subscription_areas_jurisdiction_id_subscriber_id_layer_id_area_id_pk" PRIMARY KEY("jurisdiction_id","subscriber_id","layer_id","area_id")
);
--> statement-breakpoint
CREATE INDEX "community_alerts_created_idx" ON "community_alerts" USING btree ("jurisdiction_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "community_messages_alert_idx" ON "community_messages" USING btree ("jurisdiction_id","community_alert_id","subscriber_id") WHERE "community_messages"."community_alert_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "community_subscribers_address_idx" ON "community_subscribers" USING btree ("jurisdiction_id","channel","address_hash");--> statement-breakpoint
CREATE INDEX "community_subscribers_token_idx" ON "community_subscribers" USING btree ("confirm_token_hash") WHERE "community_subscribers"."confirm_token_hash" is not null;--> statement-breakpoint
CREATE INDEX "community_subscription_areas_area_idx" ON "community_subscription_areas" USING btree ("jurisdiction_id","layer_id","area_id");