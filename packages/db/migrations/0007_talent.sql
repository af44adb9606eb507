CREATE TABLE "application_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "application_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"application_id" uuid NOT NULL,
	"from_stage" text,
	"to_stage" text NOT NULL,
	"note" text,
	"actor_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"job_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"school_org_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"origin" text NOT NULL,
	"stage" text NOT NULL,
	"note" text,
	"match_reason" text,
	"match_score" integer,
	"ended_on" date,
	"onboard_on" date,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enrollment_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_org_id" uuid NOT NULL,
	"major_code" text NOT NULL,
	"year" integer NOT NULL,
	"planned" integer NOT NULL,
	"actual" integer,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "graduate_cohorts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_org_id" uuid NOT NULL,
	"major_code" text NOT NULL,
	"year" integer NOT NULL,
	"graduates" integer NOT NULL,
	"employed" integer DEFAULT 0 NOT NULL,
	"further_study" integer DEFAULT 0 NOT NULL,
	"military" integer DEFAULT 0 NOT NULL,
	"startup" integer DEFAULT 0 NOT NULL,
	"unplaced" integer DEFAULT 0 NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_demands" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" integer GENERATED ALWAYS AS IDENTITY (sequence name "job_demands_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" uuid NOT NULL,
	"consortium_id" uuid,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"occupation_code" text,
	"cluster_code" text,
	"industry_code" text,
	"accepted_majors" text[] DEFAULT '{}'::text[] NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"certificates" text[] DEFAULT '{}'::text[] NOT NULL,
	"head_count" integer DEFAULT 1 NOT NULL,
	"min_level" text NOT NULL,
	"grad_from" text,
	"grad_to" text,
	"district_code" text NOT NULL,
	"salary_min" integer,
	"salary_max" integer,
	"kind" text NOT NULL,
	"valid_until" date,
	"status" text DEFAULT 'draft' NOT NULL,
	"year" integer NOT NULL,
	"published_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"search" "tsvector",
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "job_demands_seq_unique" UNIQUE("seq")
);
--> statement-breakpoint
CREATE TABLE "major_warning_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"level" text NOT NULL,
	"params" jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"note" text,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "matching_outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "matching_outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"entity" text NOT NULL,
	"seq" integer NOT NULL,
	"op" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "student_profiles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" integer GENERATED ALWAYS AS IDENTITY (sequence name "student_profiles_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"school_org_id" uuid NOT NULL,
	"consortium_id" uuid,
	"user_id" uuid,
	"name" text NOT NULL,
	"id_card_enc" text NOT NULL,
	"id_card_digest" text NOT NULL,
	"level" text NOT NULL,
	"major_code" text NOT NULL,
	"grade" integer NOT NULL,
	"expected_graduation" text,
	"district_code" text NOT NULL,
	"preferred_districts" text[] DEFAULT '{}'::text[] NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"certificates" text[] DEFAULT '{}'::text[] NOT NULL,
	"intent" text DEFAULT 'employment' NOT NULL,
	"internship_available" boolean DEFAULT false NOT NULL,
	"consent" boolean DEFAULT false NOT NULL,
	"consent_at" timestamp with time zone,
	"search" "tsvector",
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "student_profiles_seq_unique" UNIQUE("seq")
);
--> statement-breakpoint
ALTER TABLE "application_events" ADD CONSTRAINT "application_events_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_job_id_job_demands_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."job_demands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_student_id_student_profiles_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."student_profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_school_org_id_organizations_id_fk" FOREIGN KEY ("school_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_plans" ADD CONSTRAINT "enrollment_plans_school_org_id_organizations_id_fk" FOREIGN KEY ("school_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "graduate_cohorts" ADD CONSTRAINT "graduate_cohorts_school_org_id_organizations_id_fk" FOREIGN KEY ("school_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_demands" ADD CONSTRAINT "job_demands_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_demands" ADD CONSTRAINT "job_demands_consortium_id_consortia_id_fk" FOREIGN KEY ("consortium_id") REFERENCES "public"."consortia"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_profiles" ADD CONSTRAINT "student_profiles_school_org_id_organizations_id_fk" FOREIGN KEY ("school_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_profiles" ADD CONSTRAINT "student_profiles_consortium_id_consortia_id_fk" FOREIGN KEY ("consortium_id") REFERENCES "public"."consortia"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "student_profiles" ADD CONSTRAINT "student_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "application_events_app_idx" ON "application_events" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "applications_job_idx" ON "applications" USING btree ("job_id");--> statement-breakpoint
CREATE INDEX "applications_student_idx" ON "applications" USING btree ("student_id");--> statement-breakpoint
CREATE INDEX "applications_org_idx" ON "applications" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "applications_school_idx" ON "applications" USING btree ("school_org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "applications_open_uq" ON "applications" USING btree ("job_id","student_id") WHERE stage not in ('rejected', 'withdrawn');--> statement-breakpoint
CREATE UNIQUE INDEX "applications_fulltime_uq" ON "applications" USING btree ("student_id") WHERE kind = 'fulltime' and stage in ('offer', 'onboard') and ended_on is null;--> statement-breakpoint
CREATE UNIQUE INDEX "enrollment_plans_uq" ON "enrollment_plans" USING btree ("school_org_id","major_code","year");--> statement-breakpoint
CREATE UNIQUE INDEX "graduate_cohorts_uq" ON "graduate_cohorts" USING btree ("school_org_id","major_code","year");--> statement-breakpoint
CREATE INDEX "job_demands_org_idx" ON "job_demands" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "job_demands_consortium_idx" ON "job_demands" USING btree ("consortium_id");--> statement-breakpoint
CREATE INDEX "job_demands_status_idx" ON "job_demands" USING btree ("status","year");--> statement-breakpoint
CREATE INDEX "job_demands_search_idx" ON "job_demands" USING gin ("search");--> statement-breakpoint
CREATE UNIQUE INDEX "student_profiles_id_card_uq" ON "student_profiles" USING btree ("id_card_digest");--> statement-breakpoint
CREATE INDEX "student_profiles_school_idx" ON "student_profiles" USING btree ("school_org_id","major_code");--> statement-breakpoint
CREATE INDEX "student_profiles_consortium_idx" ON "student_profiles" USING btree ("consortium_id");--> statement-breakpoint
CREATE INDEX "student_profiles_user_idx" ON "student_profiles" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "student_profiles_search_idx" ON "student_profiles" USING gin ("search");--> statement-breakpoint
-- Default 专业预警 rules (configuration, not demo data); officials may change them.
INSERT INTO "major_warning_rules" ("kind", "level", "params", "note") VALUES
  ('placement_below', 'red', '{"threshold": 0.85, "years": 2}', '默认规则'),
  ('placement_below', 'yellow', '{"threshold": 0.9, "years": 1}', '默认规则'),
  ('supply_demand_above', 'red', '{"threshold": 3}', '默认规则'),
  ('supply_demand_above', 'yellow', '{"threshold": 1.5}', '默认规则');
