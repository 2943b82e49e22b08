CREATE TABLE "audit_finding_cursors" (
	"jurisdiction_id" uuid NOT NULL,
	"last_seq" bigint NOT NULL,
	CONSTRAINT "audit_finding_cursors_jurisdiction_id_pk" PRIMARY KEY("jurisdiction_id")
);
--> statement-breakpoint
CREATE TABLE "audit_findings" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"actor_id" text NOT NULL,
	"day" date NOT NULL,
	"seq" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"found_at" timestamp with time zone NOT NULL,
	"mailed_at" timestamp with time zone,
	CONSTRAINT "audit_findings_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "audit_findings_entry_key" ON "audit_findings" USING btree ("jurisdiction_id","kind","seq");--> statement-breakpoint
CREATE INDEX "audit_findings_day_idx" ON "audit_findings" USING btree ("jurisdiction_id","kind","actor_id","day");--> statement-breakpoint
CREATE INDEX "audit_entries_actor_idx" ON "audit_entries" USING btree ("jurisdiction_id","actor_id","seq");--> statement-breakpoint
CREATE INDEX "audit_entries_at_idx" ON "audit_entries" USING btree ("jurisdiction_id","at");