CREATE TABLE "key_rotations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"new_key_id" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"sealed_total" integer NOT NULL,
	"done" integer DEFAULT 0 NOT NULL
);
