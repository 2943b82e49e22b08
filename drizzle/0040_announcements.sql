CREATE TABLE "announcements" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"made_at" timestamp with time zone NOT NULL,
	"made_by" uuid NOT NULL,
	"audience" text NOT NULL,
	"language" text NOT NULL,
	"level" text NOT NULL,
	"area_id" text,
	"area_name" text NOT NULL,
	"as_of_week" text NOT NULL,
	"message" text,
	"figures" json NOT NULL,
	"content" json NOT NULL,
	"jurisdiction_name" text NOT NULL,
	CONSTRAINT "announcements_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE INDEX "announcements_made_at_idx" ON "announcements" USING btree ("jurisdiction_id","made_at","id");