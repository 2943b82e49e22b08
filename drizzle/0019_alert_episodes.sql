ALTER TABLE "alerts" ADD COLUMN "peak_count" integer;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "last_window_end" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "ended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
-- Hand-written: alerts raised before episodes are episodes of their own window, already ended (so the
-- next signal opens a new one after the cool-down, as before).
UPDATE "alerts" SET "peak_count" = "count", "last_window_end" = "window_end", "ended_at" = "window_end",
  "updated_at" = "raised_at";--> statement-breakpoint
ALTER TABLE "alerts" ALTER COLUMN "peak_count" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ALTER COLUMN "last_window_end" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ALTER COLUMN "updated_at" SET NOT NULL;
