CREATE TABLE "linkage_reviews" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"report_id" uuid NOT NULL,
	"report_overdose_id" uuid NOT NULL,
	"candidate_overdose_id" uuid NOT NULL,
	"score" double precision NOT NULL,
	"reasons" json NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"decided_by_type" text,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	CONSTRAINT "linkage_reviews_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "linkage_reviews_pair_key" ON "linkage_reviews" USING btree ("jurisdiction_id","report_id","candidate_overdose_id");--> statement-breakpoint
CREATE INDEX "linkage_reviews_status_idx" ON "linkage_reviews" USING btree ("jurisdiction_id","status","created_at");