ALTER TABLE "outreach_referral_events" ADD COLUMN "position" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "outreach_referrals" ADD COLUMN "service_organization_name" text;