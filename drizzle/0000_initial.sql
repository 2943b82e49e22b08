CREATE TABLE "api_keys" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"scopes" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "audit_chain_heads" (
	"jurisdiction_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_chain_heads_jurisdiction_id_pk" PRIMARY KEY("jurisdiction_id")
);
--> statement-breakpoint
CREATE TABLE "audit_entries" (
	"jurisdiction_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"action" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text,
	"purpose" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_entries_jurisdiction_id_seq_pk" PRIMARY KEY("jurisdiction_id","seq")
);
--> statement-breakpoint
CREATE TABLE "jurisdictions" (
	"id" uuid NOT NULL,
	"short_name" text NOT NULL,
	"name" text NOT NULL,
	"time_zone" text NOT NULL,
	"parent_id" uuid,
	"population" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "jurisdictions_id_pk" PRIMARY KEY("id")
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organizations_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"jurisdiction_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "sessions_jurisdiction_id_token_hash_pk" PRIMARY KEY("jurisdiction_id","token_hash")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"email" text NOT NULL,
	"display_name" text NOT NULL,
	"role" text NOT NULL,
	"organization_id" uuid,
	"password_hash" text NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "import_runs" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"preset" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"counts" jsonb,
	CONSTRAINT "import_runs_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "persons" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"key_id" text NOT NULL,
	"sealed" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "persons_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"source_record_id" text NOT NULL,
	"version" integer NOT NULL,
	"payload_hash" text NOT NULL,
	"source_type" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"channel" text NOT NULL,
	"raw" jsonb NOT NULL,
	"parsed" jsonb NOT NULL,
	"flags" jsonb,
	"overdose_id" uuid NOT NULL,
	"person_id" uuid,
	CONSTRAINT "reports_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "areas" (
	"jurisdiction_id" uuid NOT NULL,
	"layer_id" text NOT NULL,
	"area_id" text NOT NULL,
	"name" text NOT NULL,
	"population" integer,
	"geometry" jsonb NOT NULL,
	CONSTRAINT "areas_jurisdiction_id_layer_id_area_id_pk" PRIMARY KEY("jurisdiction_id","layer_id","area_id")
);
--> statement-breakpoint
CREATE TABLE "daily_area_counts" (
	"jurisdiction_id" uuid NOT NULL,
	"day" date NOT NULL,
	"layer_id" text NOT NULL,
	"area_id" text NOT NULL,
	"source_type" text NOT NULL,
	"fatal" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "daily_area_counts_jurisdiction_id_layer_id_area_id_day_source_type_fatal_pk" PRIMARY KEY("jurisdiction_id","layer_id","area_id","day","source_type","fatal")
);
--> statement-breakpoint
CREATE TABLE "daily_dimension_counts" (
	"jurisdiction_id" uuid NOT NULL,
	"day" date NOT NULL,
	"dimension" text NOT NULL,
	"value" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "daily_dimension_counts_jurisdiction_id_dimension_value_day_pk" PRIMARY KEY("jurisdiction_id","dimension","value","day")
);
--> statement-breakpoint
CREATE TABLE "layers" (
	"jurisdiction_id" uuid NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"id_property" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "layers_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "overdose_areas" (
	"jurisdiction_id" uuid NOT NULL,
	"overdose_id" uuid NOT NULL,
	"layer_id" text NOT NULL,
	"area_id" text NOT NULL,
	CONSTRAINT "overdose_areas_jurisdiction_id_overdose_id_layer_id_pk" PRIMARY KEY("jurisdiction_id","overdose_id","layer_id")
);
--> statement-breakpoint
CREATE TABLE "overdoses" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"occurred_date" date NOT NULL,
	"time_known" boolean NOT NULL,
	"latitude" double precision,
	"longitude" double precision,
	"address" text,
	"h3_r7" text,
	"h3_r9" text,
	"fatal" boolean,
	"naloxone_given" boolean,
	"naloxone_doses" integer,
	"naloxone_response" text,
	"age" integer,
	"age_band" text,
	"sex" text,
	"race" text,
	"ethnicity" text,
	"substances" text[] NOT NULL,
	"disposition" text,
	"source_types" text[] NOT NULL,
	"case_definitions" text[] NOT NULL,
	"report_count" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "overdoses_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE INDEX "api_keys_hash_idx" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "jurisdictions_short_name_key" ON "jurisdictions" USING btree ("short_name");--> statement-breakpoint
CREATE INDEX "sessions_token_idx" ON "sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree ("jurisdiction_id","email");--> statement-breakpoint
CREATE INDEX "users_email_idx" ON "users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "import_runs_org_idx" ON "import_runs" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reports_source_record_key" ON "reports" USING btree ("jurisdiction_id","organization_id","source_record_id","version");--> statement-breakpoint
CREATE INDEX "reports_overdose_idx" ON "reports" USING btree ("jurisdiction_id","overdose_id");--> statement-breakpoint
CREATE INDEX "reports_received_idx" ON "reports" USING btree ("jurisdiction_id","organization_id","received_at");--> statement-breakpoint
CREATE INDEX "overdose_areas_area_idx" ON "overdose_areas" USING btree ("jurisdiction_id","layer_id","area_id");--> statement-breakpoint
CREATE INDEX "overdoses_date_idx" ON "overdoses" USING btree ("jurisdiction_id","occurred_date");