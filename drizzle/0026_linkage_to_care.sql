CREATE TABLE "sharing_agreements" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"title" text NOT NULL,
	"party_organization_ids" json NOT NULL,
	"purpose" text NOT NULL,
	"data_categories" json NOT NULL,
	"legal_basis" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"document_name" text,
	"document_type" text,
	"document_base64" text,
	"document_sha256" text,
	"public" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sharing_agreements_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "handle_with_care_notices" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"household_member_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"due_by" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"recipient_email" text NOT NULL,
	"sent_at" timestamp with time zone,
	"message_id" text,
	"failure" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "handle_with_care_notices_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "outreach_disclosures" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"subject_id" uuid,
	"recipient_organization_id" uuid,
	"recipient_program_id" uuid,
	"consent_id" uuid NOT NULL,
	"agreement_id" uuid NOT NULL,
	"categories" json NOT NULL,
	"part2" boolean DEFAULT false NOT NULL,
	"notice_included" boolean DEFAULT false NOT NULL,
	"disclosed_by_type" text NOT NULL,
	"disclosed_by" text,
	"disclosed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "outreach_disclosures_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "outreach_household_members" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"relation" text NOT NULL,
	"age_years" integer,
	"caregiver" text,
	"person_id" uuid,
	"school_id" uuid,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "outreach_household_members_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "outreach_referral_events" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"referral_id" uuid NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "outreach_referral_events_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "outreach_referrals" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"service_id" text NOT NULL,
	"service_name" text NOT NULL,
	"receiving_organization_id" uuid,
	"need" text NOT NULL,
	"handoff" text NOT NULL,
	"note" text,
	"status" text NOT NULL,
	"status_reason" text,
	"consent_id" uuid,
	"agreement_id" uuid,
	"part2" boolean DEFAULT false NOT NULL,
	"referred_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"first_attended_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"last_status_at" timestamp with time zone NOT NULL,
	"flagged_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"client_id" uuid,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "outreach_referrals_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "outreach_transfers" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"from_case_id" uuid NOT NULL,
	"from_program_id" uuid NOT NULL,
	"to_program_id" uuid NOT NULL,
	"to_case_id" uuid NOT NULL,
	"consent_id" uuid NOT NULL,
	"agreement_id" uuid NOT NULL,
	"disclosure_id" uuid NOT NULL,
	"transferred_by" uuid NOT NULL,
	"transferred_at" timestamp with time zone NOT NULL,
	CONSTRAINT "outreach_transfers_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "schools" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"district" text,
	"contact_name" text NOT NULL,
	"contact_email" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "schools_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "directory_rows" (
	"jurisdiction_id" uuid NOT NULL,
	"hsds_table" text NOT NULL,
	"id" text NOT NULL,
	"position" integer NOT NULL,
	"fields" json NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "directory_rows_jurisdiction_id_hsds_table_id_pk" PRIMARY KEY("jurisdiction_id","hsds_table","id")
);
--> statement-breakpoint
CREATE TABLE "directory_service_details" (
	"jurisdiction_id" uuid NOT NULL,
	"service_id" text NOT NULL,
	"provider_organization_id" uuid,
	"needs" json NOT NULL,
	"moud" json NOT NULL,
	"same_day_intake" boolean DEFAULT false NOT NULL,
	"walk_in_hours" text,
	"capacity_status" text DEFAULT 'unknown' NOT NULL,
	"waitlist_days" integer,
	"capacity_updated_at" timestamp with time zone,
	"capacity_updated_by" text,
	"insurance" json NOT NULL,
	"cost" text,
	"part2_program" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "directory_service_details_jurisdiction_id_service_id_pk" PRIMARY KEY("jurisdiction_id","service_id")
);
--> statement-breakpoint
CREATE TABLE "coercive_acts" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"performed_at" timestamp with time zone NOT NULL,
	"performed_by" text NOT NULL,
	"justification" text NOT NULL,
	"policy_reference" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "coercive_acts_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "responder_exposures" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"overdose_id" uuid NOT NULL,
	"scene_kinds" json NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"prompt_sent_at" timestamp with time zone,
	"token_hash" text,
	"offer_made" boolean,
	"offer_accepted" boolean,
	"answered_at" timestamp with time zone,
	CONSTRAINT "responder_exposures_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "responder_units" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"supervisor_email" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "responder_units_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
ALTER TABLE "outreach_consents" ADD COLUMN "recipient_organization_id" uuid;--> statement-breakpoint
ALTER TABLE "outreach_consents" ADD COLUMN "recipient_program_id" uuid;--> statement-breakpoint
ALTER TABLE "outreach_programs" ADD COLUMN "referral_answer_days" integer DEFAULT 3 NOT NULL;--> statement-breakpoint
CREATE INDEX "handle_with_care_notices_case_idx" ON "handle_with_care_notices" USING btree ("jurisdiction_id","case_id");--> statement-breakpoint
CREATE INDEX "outreach_disclosures_case_idx" ON "outreach_disclosures" USING btree ("jurisdiction_id","case_id");--> statement-breakpoint
CREATE INDEX "outreach_household_members_case_idx" ON "outreach_household_members" USING btree ("jurisdiction_id","case_id");--> statement-breakpoint
CREATE INDEX "outreach_referral_events_referral_idx" ON "outreach_referral_events" USING btree ("jurisdiction_id","referral_id","at");--> statement-breakpoint
CREATE INDEX "outreach_referrals_case_idx" ON "outreach_referrals" USING btree ("jurisdiction_id","case_id");--> statement-breakpoint
CREATE INDEX "outreach_referrals_receiver_idx" ON "outreach_referrals" USING btree ("jurisdiction_id","receiving_organization_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "responder_exposures_scene_idx" ON "responder_exposures" USING btree ("jurisdiction_id","unit_id","overdose_id");--> statement-breakpoint
CREATE UNIQUE INDEX "responder_units_code_idx" ON "responder_units" USING btree ("jurisdiction_id","organization_id","code");