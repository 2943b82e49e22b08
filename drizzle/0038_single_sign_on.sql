CREATE TABLE "identity_provider_links" (
	"jurisdiction_id" uuid NOT NULL,
	"provider_id" uuid NOT NULL,
	"oidc_subject" text NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "identity_provider_links_jurisdiction_id_provider_id_oidc_subject_pk" PRIMARY KEY("jurisdiction_id","provider_id","oidc_subject")
);
--> statement-breakpoint
CREATE TABLE "identity_providers" (
	"jurisdiction_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"display_name" text NOT NULL,
	"issuer_url" text NOT NULL,
	"client_id" text NOT NULL,
	"client_secret_key_id" text NOT NULL,
	"client_secret_sealed" "bytea" NOT NULL,
	"scopes" text[] DEFAULT '{openid,email,profile}'::text[] NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"jit_accounts" boolean DEFAULT false NOT NULL,
	"manages_roles" boolean DEFAULT false NOT NULL,
	"role_rules" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "identity_providers_jurisdiction_id_id_pk" PRIMARY KEY("jurisdiction_id","id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "identity_provider_links_user_key" ON "identity_provider_links" USING btree ("jurisdiction_id","provider_id","user_id");--> statement-breakpoint
CREATE INDEX "identity_providers_id_idx" ON "identity_providers" USING btree ("id");