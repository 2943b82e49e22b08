CREATE TABLE "linkage_decisions" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"overdose_id" uuid NOT NULL,
	"from_overdose_id" uuid,
	"report_ids" uuid[] NOT NULL,
	"review_id" uuid,
	"closed_review_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"score" double precision,
	"decided_by_type" text NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone NOT NULL,
	"undone_by_type" text,
	"undone_by" text,
	"undone_at" timestamp with time zone,
	CONSTRAINT "linkage_decisions_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE INDEX "linkage_decisions_overdose_idx" ON "linkage_decisions" USING btree ("jurisdiction_id","overdose_id");--> statement-breakpoint
CREATE INDEX "linkage_decisions_review_idx" ON "linkage_decisions" USING btree ("jurisdiction_id","review_id");