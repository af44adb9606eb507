CREATE TABLE "best_practice_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"year" integer NOT NULL,
	"quarter" integer NOT NULL,
	"unit_org_id" uuid,
	"consortium_id" uuid,
	"measure_no" integer,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"decision_comment" text,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"is_demo" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "best_practice_cases_one_submitter" CHECK (("best_practice_cases"."unit_org_id" is null) <> ("best_practice_cases"."consortium_id" is null)),
	CONSTRAINT "best_practice_cases_quarter" CHECK ("best_practice_cases"."quarter" between 1 and 4),
	CONSTRAINT "best_practice_cases_status" CHECK ("best_practice_cases"."status" in ('submitted', 'shortlisted', 'selected', 'not_selected'))
);
--> statement-breakpoint
CREATE TABLE "ledger_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ledger_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"entity_type" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"task_id" uuid,
	"quarter" integer,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"comment" text,
	"actor_id" uuid,
	"actor_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"added_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_files_entity_type" CHECK ("ledger_files"."entity_type" in ('report', 'case', 'policy_item'))
);
--> statement-breakpoint
CREATE TABLE "ledger_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"quarter" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"progress" text NOT NULL,
	"percent" integer NOT NULL,
	"percent_reason" text,
	"narrative" text NOT NULL,
	"review_comment" text,
	"resubmitted" boolean DEFAULT false NOT NULL,
	"first_submitted_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" uuid,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_reports_quarter" CHECK ("ledger_reports"."quarter" between 1 and 4),
	CONSTRAINT "ledger_reports_percent" CHECK ("ledger_reports"."percent" between 0 and 100),
	CONSTRAINT "ledger_reports_status" CHECK ("ledger_reports"."status" in ('draft', 'submitted', 'returned', 'accepted')),
	CONSTRAINT "ledger_reports_progress" CHECK ("ledger_reports"."progress" in ('not_started', 'in_progress', 'completed', 'blocked'))
);
--> statement-breakpoint
CREATE TABLE "ledger_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"year" integer NOT NULL,
	"measure_no" integer NOT NULL,
	"unit_org_id" uuid NOT NULL,
	"title" text NOT NULL,
	"target" text NOT NULL,
	"kpi_id" text,
	"due_quarter" integer NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_tasks_due_quarter" CHECK ("ledger_tasks"."due_quarter" between 1 and 4)
);
--> statement-breakpoint
CREATE TABLE "policy_item_status" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_no" integer NOT NULL,
	"item_no" integer NOT NULL,
	"year" integer NOT NULL,
	"status" text DEFAULT 'not_started' NOT NULL,
	"evidence_text" text,
	"notes" text,
	"is_demo" boolean DEFAULT false NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "policy_item_status_status" CHECK ("policy_item_status"."status" in ('not_started', 'in_progress', 'done'))
);
--> statement-breakpoint
CREATE TABLE "ranking_rows" (
	"run_id" uuid NOT NULL,
	"consortium_id" uuid NOT NULL,
	"consortium_name" text NOT NULL,
	"sort" integer NOT NULL,
	"rank" integer,
	"evaluation_score" numeric(6, 2),
	"evaluation_source" text,
	"kpi_score" numeric(6, 2),
	"kpi_targets" jsonb NOT NULL,
	"ledger_score" numeric(6, 2),
	"ledger_note" text NOT NULL,
	"effective_weights" jsonb NOT NULL,
	"composite" numeric(6, 2),
	CONSTRAINT "ranking_rows_run_id_consortium_id_pk" PRIMARY KEY("run_id","consortium_id")
);
--> statement-breakpoint
CREATE TABLE "ranking_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"year" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"weight_evaluation" integer NOT NULL,
	"weight_kpi" integer NOT NULL,
	"weight_ledger" integer NOT NULL,
	"formula" text NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"computed_by" uuid,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ranking_runs_status" CHECK ("ranking_runs"."status" in ('draft', 'published')),
	CONSTRAINT "ranking_runs_weights" CHECK ("ranking_runs"."weight_evaluation" + "ranking_runs"."weight_kpi" + "ranking_runs"."weight_ledger" = 100)
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"link" text,
	"dedupe_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "evaluation_deductions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entry_id" uuid NOT NULL,
	"point_code" text NOT NULL,
	"item" text NOT NULL,
	"reason" text NOT NULL,
	"points" numeric(6, 2) NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluation_deductions_points" CHECK ("evaluation_deductions"."points" > 0)
);
--> statement-breakpoint
CREATE TABLE "evaluation_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"consortium_id" uuid NOT NULL,
	"status" text DEFAULT 'not_started' NOT NULL,
	"submitted_at" timestamp with time zone,
	"submitted_by" uuid,
	"return_reason" text,
	"total" numeric(6, 2),
	"point_scores" jsonb,
	"deduction_total" numeric(6, 2),
	"reviewer_count" integer,
	"result_label" text,
	"rank" integer,
	"recommended" boolean DEFAULT false NOT NULL,
	"decision" text,
	"decision_on" date,
	"decision_note" text,
	"decided_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluation_entries_status" CHECK ("evaluation_entries"."status" in ('not_started', 'draft', 'submitted', 'returned', 'under_review', 'scored')),
	CONSTRAINT "evaluation_entries_decision" CHECK ("evaluation_entries"."decision" is null or "evaluation_entries"."decision" in ('accepted', 'revoked'))
);
--> statement-breakpoint
CREATE TABLE "evaluation_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "evaluation_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"round_id" uuid NOT NULL,
	"entry_id" uuid,
	"kind" text NOT NULL,
	"note" text,
	"actor_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluation_rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"year" integer NOT NULL,
	"framework_id" uuid NOT NULL,
	"self_due_on" date NOT NULL,
	"review_due_on" date NOT NULL,
	"method" text DEFAULT 'mean' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"consolidated_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	CONSTRAINT "evaluation_rounds_kind" CHECK ("evaluation_rounds"."kind" in ('application', 'recommendation', 'acceptance', 'annual')),
	CONSTRAINT "evaluation_rounds_status" CHECK ("evaluation_rounds"."status" in ('draft', 'open', 'reviewing', 'consolidated', 'closed')),
	CONSTRAINT "evaluation_rounds_method" CHECK ("evaluation_rounds"."method" in ('mean', 'trimmed_mean'))
);
--> statement-breakpoint
CREATE TABLE "review_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entry_id" uuid NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"status" text DEFAULT 'assigned' NOT NULL,
	"assigned_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	CONSTRAINT "review_assignments_status" CHECK ("review_assignments"."status" in ('assigned', 'draft', 'submitted'))
);
--> statement-breakpoint
CREATE TABLE "review_scores" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assignment_id" uuid NOT NULL,
	"point_code" text NOT NULL,
	"score" numeric(6, 2) NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_scores_score" CHECK ("review_scores"."score" >= 0)
);
--> statement-breakpoint
CREATE TABLE "self_assessment_evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entry_id" uuid NOT NULL,
	"point_code" text NOT NULL,
	"file_id" uuid NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "self_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entry_id" uuid NOT NULL,
	"point_code" text NOT NULL,
	"narrative" text DEFAULT '' NOT NULL,
	"self_score" numeric(6, 2),
	"fact_snapshot" jsonb,
	"flags_snapshot" jsonb,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "best_practice_cases" ADD CONSTRAINT "best_practice_cases_unit_org_id_organizations_id_fk" FOREIGN KEY ("unit_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "best_practice_cases" ADD CONSTRAINT "best_practice_cases_consortium_id_consortia_id_fk" FOREIGN KEY ("consortium_id") REFERENCES "public"."consortia"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "best_practice_cases" ADD CONSTRAINT "best_practice_cases_measure_no_ref_reform_measures_no_fk" FOREIGN KEY ("measure_no") REFERENCES "public"."ref_reform_measures"("no") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "best_practice_cases" ADD CONSTRAINT "best_practice_cases_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "best_practice_cases" ADD CONSTRAINT "best_practice_cases_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_files" ADD CONSTRAINT "ledger_files_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_files" ADD CONSTRAINT "ledger_files_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_reports" ADD CONSTRAINT "ledger_reports_task_id_ledger_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."ledger_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_reports" ADD CONSTRAINT "ledger_reports_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_reports" ADD CONSTRAINT "ledger_reports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_tasks" ADD CONSTRAINT "ledger_tasks_measure_no_ref_reform_measures_no_fk" FOREIGN KEY ("measure_no") REFERENCES "public"."ref_reform_measures"("no") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_tasks" ADD CONSTRAINT "ledger_tasks_unit_org_id_organizations_id_fk" FOREIGN KEY ("unit_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_tasks" ADD CONSTRAINT "ledger_tasks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_item_status" ADD CONSTRAINT "policy_item_status_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ranking_rows" ADD CONSTRAINT "ranking_rows_run_id_ranking_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."ranking_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ranking_rows" ADD CONSTRAINT "ranking_rows_consortium_id_consortia_id_fk" FOREIGN KEY ("consortium_id") REFERENCES "public"."consortia"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ranking_runs" ADD CONSTRAINT "ranking_runs_computed_by_users_id_fk" FOREIGN KEY ("computed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ranking_runs" ADD CONSTRAINT "ranking_runs_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_deductions" ADD CONSTRAINT "evaluation_deductions_entry_id_evaluation_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."evaluation_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_deductions" ADD CONSTRAINT "evaluation_deductions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_entries" ADD CONSTRAINT "evaluation_entries_round_id_evaluation_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."evaluation_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_entries" ADD CONSTRAINT "evaluation_entries_consortium_id_consortia_id_fk" FOREIGN KEY ("consortium_id") REFERENCES "public"."consortia"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_entries" ADD CONSTRAINT "evaluation_entries_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_entries" ADD CONSTRAINT "evaluation_entries_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_events" ADD CONSTRAINT "evaluation_events_round_id_evaluation_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."evaluation_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_events" ADD CONSTRAINT "evaluation_events_entry_id_evaluation_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."evaluation_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_events" ADD CONSTRAINT "evaluation_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_rounds" ADD CONSTRAINT "evaluation_rounds_framework_id_indicator_frameworks_id_fk" FOREIGN KEY ("framework_id") REFERENCES "public"."indicator_frameworks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_rounds" ADD CONSTRAINT "evaluation_rounds_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_assignments" ADD CONSTRAINT "review_assignments_entry_id_evaluation_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."evaluation_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_assignments" ADD CONSTRAINT "review_assignments_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_assignments" ADD CONSTRAINT "review_assignments_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_scores" ADD CONSTRAINT "review_scores_assignment_id_review_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."review_assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessment_evidence" ADD CONSTRAINT "self_assessment_evidence_entry_id_evaluation_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."evaluation_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessment_evidence" ADD CONSTRAINT "self_assessment_evidence_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessment_evidence" ADD CONSTRAINT "self_assessment_evidence_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessments" ADD CONSTRAINT "self_assessments_entry_id_evaluation_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."evaluation_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessments" ADD CONSTRAINT "self_assessments_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "best_practice_cases_unit_quarter_uq" ON "best_practice_cases" USING btree ("year","quarter","unit_org_id") WHERE unit_org_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "best_practice_cases_consortium_quarter_uq" ON "best_practice_cases" USING btree ("year","quarter","consortium_id") WHERE consortium_id is not null;--> statement-breakpoint
CREATE INDEX "ledger_events_entity_idx" ON "ledger_events" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "ledger_events_task_idx" ON "ledger_events" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "ledger_files_entity_idx" ON "ledger_files" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "ledger_files_file_idx" ON "ledger_files" USING btree ("file_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_reports_task_quarter_uq" ON "ledger_reports" USING btree ("task_id","quarter");--> statement-breakpoint
CREATE INDEX "ledger_reports_status_idx" ON "ledger_reports" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_tasks_measure_year_unit_uq" ON "ledger_tasks" USING btree ("measure_no","year","unit_org_id");--> statement-breakpoint
CREATE INDEX "ledger_tasks_unit_idx" ON "ledger_tasks" USING btree ("unit_org_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "policy_item_status_item_year_uq" ON "policy_item_status" USING btree ("unit_no","item_no","year");--> statement-breakpoint
CREATE UNIQUE INDEX "ranking_runs_one_draft_uq" ON "ranking_runs" USING btree ("year") WHERE status = 'draft';--> statement-breakpoint
CREATE UNIQUE INDEX "ranking_runs_one_published_uq" ON "ranking_runs" USING btree ("year") WHERE status = 'published';--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_dedupe_uq" ON "notifications" USING btree ("user_id","dedupe_key") WHERE dedupe_key is not null;--> statement-breakpoint
CREATE INDEX "evaluation_deductions_entry_idx" ON "evaluation_deductions" USING btree ("entry_id");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_entries_round_consortium" ON "evaluation_entries" USING btree ("round_id","consortium_id");--> statement-breakpoint
CREATE INDEX "evaluation_entries_consortium_idx" ON "evaluation_entries" USING btree ("consortium_id");--> statement-breakpoint
CREATE INDEX "evaluation_events_round_idx" ON "evaluation_events" USING btree ("round_id","id");--> statement-breakpoint
CREATE INDEX "evaluation_rounds_year_idx" ON "evaluation_rounds" USING btree ("year");--> statement-breakpoint
CREATE UNIQUE INDEX "review_assignments_entry_reviewer" ON "review_assignments" USING btree ("entry_id","reviewer_id");--> statement-breakpoint
CREATE INDEX "review_assignments_reviewer_idx" ON "review_assignments" USING btree ("reviewer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "review_scores_assignment_point" ON "review_scores" USING btree ("assignment_id","point_code");--> statement-breakpoint
CREATE INDEX "self_assessment_evidence_entry_idx" ON "self_assessment_evidence" USING btree ("entry_id","point_code");--> statement-breakpoint
CREATE UNIQUE INDEX "self_assessments_entry_point" ON "self_assessments" USING btree ("entry_id","point_code");