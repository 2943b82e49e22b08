CREATE TABLE "responder_peer_contacts" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"phone" text,
	"email" text,
	"position" integer NOT NULL,
	CONSTRAINT "responder_peer_contacts_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE INDEX "responder_exposures_token_idx" ON "responder_exposures" USING btree ("token_hash") WHERE "responder_exposures"."token_hash" is not null;