CREATE TABLE "sign_in_throttles" (
	"key" text NOT NULL,
	"failures" integer NOT NULL,
	"last_failure_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sign_in_throttles_key_pk" PRIMARY KEY("key")
);
--> statement-breakpoint
DROP INDEX "users_email_idx";--> statement-breakpoint
DROP INDEX "users_email_key";--> statement-breakpoint
CREATE INDEX "sign_in_throttles_last_failure_idx" ON "sign_in_throttles" USING btree ("last_failure_at");--> statement-breakpoint
-- Hand-written, placed before the new index that it makes possible. Emails become unique across the
-- deployment: before, one email could be given to users of two jurisdictions and then neither could
-- sign in. The earliest user with an email keeps it; each later one is disabled and renamed
-- "<email>#duplicate-<id>", so that nothing is deleted and an administrator can still find it.
UPDATE "users" u SET "email" = u."email" || '#duplicate-' || u."id", "disabled_at" = coalesce(u."disabled_at", now())
FROM (
  SELECT "jurisdiction_id", "id",
    row_number() OVER (PARTITION BY lower(trim("email")) ORDER BY "created_at", "id") AS "rank"
  FROM "users"
) d
WHERE d."jurisdiction_id" = u."jurisdiction_id" AND d."id" = u."id" AND d."rank" > 1;--> statement-breakpoint
UPDATE "users" SET "email" = lower(trim("email")) WHERE "email" <> lower(trim("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree (lower("email"));--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "failed_logins";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "locked_until";