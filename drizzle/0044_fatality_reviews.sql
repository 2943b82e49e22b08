CREATE TABLE "fatality_review_agreements" (
	"jurisdiction_id" uuid NOT NULL,
	"review_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"agreement_version" text NOT NULL,
	"text_hash" text NOT NULL,
	"signed_name" text NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid NOT NULL,
	CONSTRAINT "fatality_review_agreements_jurisdiction_id_review_id_user_id_pk" PRIMARY KEY("jurisdiction_id","review_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "fatality_review_members" (
	"jurisdiction_id" uuid NOT NULL,
	"review_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"enrolled_by" uuid NOT NULL,
	"enrolled_at" timestamp with time zone NOT NULL,
	CONSTRAINT "fatality_review_members_jurisdiction_id_review_id_user_id_pk" PRIMARY KEY("jurisdiction_id","review_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "fatality_review_missed_opportunities" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"review_id" uuid NOT NULL,
	"category" text NOT NULL,
	"description" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "fatality_review_missed_opportunities_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "fatality_review_recommendation_events" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"recommendation_id" uuid NOT NULL,
	"status" text NOT NULL,
	"moved_by" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "fatality_review_recommendation_events_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "fatality_review_recommendations" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"review_id" uuid NOT NULL,
	"text" text NOT NULL,
	"responsible_organization" text NOT NULL,
	"status" text NOT NULL,
	"due_date" date,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "fatality_review_recommendations_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "fatality_reviews" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"overdose_id" uuid NOT NULL,
	"chair_id" uuid NOT NULL,
	"meeting_date" date,
	"status" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "fatality_reviews_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id"),
	CONSTRAINT "fatality_reviews_overdose_unique" UNIQUE("jurisdiction_id","overdose_id")
);
--> statement-breakpoint
CREATE INDEX "fatality_review_missed_opportunities_review_idx" ON "fatality_review_missed_opportunities" USING btree ("jurisdiction_id","review_id");--> statement-breakpoint
CREATE INDEX "fatality_review_recommendation_events_idx" ON "fatality_review_recommendation_events" USING btree ("jurisdiction_id","recommendation_id","at");--> statement-breakpoint
CREATE INDEX "fatality_review_recommendations_review_idx" ON "fatality_review_recommendations" USING btree ("jurisdiction_id","review_id");