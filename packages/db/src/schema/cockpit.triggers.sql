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
