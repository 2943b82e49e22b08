CREATE TABLE "drug_check_result_areas" (
	"jurisdiction_id" uuid NOT NULL,
	"result_id" uuid NOT NULL,
	"layer_id" text NOT NULL,
	"area_id" text NOT NULL,
	CONSTRAINT "drug_check_result_areas_jurisdiction_id_result_id_layer_id_pk" PRIMARY KEY("jurisdiction_id","result_id","layer_id")
);
--> statement-breakpoint
CREATE TABLE "drug_check_results" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"source_id" text NOT NULL,
	"kind" text NOT NULL,
	"method" text NOT NULL,
	"sold_as" text,
	"substances" text[] NOT NULL,
	"unknown_substances" text[] NOT NULL,
	"week_start" date NOT NULL,
	"content_hash" text NOT NULL,
	CONSTRAINT "drug_check_results_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE INDEX "drug_check_result_areas_area_idx" ON "drug_check_result_areas" USING btree ("jurisdiction_id","layer_id","area_id");--> statement-breakpoint
CREATE UNIQUE INDEX "drug_check_results_source_idx" ON "drug_check_results" USING btree ("jurisdiction_id","organization_id","source_id");--> statement-breakpoint
CREATE INDEX "drug_check_results_week_idx" ON "drug_check_results" USING btree ("jurisdiction_id","week_start");