ALTER TABLE "jurisdictions" ADD COLUMN "public_k" integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE "jurisdictions" ADD COLUMN "partner_k" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "jurisdictions" ADD COLUMN "public_min_population" integer DEFAULT 20000 NOT NULL;