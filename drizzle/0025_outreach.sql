CREATE TABLE "outreach_case_overdoses" (
	"jurisdiction_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"overdose_id" uuid NOT NULL,
	"organization_id" uuid,
	"occurred_at" timestamp with time zone NOT NULL,
	"fatal" boolean,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "outreach_case_overdoses_jurisdiction_id_program_id_overdose_id_pk" PRIMARY KEY("jurisdiction_id","program_id","overdose_id")
);
--> statement-breakpoint
CREATE TABLE "outreach_cases" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"kind" text DEFAULT 'post_overdose' NOT NULL,
	"origin" text NOT NULL,
	"pathway" text,
	"person_id" uuid,
	"match_key" text,
	"status" text DEFAULT 'open' NOT NULL,
	"clock_started_at" timestamp with time zone NOT NULL,
	"area_id" text,
	"contact_flags" json NOT NULL,
	"assigned_to" uuid,
	"assigned_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"opened_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"close_reason" text,
	"purged_at" timestamp with time zone,
	CONSTRAINT "outreach_cases_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "outreach_consents" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"recipient" text,
	"method" text NOT NULL,
	"obtained_by" uuid NOT NULL,
	"obtained_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	CONSTRAINT "outreach_consents_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "outreach_contact_attempts" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"method" text NOT NULL,
	"outcome" text NOT NULL,
	"attempted_at" timestamp with time zone NOT NULL,
	"attempted_by" uuid NOT NULL,
	"disclosure" text DEFAULT 'generic_script' NOT NULL,
	"disclosure_consent_id" uuid,
	"materials_left" json NOT NULL,
	"note" text,
	"cap_override_reason" text,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "outreach_contact_attempts_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "outreach_program_members" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"user_id" uuid,
	"display_name" text NOT NULL,
	"agency" text NOT NULL,
	"team_role" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "outreach_program_members_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "outreach_programs" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"organization_id" uuid NOT NULL,
	"service_areas" json NOT NULL,
	"response_window_hours" integer DEFAULT 72 NOT NULL,
	"attempt_cap" integer DEFAULT 5 NOT NULL,
	"phone_first" boolean DEFAULT true NOT NULL,
	"law_enforcement_at_visits" text DEFAULT 'never' NOT NULL,
	"infraction_policy" text DEFAULT '' NOT NULL,
	"materials_allowed" json NOT NULL,
	"family_support" boolean DEFAULT false NOT NULL,
	"retention_days" integer DEFAULT 730 NOT NULL,
	"privacy_contact" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "outreach_programs_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "outreach_visits" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"visited_at" timestamp with time zone NOT NULL,
	"location_type" text NOT NULL,
	"present" json NOT NULL,
	"law_enforcement_present" boolean NOT NULL,
	"law_enforcement_dress" text,
	"services_offered" json NOT NULL,
	"services_accepted" json NOT NULL,
	"risk_reduction_plan" text,
	"network_reached" json NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "outreach_visits_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE INDEX "outreach_case_overdoses_case_idx" ON "outreach_case_overdoses" USING btree ("jurisdiction_id","case_id");--> statement-breakpoint
CREATE INDEX "outreach_cases_queue_idx" ON "outreach_cases" USING btree ("jurisdiction_id","program_id","status","clock_started_at");--> statement-breakpoint
CREATE INDEX "outreach_cases_match_idx" ON "outreach_cases" USING btree ("jurisdiction_id","program_id","match_key");--> statement-breakpoint
CREATE INDEX "outreach_cases_person_idx" ON "outreach_cases" USING btree ("jurisdiction_id","person_id");--> statement-breakpoint
CREATE INDEX "outreach_consents_case_idx" ON "outreach_consents" USING btree ("jurisdiction_id","case_id");--> statement-breakpoint
CREATE INDEX "outreach_contact_attempts_case_idx" ON "outreach_contact_attempts" USING btree ("jurisdiction_id","case_id","attempted_at");--> statement-breakpoint
CREATE INDEX "outreach_program_members_user_idx" ON "outreach_program_members" USING btree ("jurisdiction_id","user_id");--> statement-breakpoint
CREATE INDEX "outreach_program_members_program_idx" ON "outreach_program_members" USING btree ("jurisdiction_id","program_id");--> statement-breakpoint
CREATE INDEX "outreach_visits_case_idx" ON "outreach_visits" USING btree ("jurisdiction_id","case_id","visited_at");