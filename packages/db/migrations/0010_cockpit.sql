CREATE TABLE "cockpit_changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cockpit_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"table_name" text NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cockpit_sources" (
	"table_name" text PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	"changed_at" timestamp with time zone,
	"computed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "kpi_history" (
	"kpi_code" text NOT NULL,
	"dimension" text NOT NULL,
	"dim_key" text NOT NULL,
	"day" date NOT NULL,
	"value" numeric,
	"numerator" numeric,
	"denominator" numeric,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_history_kpi_code_dimension_dim_key_day_pk" PRIMARY KEY("kpi_code","dimension","dim_key","day")
);
--> statement-breakpoint
CREATE TABLE "kpi_values" (
	"kpi_code" text NOT NULL,
	"dimension" text NOT NULL,
	"dim_key" text NOT NULL,
	"label" text,
	"value" numeric,
	"numerator" numeric,
	"denominator" numeric,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_values_kpi_code_dimension_dim_key_pk" PRIMARY KEY("kpi_code","dimension","dim_key")
);
--> statement-breakpoint
CREATE TABLE "kpi_return_files" (
	"return_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"added_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_return_files_return_id_file_id_pk" PRIMARY KEY("return_id","file_id")
);
--> statement-breakpoint
CREATE TABLE "kpi_returns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kpi_code" text NOT NULL,
	"year" integer NOT NULL,
	"value" numeric(18, 4) NOT NULL,
	"org_id" uuid NOT NULL,
	"note" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"reject_reason" text,
	"submitted_at" timestamp with time zone,
	"submitted_by" uuid,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" uuid,
	"superseded_at" timestamp with time zone,
	"superseded_by" uuid,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_returns_status" CHECK ("kpi_returns"."status" in ('draft', 'submitted', 'approved', 'rejected')),
	CONSTRAINT "kpi_returns_year" CHECK ("kpi_returns"."year" between 2000 and 2100),
	CONSTRAINT "kpi_returns_value" CHECK ("kpi_returns"."value" >= 0)
);
--> statement-breakpoint
ALTER TABLE "kpi_return_files" ADD CONSTRAINT "kpi_return_files_return_id_kpi_returns_id_fk" FOREIGN KEY ("return_id") REFERENCES "public"."kpi_returns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_return_files" ADD CONSTRAINT "kpi_return_files_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_return_files" ADD CONSTRAINT "kpi_return_files_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_returns" ADD CONSTRAINT "kpi_returns_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_returns" ADD CONSTRAINT "kpi_returns_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_returns" ADD CONSTRAINT "kpi_returns_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_returns" ADD CONSTRAINT "kpi_returns_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "kpi_return_files_file_idx" ON "kpi_return_files" USING btree ("file_id");--> statement-breakpoint
CREATE INDEX "kpi_returns_kpi_year_idx" ON "kpi_returns" USING btree ("kpi_code","year","status");--> statement-breakpoint
CREATE INDEX "kpi_returns_org_idx" ON "kpi_returns" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "kpi_returns_current_approved_uq" ON "kpi_returns" USING btree ("kpi_code","year") WHERE "kpi_returns"."status" = 'approved' and "kpi_returns"."superseded_at" is null;
--> statement-breakpoint
-- Appended to migration 0010 by the generator script: triggers that log changes of the cockpit's
-- source tables (issue 6). Statement-level: one row and one notice per statement, however many rows
-- it touches. Append-only (no row is updated), so concurrent writers never wait on each other.
CREATE OR REPLACE FUNCTION cockpit_source_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO cockpit_changes (table_name) VALUES (TG_TABLE_NAME);
  PERFORM pg_notify('cockpit', TG_TABLE_NAME);
  RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['consortia', 'consortium_leads', 'consortium_members', 'organizations',
    'org_certifications', 'graduate_cohorts', 'job_demands', 'student_profiles', 'kpi_returns'] LOOP
    IF to_regclass(t) IS NOT NULL THEN
      EXECUTE format('DROP TRIGGER IF EXISTS cockpit_changed ON %I', t);
      EXECUTE format('CREATE TRIGGER cockpit_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
        'FOR EACH STATEMENT EXECUTE FUNCTION cockpit_source_changed()', t);
    END IF;
  END LOOP;
END $$;
