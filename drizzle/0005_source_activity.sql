CREATE TABLE "source_activity" (
	"jurisdiction_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"last_received_at" timestamp with time zone NOT NULL,
	"last_accepted_at" timestamp with time zone,
	"accepted_total" integer NOT NULL,
	CONSTRAINT "source_activity_jurisdiction_id_organization_id_pk" PRIMARY KEY("jurisdiction_id","organization_id")
);
