ALTER TABLE "reports" ALTER COLUMN "raw" SET DATA TYPE json USING "raw"::json;--> statement-breakpoint
ALTER TABLE "reports" ALTER COLUMN "parsed" SET DATA TYPE json USING "parsed"::json;--> statement-breakpoint
ALTER TABLE "reports" ALTER COLUMN "flags" SET DATA TYPE json USING "flags"::json;