ALTER TABLE "alert_rules" ADD COLUMN "params" json;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD COLUMN "corroboration" text DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD COLUMN "second_method" text;