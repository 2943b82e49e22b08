CREATE TABLE "linkage_models" (
	"jurisdiction_id" uuid NOT NULL,
	"model" json NOT NULL,
	"pair_count" integer NOT NULL,
	"report_count" integer NOT NULL,
	"converged" boolean NOT NULL,
	"estimated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "linkage_models_jurisdiction_id_pk" PRIMARY KEY("jurisdiction_id")
);
