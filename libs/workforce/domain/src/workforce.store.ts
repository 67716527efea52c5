import { EntityManager } from 'typeorm';
import {
  AllocationView,
  CohortSummary,
  EnrolmentEventView,
  EnrolmentStatus,
  EnrolmentSummary,
  EndingSoonView,
  Milestone,
  MilestoneView,
  ParticipantView,
  ProgrammeView,
} from './workforce.model';
import { NationalProgramme } from './programmes.reference';

/**
 * The SQL of workforce training, beside its services. Every query names the tenant (Citus routes
 * on it) and takes the caller's ability scope as a fragment over the table's own columns
 * (`scope`, positional parameters already appended); RLS and the LA wall stay underneath.
 */

const PROGRAMME_SELECT = `SELECT id, code, national, reference_version AS "referenceVersion", name, description,
  milestones, funding_note AS "fundingNote", qualification_window_months AS "qualificationWindowMonths",
  tie_in_months AS "tieInMonths", tie_in_from_intake_year AS "tieInFromIntakeYear", version
  FROM workforce_programmes`;

const COHORT_SELECT = `SELECT c.id, c.name, c.programme_id AS "programmeId", p.name AS "programmeName", c.provider_id AS "providerId",
  o.name AS "providerName", c.intake_year AS "intakeYear", c.intake_term AS "intakeTerm",
  to_char(c.starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(c.ends_on, 'YYYY-MM-DD') AS "endsOn",
  c.funded_places AS "fundedPlaces", c.places_allocated AS "placesAllocated",
  (SELECT coalesce(sum(a.places_filled), 0)::int FROM workforce_allocations a WHERE a.tenant_id = c.tenant_id AND a.cohort_id = c.id) AS "placesFilled",
  c.version
  FROM workforce_cohorts c
  JOIN workforce_programmes p ON p.tenant_id = c.tenant_id AND p.id = c.programme_id
  JOIN organisations o ON o.tenant_id = c.tenant_id AND o.id = c.provider_id`;

const PARTICIPANT_SELECT = `SELECT w.id, w.la_id AS "laId", la.name AS "laName", w.full_name AS "fullName", w.work_email AS "workEmail",
  w.role, w.setting_kind AS "settingKind", w.setting_identifier AS "settingIdentifier",
  to_char(w.took_up_post_on, 'YYYY-MM-DD') AS "tookUpPostOn", w.version
  FROM workforce_participants w JOIN organisations la ON la.tenant_id = w.tenant_id AND la.id = w.la_id`;

const ENROLMENT_SELECT = `SELECT e.id, e.cohort_id AS "cohortId", e.participant_id AS "participantId", w.full_name AS "participantName",
  e.la_id AS "laId", la.name AS "laName", e.status, e.withdrawal_reason AS "withdrawalReason",
  to_char(e.qualification_window_ends_on, 'YYYY-MM-DD') AS "qualificationWindowEndsOn",
  to_char(e.tie_in_ends_on, 'YYYY-MM-DD') AS "tieInEndsOn", e.version, e.provider_id AS "providerId"
  FROM workforce_enrolments e
  JOIN workforce_participants w ON w.tenant_id = e.tenant_id AND w.id = e.participant_id
  JOIN organisations la ON la.tenant_id = e.tenant_id AND la.id = e.la_id`;

export type EnrolmentRow = EnrolmentSummary & { providerId: string };

export interface ProgrammeValues {
  code: string;
  national: boolean;
  referenceVersion: string | null;
  name: string;
  description: string;
  milestones: readonly Milestone[];
  fundingNote: string;
  qualificationWindowMonths: number | null;
  tieInMonths: number | null;
  tieInFromIntakeYear: number | null;
}

export interface CohortValues {
  programmeId: string;
  providerId: string;
  name: string;
  intakeYear: number;
  intakeTerm: string;
  startsOn: string;
  endsOn: string;
  fundedPlaces: number;
}

export interface ParticipantValues {
  laId: string;
  recordedByOrgId: string;
  fullName: string;
  workEmail: string;
  role: string;
  settingKind: string | null;
  settingIdentifier: string | null;
  tookUpPostOn: string | null;
}

export const WorkforceStore = {
  /** Copies the national programmes not yet in the partnership (idempotent). */
  async ensureNational(m: EntityManager, tenantId: string, version: string, programmes: readonly NationalProgramme[]) {
    for (const p of programmes)
      await m.query(
        `INSERT INTO workforce_programmes (tenant_id, code, national, reference_version, name, description, milestones, funding_note,
           qualification_window_months, tie_in_months, tie_in_from_intake_year)
         VALUES ($1, $2, true, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (tenant_id, code) DO NOTHING`,
        [
          tenantId,
          p.code,
          version,
          p.name,
          p.description,
          p.milestones,
          p.fundingNote,
          p.qualificationWindowMonths,
          p.tieInMonths,
          p.tieInFromIntakeYear,
        ],
      );
  },

  programmes(m: EntityManager, tenantId: string): Promise<ProgrammeView[]> {
    return m.query(`${PROGRAMME_SELECT} WHERE tenant_id = $1 ORDER BY national DESC, name`, [tenantId]);
  },

  async programme(m: EntityManager, tenantId: string, id: string): Promise<ProgrammeView | undefined> {
    const rows = (await m.query(`${PROGRAMME_SELECT} WHERE tenant_id = $1 AND id = $2`, [
      tenantId,
      id,
    ])) as ProgrammeView[];
    return rows[0];
  },

  async insertProgramme(m: EntityManager, tenantId: string, v: ProgrammeValues): Promise<string> {
    const [row] = (await m.query(
      `INSERT INTO workforce_programmes (tenant_id, code, national, reference_version, name, description, milestones, funding_note,
         qualification_window_months, tie_in_months, tie_in_from_intake_year)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        tenantId,
        v.code,
        v.national,
        v.referenceVersion,
        v.name,
        v.description,
        v.milestones,
        v.fundingNote,
        v.qualificationWindowMonths,
        v.tieInMonths,
        v.tieInFromIntakeYear,
      ],
    )) as { id: string }[];
    return row.id;
  },

  cohorts(m: EntityManager, tenantId: string, scope: string, params: unknown[]): Promise<CohortSummary[]> {
    return m.query(`${COHORT_SELECT} WHERE c.tenant_id = $1 AND ${scope} ORDER BY c.starts_on DESC, c.name LIMIT 500`, [
      tenantId,
      ...params.slice(1),
    ]);
  },

  async cohort(m: EntityManager, params: unknown[], scope: string): Promise<CohortSummary | undefined> {
    const rows = (await m.query(
      `${COHORT_SELECT} WHERE c.tenant_id = $1 AND c.id = $2 AND ${scope}`,
      params,
    )) as CohortSummary[];
    return rows[0];
  },

  /** Locks the cohort's row for a change of its places (the allocations' trigger takes it too). */
  async lockCohort(m: EntityManager, tenantId: string, id: string): Promise<{ version: number } | undefined> {
    const rows = (await m.query(`SELECT version FROM workforce_cohorts WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [
      tenantId,
      id,
    ])) as { version: number }[];
    return rows[0];
  },

  /** A cohort's places per LA within `scope`, each row with its cohort's `provider_id` for the scope to name. */
  allocations(
    m: EntityManager,
    tenantId: string,
    cohortId: string,
    scope: string,
    params: unknown[],
  ): Promise<AllocationView[]> {
    return m.query(
      `SELECT a.la_id AS "laId", o.name AS "laName", a.places, a.places_filled AS "placesFilled"
         FROM (SELECT x.*, c.provider_id FROM workforce_allocations x
                 JOIN workforce_cohorts c ON c.tenant_id = x.tenant_id AND c.id = x.cohort_id) a
         JOIN organisations o ON o.tenant_id = a.tenant_id AND o.id = a.la_id
        WHERE a.tenant_id = $1 AND a.cohort_id = $2 AND ${scope} ORDER BY o.name`,
      [tenantId, cohortId, ...params.slice(2)],
    );
  },

  async insertCohort(m: EntityManager, tenantId: string, v: CohortValues): Promise<string> {
    const [row] = (await m.query(
      `INSERT INTO workforce_cohorts (tenant_id, programme_id, provider_id, name, intake_year, intake_term, starts_on, ends_on, funded_places)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [tenantId, v.programmeId, v.providerId, v.name, v.intakeYear, v.intakeTerm, v.startsOn, v.endsOn, v.fundedPlaces],
    )) as { id: string }[];
    return row.id;
  },

  async setAllocation(m: EntityManager, tenantId: string, cohortId: string, laId: string, places: number) {
    await m.query(
      `INSERT INTO workforce_allocations (tenant_id, cohort_id, la_id, places) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, cohort_id, la_id) DO UPDATE SET places = EXCLUDED.places, updated_at = now()`,
      [tenantId, cohortId, laId, places],
    );
    await m.query(
      `UPDATE workforce_cohorts SET version = version + 1, updated_at = now() WHERE tenant_id = $1 AND id = $2`,
      [tenantId, cohortId],
    );
  },

  /** The organisations of a kind in the partnership, by name. */
  organisations(m: EntityManager, tenantId: string, kind: string): Promise<{ id: string; name: string }[]> {
    return m.query(
      `SELECT id, name FROM organisations WHERE tenant_id = $1 AND kind = $2 AND status = 'active' ORDER BY name`,
      [tenantId, kind],
    );
  },

  async organisationKind(m: EntityManager, tenantId: string, id: string): Promise<string | undefined> {
    const rows = (await m.query(`SELECT kind FROM organisations WHERE tenant_id = $1 AND id = $2`, [tenantId, id])) as {
      kind: string;
    }[];
    return rows[0]?.kind;
  },

  participants(m: EntityManager, params: unknown[], scope: string): Promise<ParticipantView[]> {
    return m.query(
      `${PARTICIPANT_SELECT} WHERE w.tenant_id = $1 AND ${scope} ORDER BY w.full_name, w.id LIMIT 1000`,
      params,
    );
  },

  async participant(m: EntityManager, params: unknown[], scope: string): Promise<ParticipantView | undefined> {
    const rows = (await m.query(
      `${PARTICIPANT_SELECT} WHERE w.tenant_id = $1 AND w.id = $2 AND ${scope}`,
      params,
    )) as ParticipantView[];
    return rows[0];
  },

  async insertParticipant(m: EntityManager, tenantId: string, v: ParticipantValues): Promise<string> {
    const [row] = (await m.query(
      `INSERT INTO workforce_participants (tenant_id, la_id, recorded_by_org_id, full_name, work_email, role, setting_kind, setting_identifier, took_up_post_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        tenantId,
        v.laId,
        v.recordedByOrgId,
        v.fullName,
        v.workEmail,
        v.role,
        v.settingKind,
        v.settingIdentifier,
        v.tookUpPostOn,
      ],
    )) as { id: string }[];
    return row.id;
  },

  enrolments(m: EntityManager, params: unknown[], where: string): Promise<EnrolmentRow[]> {
    return m.query(
      `${ENROLMENT_SELECT} WHERE e.tenant_id = $1 AND ${where} ORDER BY w.full_name, e.id LIMIT 1000`,
      params,
    );
  },

  /**
   * The windows to qualify (of enrolments not qualified or withdrawn) and tie-ins (of completed or
   * accredited ones) ending from `$2` to `$2 + $3` days, soonest first: the same rule as the
   * reminders job's, over the enrolments `scope` lets the caller read.
   */
  endingSoon(m: EntityManager, params: unknown[], scope: string): Promise<EndingSoonView[]> {
    return m.query(
      `SELECT * FROM (
         SELECT e.id AS "enrolmentId", x.kind, to_char(x.ends_on, 'YYYY-MM-DD') AS "endsOn", w.full_name AS "participantName",
                la.name AS "laName", c.name AS "cohortName", p.name AS "programmeName", e.status
           FROM workforce_enrolments e
           JOIN workforce_participants w ON w.tenant_id = e.tenant_id AND w.id = e.participant_id
           JOIN organisations la ON la.tenant_id = e.tenant_id AND la.id = e.la_id
           JOIN workforce_cohorts c ON c.tenant_id = e.tenant_id AND c.id = e.cohort_id
           JOIN workforce_programmes p ON p.tenant_id = c.tenant_id AND p.id = c.programme_id
           CROSS JOIN LATERAL (VALUES
             ('window_ends', CASE WHEN e.status = ANY ($4::text[]) THEN e.qualification_window_ends_on END),
             ('tie_in_ends', CASE WHEN e.status = ANY ($5::text[]) THEN e.tie_in_ends_on END)) x (kind, ends_on)
          WHERE e.tenant_id = $1 AND x.ends_on BETWEEN $2::date AND $2::date + $3::int AND ${scope}
       ) ending ORDER BY "endsOn", "participantName", "enrolmentId" LIMIT 500`,
      params,
    );
  },

  async enrolment(m: EntityManager, params: unknown[], scope: string, lock = false): Promise<EnrolmentRow | undefined> {
    const rows = (await m.query(
      `${ENROLMENT_SELECT} WHERE e.tenant_id = $1 AND e.id = $2 AND ${scope}${lock ? ' FOR UPDATE OF e' : ''}`,
      params,
    )) as EnrolmentRow[];
    return rows[0];
  },

  async insertEnrolment(
    m: EntityManager,
    tenantId: string,
    v: {
      cohortId: string;
      participantId: string;
      laId: string;
      providerId: string;
      qualificationWindowEndsOn: string | null;
      tieInEndsOn: string | null;
    },
  ): Promise<string> {
    const [row] = (await m.query(
      `INSERT INTO workforce_enrolments (tenant_id, cohort_id, participant_id, la_id, provider_id, qualification_window_ends_on, tie_in_ends_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [tenantId, v.cohortId, v.participantId, v.laId, v.providerId, v.qualificationWindowEndsOn, v.tieInEndsOn],
    )) as { id: string }[];
    return row.id;
  },

  async moveEnrolment(m: EntityManager, tenantId: string, id: string, to: EnrolmentStatus, reason: string | null) {
    await m.query(
      `UPDATE workforce_enrolments SET status = $3, withdrawal_reason = $4, status_changed_at = now(), version = version + 1
        WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id, to, reason],
    );
  },

  history(m: EntityManager, tenantId: string, enrolmentId: string): Promise<EnrolmentEventView[]> {
    return m.query(
      `SELECT h.from_status AS "fromStatus", h.to_status AS "toStatus", h.reason, u.display_name AS "actorName",
              to_char(h.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at
         FROM workforce_enrolment_events h LEFT JOIN users u ON u.id = h.actor_id
        WHERE h.tenant_id = $1 AND h.enrolment_id = $2 ORDER BY h.at, h.id`,
      [tenantId, enrolmentId],
    );
  },

  milestones(m: EntityManager, tenantId: string, enrolmentId: string): Promise<MilestoneView[]> {
    return m.query(
      `SELECT milestone, to_char(evidence_on, 'YYYY-MM-DD') AS "evidenceOn",
              to_char(declared_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "declaredAt"
         FROM workforce_milestones WHERE tenant_id = $1 AND enrolment_id = $2
        ORDER BY array_position(ARRAY['started', 'retained', 'completed', 'assessed'], milestone)`,
      [tenantId, enrolmentId],
    );
  },

  async insertMilestone(
    m: EntityManager,
    tenantId: string,
    e: EnrolmentRow,
    milestone: Milestone,
    evidenceOn: string,
    actorId: string,
  ): Promise<boolean> {
    const rows = (await m.query(
      `INSERT INTO workforce_milestones (tenant_id, enrolment_id, milestone, la_id, provider_id, evidence_on, declared_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (tenant_id, enrolment_id, milestone) DO NOTHING RETURNING milestone`,
      [tenantId, e.id, milestone, e.laId, e.providerId, evidenceOn, actorId],
    )) as unknown[];
    return rows.length === 1;
  },
};
