CREATE TABLE "recovery_codes" (
	"jurisdiction_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"code_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	CONSTRAINT "recovery_codes_jurisdiction_id_user_id_code_hash_pk" PRIMARY KEY("jurisdiction_id","user_id","code_hash")
);
--> statement-breakpoint
CREATE TABLE "remembered_devices" (
	"jurisdiction_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "remembered_devices_jurisdiction_id_token_hash_pk" PRIMARY KEY("jurisdiction_id","token_hash")
);
--> statement-breakpoint
CREATE TABLE "second_factors" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"confirmed_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"totp_secret_key_id" text,
	"totp_secret_sealed" "bytea",
	"totp_last_step" bigint,
	"webauthn_credential_id" text,
	"webauthn_public_key" "bytea",
	"webauthn_counter" bigint,
	"webauthn_transports" text[],
	CONSTRAINT "second_factors_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE TABLE "webauthn_challenges" (
	"jurisdiction_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"ceremony" text NOT NULL,
	"challenge" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "webauthn_challenges_jurisdiction_id_session_id_ceremony_pk" PRIMARY KEY("jurisdiction_id","session_id","ceremony")
);
--> statement-breakpoint
CREATE INDEX "remembered_devices_user_idx" ON "remembered_devices" USING btree ("jurisdiction_id","user_id");--> statement-breakpoint
CREATE INDEX "second_factors_user_idx" ON "second_factors" USING btree ("jurisdiction_id","user_id");