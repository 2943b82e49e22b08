ALTER TABLE "jurisdictions" ADD COLUMN "session_idle_minutes_t3" integer;--> statement-breakpoint
ALTER TABLE "jurisdictions" ADD COLUMN "session_absolute_minutes_t3" integer;--> statement-breakpoint
ALTER TABLE "jurisdictions" ADD COLUMN "session_idle_minutes_t2" integer;--> statement-breakpoint
ALTER TABLE "jurisdictions" ADD COLUMN "session_absolute_minutes_t2" integer;--> statement-breakpoint
ALTER TABLE "jurisdictions" ADD COLUMN "session_idle_minutes_other" integer;--> statement-breakpoint
ALTER TABLE "jurisdictions" ADD COLUMN "session_absolute_minutes_other" integer;