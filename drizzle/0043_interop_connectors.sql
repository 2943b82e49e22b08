CREATE TABLE "interop_connectors" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"target_url" text NOT NULL,
	"organization_id" uuid,
	"sharing_agreement_id" uuid NOT NULL,
	"secret_key_id" text NOT NULL,
	"secret_sealed" "bytea" NOT NULL,
	"enabled" boolean NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "interop_connectors_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "interop_deliveries" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"connector_id" uuid NOT NULL,
	"overdose_id" uuid,
	"kind" text NOT NULL,
	"body" text NOT NULL,
	"body_sha256" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer NOT NULL,
	"last_error" text,
	"last_status_code" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "interop_deliveries_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "interop_deliveries_body_key" ON "interop_deliveries" USING btree ("jurisdiction_id","connector_id","overdose_id","body_sha256");--> statement-breakpoint
CREATE INDEX "interop_deliveries_connector_idx" ON "interop_deliveries" USING btree ("jurisdiction_id","connector_id","created_at");