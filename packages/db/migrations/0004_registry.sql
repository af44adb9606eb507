CREATE TABLE "consortium_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"consortium_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"version" integer NOT NULL,
	"file_id" uuid NOT NULL,
	"effective_on" date,
	"note" text,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consortium_leads" (
	"consortium_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"lead_kind" text NOT NULL,
	CONSTRAINT "consortium_leads_consortium_id_org_id_pk" PRIMARY KEY("consortium_id","org_id")
);
--> statement-breakpoint
CREATE TABLE "consortium_parks" (
	"consortium_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	CONSTRAINT "consortium_parks_consortium_id_org_id_pk" PRIMARY KEY("consortium_id","org_id")
);
--> statement-breakpoint
CREATE TABLE "consortium_platforms" (
	"consortium_id" uuid PRIMARY KEY NOT NULL,
	"legal_entity_name" text NOT NULL,
	"credit_code" text,
	"entity_type" text,
	"manager_name" text,
	"manager_phone_enc" text,
	"manager_phone_masked" text,
	"established_on" date,
	"note" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consortium_status_history" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "consortium_status_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"consortium_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"decided_on" date NOT NULL,
	"reason" text NOT NULL,
	"document_no" text,
	"decided_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "council_resolutions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"consortium_id" uuid NOT NULL,
	"meeting_date" date NOT NULL,
	"title" text NOT NULL,
	"attendees" text[] NOT NULL,
	"body" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "council_seats" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"consortium_id" uuid NOT NULL,
	"seat" text NOT NULL,
	"person_name" text NOT NULL,
	"person_title" text,
	"org_id" uuid NOT NULL,
	"term_start" date NOT NULL,
	"term_end" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"mime" text NOT NULL,
	"original_name" text NOT NULL,
	"storage_key" text NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "org_certifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"level" text NOT NULL,
	"granted_on" date NOT NULL,
	"expires_on" date,
	"issuer" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "org_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"title" text,
	"phone_enc" text,
	"phone_masked" text,
	"email" text,
	"is_primary" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "consortium_members" DROP CONSTRAINT "consortium_members_consortium_id_org_id_pk";--> statement-breakpoint
ALTER TABLE "consortia" ADD COLUMN "region" text;--> statement-breakpoint
ALTER TABLE "consortia" ADD COLUMN "description" text;--> statement-breakpoint
ALTER TABLE "consortia" ADD COLUMN "cluster_codes" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "consortia" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "consortium_members" ADD COLUMN "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
ALTER TABLE "consortium_members" ADD COLUMN "left_reason" text;--> statement-breakpoint
ALTER TABLE "consortium_members" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "abbreviation" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "school_level" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "cluster_codes" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "industry_codes" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "above_scale" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "website" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "created_by" uuid;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "consortium_documents" ADD CONSTRAINT "consortium_documents_consortium_id_consortia_id_fk" FOREIGN KEY ("consortium_id") REFERENCES "public"."consortia"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consortium_documents" ADD CONSTRAINT "consortium_documents_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consortium_leads" ADD CONSTRAINT "consortium_leads_consortium_id_consortia_id_fk" FOREIGN KEY ("consortium_id") REFERENCES "public"."consortia"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consortium_leads" ADD CONSTRAINT "consortium_leads_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consortium_parks" ADD CONSTRAINT "consortium_parks_consortium_id_consortia_id_fk" FOREIGN KEY ("consortium_id") REFERENCES "public"."consortia"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consortium_parks" ADD CONSTRAINT "consortium_parks_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consortium_platforms" ADD CONSTRAINT "consortium_platforms_consortium_id_consortia_id_fk" FOREIGN KEY ("consortium_id") REFERENCES "public"."consortia"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consortium_status_history" ADD CONSTRAINT "consortium_status_history_consortium_id_consortia_id_fk" FOREIGN KEY ("consortium_id") REFERENCES "public"."consortia"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_resolutions" ADD CONSTRAINT "council_resolutions_consortium_id_consortia_id_fk" FOREIGN KEY ("consortium_id") REFERENCES "public"."consortia"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_seats" ADD CONSTRAINT "council_seats_consortium_id_consortia_id_fk" FOREIGN KEY ("consortium_id") REFERENCES "public"."consortia"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_seats" ADD CONSTRAINT "council_seats_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_certifications" ADD CONSTRAINT "org_certifications_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_contacts" ADD CONSTRAINT "org_contacts_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "consortium_documents_version_uq" ON "consortium_documents" USING btree ("consortium_id","kind","title","version");--> statement-breakpoint
CREATE INDEX "consortium_status_history_idx" ON "consortium_status_history" USING btree ("consortium_id");--> statement-breakpoint
CREATE INDEX "council_resolutions_consortium_idx" ON "council_resolutions" USING btree ("consortium_id");--> statement-breakpoint
CREATE INDEX "council_seats_consortium_idx" ON "council_seats" USING btree ("consortium_id");--> statement-breakpoint
CREATE UNIQUE INDEX "council_seats_one_chair_uq" ON "council_seats" USING btree ("consortium_id","seat") WHERE seat in ('chair', 'secretary_general') and term_end is null;--> statement-breakpoint
CREATE INDEX "org_certifications_org_idx" ON "org_certifications" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "org_certifications_kind_idx" ON "org_certifications" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "org_contacts_org_idx" ON "org_contacts" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "consortium_members_consortium_idx" ON "consortium_members" USING btree ("consortium_id");--> statement-breakpoint
CREATE UNIQUE INDEX "consortium_members_active_uq" ON "consortium_members" USING btree ("consortium_id","org_id") WHERE left_on is null;--> statement-breakpoint
CREATE INDEX "organizations_district_idx" ON "organizations" USING btree ("district_code");