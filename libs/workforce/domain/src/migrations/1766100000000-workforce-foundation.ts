import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, laScopedTable, tenantTable } from '@rep-hub/platform/schema';

const MILESTONES = `'started', 'retained', 'completed', 'assessed'`;
const STATUSES = `'applied', 'enrolled', 'active', 'deferred', 'withdrawn', 'completed', 'accredited'`;
/** The statuses that hold a funded place (applied has not taken one yet; withdrawn gave it back). */
const HOLDS_PLACE = `ARRAY['enrolled', 'active', 'deferred', 'completed', 'accredited']`;

/**
 * Workforce training (issue 25): programmes, cohorts, funded places per LA, participants,
 * enrolments with their history, and milestones declared by training providers.
 *
 * - `workforce_programmes`: the national programmes (reference data held in code, copied into a
 *   partnership with the version they were taken from) and the partnership's own; each with its
 *   milestones and its funding rule (a qualification window from taking up the post, a tie-in to
 *   LA employment from an intake year).
 * - `workforce_cohorts`: a programme's intake with one training provider (an organisation of kind
 *   `training_provider`), dates and funded places; `places_allocated` is kept by a trigger and
 *   CHECKed against `funded_places`, so the LAs' allocations never add up to more.
 * - `workforce_allocations`: a cohort's places for one LA; `places_filled` is kept by the
 *   enrolments' trigger under the allocation's row lock and CHECKed against `places`: enrolling
 *   past an LA's (and so a cohort's) funded places fails in the database, under any concurrency.
 * - `workforce_participants`: adults' personal data (name, work email, role, setting), walled by
 *   the employing LA (`la_id`, wall 2) like pupil rows.
 * - `workforce_enrolments`: a participant in a cohort, moving applied → enrolled → active ↔
 *   deferred → withdrawn (with a reason) / completed → accredited; an enrolment must fall in an
 *   allocation of its LA (composite foreign key). Every insert and change of status writes a row
 *   of `workforce_enrolment_events` (who, when, from, to, reason) in a trigger: append-only.
 * - `workforce_milestones`: started, retained, completed, assessed, each with the evidence date
 *   the provider declares.
 */
export class WorkforceFoundation1766100000000 implements MigrationInterface {
  name = 'WorkforceFoundation1766100000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE TABLE workforce_programmes (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         code text NOT NULL CHECK (code ~ '^[a-z0-9_]{2,40}$'),
         national boolean NOT NULL DEFAULT false,
         reference_version text CHECK (reference_version ~ '^[0-9]{4}-[0-9]{2}$'),
         name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
         description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
         milestones text[] NOT NULL CHECK (cardinality(milestones) BETWEEN 1 AND 4 AND milestones <@ ARRAY[${MILESTONES}]),
         funding_note text NOT NULL DEFAULT '' CHECK (length(funding_note) <= 2000),
         qualification_window_months integer CHECK (qualification_window_months BETWEEN 1 AND 120),
         tie_in_months integer CHECK (tie_in_months BETWEEN 1 AND 120),
         tie_in_from_intake_year integer CHECK (tie_in_from_intake_year BETWEEN 2000 AND 2100),
         created_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now(),
         version integer NOT NULL DEFAULT 1,
         PRIMARY KEY (tenant_id, id),
         UNIQUE (tenant_id, code),
         CHECK (national = (reference_version IS NOT NULL)),
         CHECK (tie_in_from_intake_year IS NULL OR tie_in_months IS NOT NULL)
       )`,
      ...tenantTable('workforce_programmes'),

      `CREATE TABLE workforce_cohorts (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         programme_id uuid NOT NULL,
         provider_id uuid NOT NULL,
         name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
         intake_year integer NOT NULL CHECK (intake_year BETWEEN 2000 AND 2100),
         intake_term text NOT NULL CHECK (intake_term IN ('autumn', 'spring', 'summer')),
         starts_on date NOT NULL,
         ends_on date NOT NULL,
         funded_places integer NOT NULL CHECK (funded_places BETWEEN 0 AND 100000),
         places_allocated integer NOT NULL DEFAULT 0,
         created_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now(),
         version integer NOT NULL DEFAULT 1,
         PRIMARY KEY (tenant_id, id),
         UNIQUE (tenant_id, id, provider_id),
         FOREIGN KEY (tenant_id, programme_id) REFERENCES workforce_programmes (tenant_id, id),
         FOREIGN KEY (tenant_id, provider_id) REFERENCES organisations (tenant_id, id),
         CHECK (ends_on > starts_on),
         CONSTRAINT workforce_cohorts_within_funded_places CHECK (places_allocated BETWEEN 0 AND funded_places)
       )`,
      `CREATE INDEX workforce_cohorts_provider_idx ON workforce_cohorts (tenant_id, provider_id, starts_on DESC)`,
      `CREATE INDEX workforce_cohorts_programme_idx ON workforce_cohorts (tenant_id, programme_id, starts_on DESC)`,
      ...tenantTable('workforce_cohorts'),

      `CREATE TABLE workforce_allocations (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         cohort_id uuid NOT NULL,
         la_id uuid NOT NULL,
         places integer NOT NULL CHECK (places BETWEEN 0 AND 100000),
         places_filled integer NOT NULL DEFAULT 0,
         updated_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (tenant_id, cohort_id, la_id),
         FOREIGN KEY (tenant_id, cohort_id) REFERENCES workforce_cohorts (tenant_id, id) ON DELETE CASCADE,
         FOREIGN KEY (tenant_id, la_id) REFERENCES organisations (tenant_id, id),
         CONSTRAINT workforce_allocations_within_places CHECK (places_filled BETWEEN 0 AND places)
       )`,
      `CREATE INDEX workforce_allocations_la_idx ON workforce_allocations (tenant_id, la_id)`,
      ...tenantTable('workforce_allocations'),

      // a cohort's allocated places follow its allocations, under the cohort's row lock
      `CREATE FUNCTION workforce_allocations_total() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
       BEGIN
         IF TG_OP IN ('UPDATE', 'DELETE') THEN
           UPDATE workforce_cohorts SET places_allocated = places_allocated - OLD.places
            WHERE tenant_id = OLD.tenant_id AND id = OLD.cohort_id;
         END IF;
         IF TG_OP IN ('INSERT', 'UPDATE') THEN
           UPDATE workforce_cohorts SET places_allocated = places_allocated + NEW.places
            WHERE tenant_id = NEW.tenant_id AND id = NEW.cohort_id;
         END IF;
         RETURN NULL;
       END $$`,
      `CREATE TRIGGER workforce_allocations_total AFTER INSERT OR UPDATE OF places OR DELETE ON workforce_allocations
         FOR EACH ROW EXECUTE FUNCTION workforce_allocations_total()`,

      `CREATE TABLE workforce_participants (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         la_id uuid NOT NULL,
         recorded_by_org_id uuid NOT NULL,
         full_name text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
         work_email text NOT NULL CHECK (work_email ~ '^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$' AND length(work_email) <= 254),
         role text NOT NULL CHECK (role IN ('senco', 'early_years_practitioner', 'childminder', 'trainee_educational_psychologist', 'job_coach', 'teacher', 'other')),
         setting_kind text CHECK (setting_kind IN ('school', 'provider', 'early_years')),
         setting_identifier text CHECK (setting_identifier ~ '^([1-9][0-9]{5}|1[0-9]{7}|(EY|SC)?[0-9]{6,7})$'),
         took_up_post_on date,
         created_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now(),
         version integer NOT NULL DEFAULT 1,
         PRIMARY KEY (tenant_id, id),
         UNIQUE (tenant_id, id, la_id),
         FOREIGN KEY (tenant_id, la_id) REFERENCES organisations (tenant_id, id),
         FOREIGN KEY (tenant_id, recorded_by_org_id) REFERENCES organisations (tenant_id, id),
         CHECK ((setting_kind IS NULL) = (setting_identifier IS NULL))
       )`,
      `CREATE UNIQUE INDEX workforce_participants_email_key ON workforce_participants (tenant_id, la_id, lower(work_email))`,
      `CREATE INDEX workforce_participants_recorder_idx ON workforce_participants (tenant_id, recorded_by_org_id)`,
      ...tenantTable('workforce_participants'),
      ...laScopedTable('workforce_participants'),

      `CREATE TABLE workforce_enrolments (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         cohort_id uuid NOT NULL,
         participant_id uuid NOT NULL,
         la_id uuid NOT NULL,
         provider_id uuid NOT NULL,
         status text NOT NULL DEFAULT 'applied' CHECK (status IN (${STATUSES})),
         withdrawal_reason text CHECK (length(withdrawal_reason) BETWEEN 1 AND 500),
         qualification_window_ends_on date,
         tie_in_ends_on date,
         status_changed_at timestamptz NOT NULL DEFAULT now(),
         created_at timestamptz NOT NULL DEFAULT now(),
         version integer NOT NULL DEFAULT 1,
         PRIMARY KEY (tenant_id, id),
         UNIQUE (tenant_id, id, la_id, provider_id),
         UNIQUE (tenant_id, cohort_id, participant_id),
         FOREIGN KEY (tenant_id, participant_id, la_id) REFERENCES workforce_participants (tenant_id, id, la_id),
         FOREIGN KEY (tenant_id, cohort_id, provider_id) REFERENCES workforce_cohorts (tenant_id, id, provider_id),
         FOREIGN KEY (tenant_id, cohort_id, la_id) REFERENCES workforce_allocations (tenant_id, cohort_id, la_id),
         CHECK ((status = 'withdrawn') = (withdrawal_reason IS NOT NULL))
       )`,
      `CREATE INDEX workforce_enrolments_cohort_idx ON workforce_enrolments (tenant_id, cohort_id, status)`,
      `CREATE INDEX workforce_enrolments_provider_idx ON workforce_enrolments (tenant_id, provider_id)`,
      `CREATE INDEX workforce_enrolments_participant_idx ON workforce_enrolments (tenant_id, participant_id)`,
      ...tenantTable('workforce_enrolments', 'SELECT, INSERT, UPDATE'),
      ...laScopedTable('workforce_enrolments'),

      // the funded-places cap: a move into or out of a place-holding status takes or gives back a
      // place of the enrolment's LA allocation, under that row's lock; the CHECK refuses the one too many
      `CREATE FUNCTION workforce_enrolments_places() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
       DECLARE
         was boolean := TG_OP = 'UPDATE' AND OLD.status = ANY (${HOLDS_PLACE});
         now_holds boolean := NEW.status = ANY (${HOLDS_PLACE});
       BEGIN
         IF was <> now_holds THEN
           UPDATE workforce_allocations SET places_filled = places_filled + CASE WHEN now_holds THEN 1 ELSE -1 END
            WHERE tenant_id = NEW.tenant_id AND cohort_id = NEW.cohort_id AND la_id = NEW.la_id;
         END IF;
         RETURN NEW;
       END $$`,
      `CREATE TRIGGER workforce_enrolments_places BEFORE INSERT OR UPDATE OF status ON workforce_enrolments
         FOR EACH ROW EXECUTE FUNCTION workforce_enrolments_places()`,

      `CREATE TABLE workforce_enrolment_events (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         enrolment_id uuid NOT NULL,
         la_id uuid NOT NULL,
         from_status text CHECK (from_status IN (${STATUSES})),
         to_status text NOT NULL CHECK (to_status IN (${STATUSES})),
         reason text CHECK (length(reason) <= 500),
         actor_id uuid,
         at timestamptz NOT NULL DEFAULT clock_timestamp(),
         PRIMARY KEY (tenant_id, id),
         FOREIGN KEY (tenant_id, enrolment_id) REFERENCES workforce_enrolments (tenant_id, id)
       )`,
      `CREATE INDEX workforce_enrolment_events_idx ON workforce_enrolment_events (tenant_id, enrolment_id, at)`,
      // append-only: the app may add history, never change or remove it
      ...tenantTable('workforce_enrolment_events', 'SELECT, INSERT'),
      ...laScopedTable('workforce_enrolment_events'),

      `CREATE FUNCTION workforce_enrolments_history() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
       BEGIN
         IF TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM NEW.status THEN
           INSERT INTO workforce_enrolment_events (tenant_id, enrolment_id, la_id, from_status, to_status, reason, actor_id)
           VALUES (NEW.tenant_id, NEW.id, NEW.la_id, CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END, NEW.status,
                   NEW.withdrawal_reason, nullif(current_setting('app.actor_id', true), '')::uuid);
         END IF;
         RETURN NULL;
       END $$`,
      `CREATE TRIGGER workforce_enrolments_history AFTER INSERT OR UPDATE OF status ON workforce_enrolments
         FOR EACH ROW EXECUTE FUNCTION workforce_enrolments_history()`,

      `CREATE TABLE workforce_milestones (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         enrolment_id uuid NOT NULL,
         milestone text NOT NULL CHECK (milestone IN (${MILESTONES})),
         la_id uuid NOT NULL,
         provider_id uuid NOT NULL,
         evidence_on date NOT NULL,
         declared_by uuid,
         declared_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (tenant_id, enrolment_id, milestone),
         FOREIGN KEY (tenant_id, enrolment_id, la_id, provider_id) REFERENCES workforce_enrolments (tenant_id, id, la_id, provider_id)
       )`,
      ...tenantTable('workforce_milestones', 'SELECT, INSERT'),
      ...laScopedTable('workforce_milestones'),

      // the principal's part: a workforce lead sees every LA's participants (wall 2; what they may do
      // is wall 3's), a training provider's staff those of the LAs given places in their cohorts
      `CREATE FUNCTION workforce_principal_extension(p_tenant uuid, p_memberships json) RETURNS json
         LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
         SELECT json_build_object('la_ids', coalesce(json_agg(DISTINCT x.la_id), '[]'::json)) FROM (
           SELECT o.id::text AS la_id FROM organisations o
            WHERE o.tenant_id = p_tenant AND o.kind = 'local_authority'
              AND EXISTS (SELECT 1 FROM json_array_elements(p_memberships) m WHERE m->>'role' = 'workforce_lead')
           UNION
           SELECT a.la_id::text FROM workforce_allocations a
             JOIN workforce_cohorts c ON c.tenant_id = a.tenant_id AND c.id = a.cohort_id
            WHERE a.tenant_id = p_tenant
              AND c.provider_id IN (SELECT (m->>'organisation_id')::uuid FROM json_array_elements(p_memberships) m
                                     WHERE m->>'role' = 'training_provider_staff')) x
       $$`,
      `REVOKE ALL ON FUNCTION workforce_principal_extension(uuid, json) FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION workforce_principal_extension(uuid, json) TO ${APP_ROLE}`,
      `INSERT INTO principal_extension_functions (module, function_name) VALUES ('workforce', 'workforce_principal_extension')`,
      `SELECT compose_principal_extensions()`,
    ])
      await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM principal_extension_functions WHERE module = 'workforce'`);
    await q.query(`SELECT compose_principal_extensions()`);
    await q.query(`DROP FUNCTION workforce_principal_extension(uuid, json)`);
    for (const t of [
      'workforce_milestones',
      'workforce_enrolment_events',
      'workforce_enrolments',
      'workforce_participants',
      'workforce_allocations',
      'workforce_cohorts',
      'workforce_programmes',
    ])
      await q.query(`DROP TABLE ${t}`);
    for (const f of ['workforce_enrolments_history', 'workforce_enrolments_places', 'workforce_allocations_total'])
      await q.query(`DROP FUNCTION ${f}()`);
  }
}
