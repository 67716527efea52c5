import { EntityManager } from 'typeorm';
import { SETTING_ORGANISATION_KINDS } from './coverage.model';
import { HOLDS_PLACE } from './workforce.model';

/** One enrolment as coverage counts it: its LA, programme, setting and status at the period's ends; no name, no email, no id. */
export interface CoverageEnrolmentRow {
  laId: string;
  programmeCode: string;
  tieIn: boolean;
  /**
   * The setting it counts for, if REP Hub knows it: the school organisation with the URN, the
   * organisation with the UKPRN, or the early years organisation with the Ofsted URN, the
   * participant gave for a school, a provider or an early years setting. Matched by kind as well
   * as number: a six-digit Ofsted URN is never taken for a school's URN.
   */
  settingId: string | null;
  windowEndsOn: string | null;
  tieInEndsOn: string | null;
  statusAtStart: string | null;
  statusAtEnd: string | null;
  completedInPeriod: boolean;
  withdrawnInPeriod: boolean;
  heldPlaceByEnd: boolean;
}

/**
 * The SQL of the coverage figures, beside CoverageService: each query is limited to the LAs given
 * (those the caller may read coverage of) and selects no participant's name or email. A status at
 * a date is read from the enrolment's history (the last change before it).
 */
export const CoverageStore = {
  /**
   * Each LA's funded and filled places over the cohorts running at some time in the period, as
   * they stood at its end. Funded: the LA's allocation by its history (the last one set by the end
   * of the period; a cohort whose places were first allocated after the period ended, a past cohort
   * recorded late, counts the places first allocated). Filled: the LA's enrolments in those cohorts
   * whose status at the end of the period held a place, by the enrolments' history.
   */
  places(
    m: EntityManager,
    tenantId: string,
    laIds: string[],
    from: string,
    to: string,
  ): Promise<{ laId: string; funded: number; filled: number }[]> {
    const allocated = (order: string, bound: string) =>
      `(SELECT h.places FROM workforce_allocation_events h
         WHERE h.tenant_id = a.tenant_id AND h.cohort_id = a.cohort_id AND h.la_id = a.la_id${bound}
         ORDER BY h.at ${order}, h.id ${order} LIMIT 1)`;
    return m.query(
      `SELECT a.la_id AS "laId",
              sum(coalesce(${allocated('DESC', ' AND h.at < ($4::date + 1)')}, ${allocated('ASC', '')}, a.places))::int AS funded,
              sum((SELECT count(*) FROM workforce_enrolments e
                    WHERE e.tenant_id = a.tenant_id AND e.cohort_id = a.cohort_id AND e.la_id = a.la_id
                      AND (SELECT h.to_status FROM workforce_enrolment_events h
                            WHERE h.tenant_id = e.tenant_id AND h.enrolment_id = e.id AND h.at < ($4::date + 1)
                            ORDER BY h.at DESC, h.id DESC LIMIT 1) = ANY ($5::text[])))::int AS filled
         FROM workforce_allocations a
         JOIN workforce_cohorts c ON c.tenant_id = a.tenant_id AND c.id = a.cohort_id
        WHERE a.tenant_id = $1 AND a.la_id = ANY ($2::uuid[]) AND c.starts_on <= $4::date AND c.ends_on >= $3::date
        GROUP BY a.la_id`,
      [tenantId, laIds, from, to, HOLDS_PLACE],
    );
  },

  /** The settings REP Hub knows in each LA (active school and early years organisations), counted. */
  settings(m: EntityManager, tenantId: string, laIds: string[]): Promise<{ laId: string; known: number }[]> {
    return m.query(
      `SELECT local_authority_id AS "laId", count(*)::int AS known FROM organisations
        WHERE tenant_id = $1 AND local_authority_id = ANY ($2::uuid[]) AND kind = ANY ($3::text[]) AND status = 'active'
        GROUP BY local_authority_id`,
      [tenantId, laIds, SETTING_ORGANISATION_KINDS],
    );
  },

  enrolments(
    m: EntityManager,
    tenantId: string,
    laIds: string[],
    from: string,
    to: string,
  ): Promise<CoverageEnrolmentRow[]> {
    const statusAt = (bound: string) =>
      `(SELECT h.to_status FROM workforce_enrolment_events h WHERE h.tenant_id = e.tenant_id AND h.enrolment_id = e.id
         AND h.at < ${bound} ORDER BY h.at DESC, h.id DESC LIMIT 1)`;
    const moved = (status: string) =>
      `EXISTS (SELECT 1 FROM workforce_enrolment_events h WHERE h.tenant_id = e.tenant_id AND h.enrolment_id = e.id
         AND h.to_status = '${status}' AND h.at >= $3::date AND h.at < ($4::date + 1))`;
    return m.query(
      `SELECT e.la_id AS "laId", p.code AS "programmeCode", p.tie_in_months IS NOT NULL AS "tieIn",
              (SELECT s.id FROM organisations s
                WHERE s.tenant_id = w.tenant_id AND s.kind = ANY ($5::text[]) AND s.status = 'active'
                  AND s.local_authority_id IS NOT NULL
                  AND ((w.setting_kind = 'school' AND s.kind = 'school' AND s.urn = w.setting_identifier)
                    OR (w.setting_kind = 'provider' AND s.ukprn = w.setting_identifier)
                    OR (w.setting_kind = 'early_years' AND s.kind = 'early_years' AND s.ofsted_urn = w.setting_identifier))
                ORDER BY s.id LIMIT 1) AS "settingId",
              to_char(e.qualification_window_ends_on, 'YYYY-MM-DD') AS "windowEndsOn",
              to_char(e.tie_in_ends_on, 'YYYY-MM-DD') AS "tieInEndsOn",
              ${statusAt('$3::date')} AS "statusAtStart",
              ${statusAt('($4::date + 1)')} AS "statusAtEnd",
              ${moved('completed')} AS "completedInPeriod",
              ${moved('withdrawn')} AS "withdrawnInPeriod",
              EXISTS (SELECT 1 FROM workforce_enrolment_events h WHERE h.tenant_id = e.tenant_id AND h.enrolment_id = e.id
                 AND h.to_status = ANY ($6::text[]) AND h.at < ($4::date + 1)) AS "heldPlaceByEnd"
         FROM workforce_enrolments e
         JOIN workforce_cohorts c ON c.tenant_id = e.tenant_id AND c.id = e.cohort_id
         JOIN workforce_programmes p ON p.tenant_id = c.tenant_id AND p.id = c.programme_id
         JOIN workforce_participants w ON w.tenant_id = e.tenant_id AND w.id = e.participant_id
        WHERE e.tenant_id = $1 AND e.la_id = ANY ($2::uuid[])`,
      [tenantId, laIds, from, to, SETTING_ORGANISATION_KINDS, HOLDS_PLACE],
    );
  },

  /** Each setting's LA, for the settings the enrolments name. */
  settingLas(m: EntityManager, tenantId: string, ids: string[]): Promise<{ id: string; laId: string }[]> {
    if (!ids.length) return Promise.resolve([]);
    return m.query(
      `SELECT id, local_authority_id AS "laId" FROM organisations WHERE tenant_id = $1 AND id = ANY ($2::uuid[])`,
      [tenantId, ids],
    );
  },
};
