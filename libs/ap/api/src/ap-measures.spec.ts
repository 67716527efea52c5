import {
  controlledMeasures,
  defaultPeriod,
  MeasureSections,
  MeasuresResult,
  sectionFigures,
  sharedMeasuresCsvText,
} from '@rep-hub/ap-domain';
import { UnitOfWork } from '@rep-hub/platform';
import { parse } from 'csv-parse/sync';
import { Workbook } from 'exceljs';
import { ApiWorld, Partnership } from '@rep-hub/api-surface/testing';
import { startApiWorld } from './testing';

const PERIOD = 'from=2025-01-01&to=2025-03-31';
const CODES: Record<string, string> = {
  present: '/',
  approved_educational_activity: 'B',
  authorised_absence: 'I',
  unauthorised_absence: 'O',
  not_possible: 'Y',
};

interface CaseSpec {
  la: 0 | 1;
  route: 'school_referral' | 'school_commission' | 'la_commission';
  reason: string;
  tier: string;
  created: string;
  events?: [string, string][];
  placement?: {
    tier: string;
    created: string;
    startedOn?: string;
    plannedEnd?: string;
    endedOn?: string;
    destination?: string;
  };
  followups?: [number, string, 'held' | 'not_held' | null][];
  /** Attendance: [first day, categories in AM/PM order from that day] and single sessions [date, AM|PM, category]. */
  runs?: [string, string[]][];
  sessions?: [string, 'AM' | 'PM', string][];
}

const n = (count: number, category: string) => Array<string>(count).fill(category);

/**
 * The fixture: LA one (A…) and LA two (B…) of one partnership, period 1 January to 31 March 2025.
 * Timestamps are UTC; England is on GMT until 30 March 2025, then BST (UTC+1), so 22:30Z on 31
 * March is still 31 March in England and 23:30Z is already 1 April.
 */
const CASES: Record<string, CaseSpec> = {
  A1: {
    la: 0,
    route: 'la_commission',
    reason: 'suspension',
    tier: 'tier_2',
    created: '2025-01-01T00:00:00Z', // the first moment of the period
    events: [['decide_offer', '2025-01-11T10:00:00Z']],
    placement: {
      tier: 'tier_2',
      created: '2025-01-13T10:00:00Z',
      startedOn: '2025-01-20',
      plannedEnd: '2025-03-14',
      endedOn: '2025-03-14',
      destination: 'returned_to_home_school',
    },
    followups: [
      [6, '2025-03-25', 'held'],
      [13, '2025-03-31', 'held'],
    ],
    // 8 present and 2 not possible from 3 February, one present on 1 January and one unauthorised on 31 March;
    // the unauthorised sessions on 31 December 2024 and 1 April 2025 are outside the period
    runs: [['2025-02-03', [...n(8, 'present'), ...n(2, 'not_possible')]]],
    sessions: [
      ['2025-01-01', 'AM', 'present'],
      ['2025-03-31', 'PM', 'unauthorised_absence'],
      ['2024-12-31', 'PM', 'unauthorised_absence'],
      ['2025-04-01', 'AM', 'unauthorised_absence'],
    ],
  },
  A2: {
    la: 0,
    route: 'school_referral',
    reason: 'at_risk_of_exclusion',
    tier: 'tier_2',
    created: '2025-01-10T09:00:00Z',
    events: [
      ['decide_more_information', '2025-01-14T09:00:00Z'],
      ['decide_offer', '2025-01-30T09:00:00Z'],
    ],
    placement: {
      tier: 'tier_2',
      created: '2025-02-01T10:00:00Z',
      startedOn: '2025-02-03',
      plannedEnd: '2025-03-03',
      endedOn: '2025-03-10',
      destination: 'moved_to_another_mainstream_school',
    },
    followups: [
      [6, '2025-03-28', 'held'],
      [13, '2025-04-01', null],
    ],
    runs: [
      [
        '2025-02-10',
        [
          ...n(4, 'present'),
          'approved_educational_activity',
          ...n(3, 'authorised_absence'),
          ...n(2, 'unauthorised_absence'),
        ],
      ],
    ],
  },
  A3: {
    la: 0,
    route: 'school_commission',
    reason: 'suspension',
    tier: 'tier_1',
    created: '2025-02-05T12:00:00Z',
    events: [['commission', '2025-02-05T12:00:00Z']],
    placement: { tier: 'tier_1', created: '2025-02-06T10:00:00Z', startedOn: '2025-02-10' },
    runs: [['2025-02-17', n(9, 'unauthorised_absence')]],
  },
  A4: {
    la: 0,
    route: 'la_commission',
    reason: 'medical_needs',
    tier: 'tier_3',
    created: '2024-12-31T23:59:00Z',
    events: [['decide_decline', '2025-01-02T10:00:00Z']],
  },
  A5: { la: 0, route: 'school_referral', reason: 'other', tier: 'tier_2', created: '2025-03-31T22:30:00Z' },
  A6: { la: 0, route: 'school_referral', reason: 'other', tier: 'tier_2', created: '2025-03-31T23:30:00Z' },
  A7: {
    la: 0,
    route: 'la_commission',
    reason: 'permanent_exclusion',
    tier: 'tier_2',
    created: '2024-11-01T10:00:00Z',
    events: [['decide_offer', '2024-11-15T10:00:00Z']],
    placement: {
      tier: 'tier_2',
      created: '2024-11-20T10:00:00Z',
      startedOn: '2024-12-02',
      plannedEnd: '2025-02-24',
      endedOn: '2025-03-31',
      destination: 'neet',
    },
    runs: [['2025-01-06', [...n(10, 'present'), 'authorised_absence']]],
  },
  A8: {
    la: 0,
    route: 'la_commission',
    reason: 'suspension',
    tier: 'tier_2',
    created: '2024-10-01T10:00:00Z',
    placement: {
      tier: 'tier_2',
      created: '2024-10-10T10:00:00Z',
      startedOn: '2024-10-14',
      plannedEnd: '2025-01-06',
      endedOn: '2025-04-01',
      destination: 'returned_to_home_school',
    },
  },
  A9: {
    la: 0,
    route: 'la_commission',
    reason: 'suspension',
    tier: 'tier_2',
    created: '2025-03-01T10:00:00Z',
    events: [['decide_offer', '2025-03-31T22:00:00Z']],
  },
  A10: {
    la: 0,
    route: 'la_commission',
    reason: 'suspension',
    tier: 'tier_2',
    created: '2025-03-02T10:00:00Z',
    events: [['decide_decline', '2025-03-31T23:10:00Z']],
  },
  A11: {
    la: 0,
    route: 'la_commission',
    reason: 'ehc_plan',
    tier: 'tier_3',
    created: '2025-03-10T10:00:00Z',
    events: [['decide_offer', '2025-03-20T10:00:00Z']],
    placement: { tier: 'tier_3', created: '2025-03-25T10:00:00Z', startedOn: '2025-03-31' },
  },
  A12: {
    la: 0,
    route: 'la_commission',
    reason: 'ehc_plan',
    tier: 'tier_3',
    created: '2025-03-11T10:00:00Z',
    events: [['decide_offer', '2025-03-21T10:00:00Z']],
    placement: { tier: 'tier_3', created: '2025-03-26T10:00:00Z', startedOn: '2025-04-01' },
  },
  B1: {
    la: 1,
    route: 'school_referral',
    reason: 'part_time_timetable',
    tier: 'tier_1',
    created: '2025-02-01T10:00:00Z',
    events: [['decide_offer', '2025-02-21T10:00:00Z']],
    placement: {
      tier: 'tier_1',
      created: '2025-02-22T10:00:00Z',
      startedOn: '2025-02-24',
      endedOn: '2025-03-20',
      destination: 'returned_to_home_school',
    },
    followups: [[1, '2025-03-27', 'not_held']],
  },
  B2: {
    la: 1,
    route: 'school_commission',
    reason: 'emotionally_based_school_avoidance',
    tier: 'tier_2',
    created: '2025-03-05T10:00:00Z',
    events: [['commission', '2025-03-05T10:00:00Z']],
    placement: {
      tier: 'tier_2',
      created: '2025-03-06T10:00:00Z',
      startedOn: '2025-03-10',
      plannedEnd: '2025-03-20',
      endedOn: '2025-03-17',
      destination: 'post16_education',
    },
  },
};

const reasons = (m: Record<string, number>) => ({
  permanent_exclusion: 0,
  suspension: 0,
  at_risk_of_exclusion: 0,
  part_time_timetable: 0,
  medical_needs: 0,
  ehc_plan: 0,
  emotionally_based_school_avoidance: 0,
  other: 0,
  ...m,
});
const destinations = (m: Record<string, number>) => ({
  returned_to_home_school: 0,
  moved_to_another_mainstream_school: 0,
  special_school: 0,
  tier_change: 0,
  post16_education: 0,
  post16_employment_or_training: 0,
  neet: 0,
  not_known: 0,
  ...m,
});
const groups = (m: Record<string, number>) => ({
  reintegration: 0,
  specialist: 0,
  ap: 0,
  post16: 0,
  neet: 0,
  unknown: 0,
  ...m,
});

/**
 * LA one, by hand.
 * Referrals (created 1 Jan–31 Mar in England): A1 (00:00 on 1 Jan counts), A2, A3, A5 (23:30 BST on 31 Mar), A9, A10,
 * A11, A12 = 8; not A4 (31 Dec), A6 (00:30 BST on 1 Apr), A7, A8.
 *   tiers: tier_1 A3 = 1; tier_2 A1 A2 A5 A9 A10 = 5; tier_3 A11 A12 = 2.
 *   reasons: suspension A1 A3 A9 A10 = 4; at_risk A2 = 1; other A5 = 1; ehc_plan A11 A12 = 2.
 *   routes: la_commission A1 A9 A10 A11 A12 = 5; school_referral A2 A5 = 2; school_commission A3 = 1.
 * Commissions (placements created in the period): A1 t2, A2 t2, A3 t1, A11 t3, A12 t3 = 5 (A7, A8 in 2024).
 *   reasons: suspension A1 A3 = 2; at_risk A2 = 1; ehc_plan A11 A12 = 2.
 * Time to decision (first decision in the period): A1 11 Jan − 1 Jan = 10; A2 first decision 14 Jan − 10 Jan = 4;
 *   A3 the commission itself = 0; A4 2 Jan − 31 Dec = 2 (opened before the period, decided in it); A9 31 Mar (BST) − 1 Mar = 30;
 *   A11 20 − 10 Mar = 10; A12 21 − 11 Mar = 10; not A10 (1 Apr in England), not A7 (2024).
 *   [0, 2, 4, 10, 10, 10, 30]: count 7, median 10, mean 66 / 7 = 9.43 → 9.4.
 * Time to placement (started in the period): A1 20 Jan − 1 Jan = 19; A2 3 Feb − 10 Jan = 24; A3 10 − 5 Feb = 5;
 *   A11 31 Mar − 10 Mar = 21; not A12 (1 Apr). [5, 19, 21, 24]: median (19 + 21) / 2 = 20, mean 69 / 4 = 17.25 → 17.3.
 * Attendance (sessions 1 Jan–31 Mar): A1 possible 10 (9 present + 1 unauthorised; 2 not possible), missed 1 = 10% → persistent;
 *   A2 possible 10, attended 4 + 1 = 5, authorised 3, unauthorised 2, missed 5 = 50% → persistent and severe;
 *   A3 possible 9 (all unauthorised): under 10, not counted; A7 possible 11, attended 10, authorised 1, missed 9.1% → neither.
 *   possible 10 + 10 + 9 + 11 = 40; attended 9 + 5 + 0 + 10 = 24 (60%); authorised 3 + 1 = 4 (10%); unauthorised 1 + 2 + 9 = 12 (30%);
 *   counted 3 (A1, A2, A7); persistent 2 (66.7%); severe 1 (33.3%).
 * Ended in the period: A1 (14 Mar, on its planned end: on time), A2 (10 Mar, after 3 Mar), A7 (31 Mar, after 24 Feb); not A8 (1 Apr).
 *   tier 2: 3 ended, 1 within = 33.3%. Reintegrated A1, A2 = 2 of 3 = 66.7%.
 *   Sustained: A1's last follow-up due 31 Mar, both held → due and held; A2's last is due 1 Apr → waiting. due 1, held 1 = 100%, waiting 1.
 *   Destinations: home school 1, another mainstream 1, NEET 1; groups reintegration 2, neet 1.
 */
const LA_ONE: MeasureSections = {
  referrals: {
    total: 8,
    byRequestedTier: { tier_1: 1, tier_2: 5, tier_3: 2 },
    byReason: reasons({ suspension: 4, at_risk_of_exclusion: 1, other: 1, ehc_plan: 2 }),
    byRoute: { school_referral: 2, school_commission: 1, la_commission: 5 },
  },
  commissions: {
    total: 5,
    byTier: { tier_1: 1, tier_2: 2, tier_3: 2 },
    byReason: reasons({ suspension: 2, at_risk_of_exclusion: 1, ehc_plan: 2 }),
  },
  timeToDecision: { count: 7, medianDays: 10, meanDays: 9.4 },
  timeToPlacement: { count: 4, medianDays: 20, meanDays: 17.3 },
  attendance: {
    possibleSessions: 40,
    attendedSessions: 24,
    authorisedAbsenceSessions: 4,
    unauthorisedAbsenceSessions: 12,
    attendanceRate: 60,
    authorisedAbsenceRate: 10,
    unauthorisedAbsenceRate: 30,
    placementsCounted: 3,
    persistentlyAbsent: 2,
    persistentAbsenceRate: 66.7,
    severelyAbsent: 1,
    severeAbsenceRate: 33.3,
  },
  tier2Completion: { ended: 3, withinPlannedTime: 1, rate: 33.3 },
  reintegration: { ended: 3, reintegrated: 2, rate: 66.7, sustained: { due: 1, held: 1, rate: 100, waiting: 1 } },
  destinations: {
    ended: 3,
    byDestination: destinations({ returned_to_home_school: 1, moved_to_another_mainstream_school: 1, neet: 1 }),
    byOutcomeGroup: groups({ reintegration: 2, neet: 1 }),
    post16: 0,
    neet: 1,
  },
};

/**
 * LA two, by hand: B1 and B2 opened, placed and ended in the period; no attendance recorded (rates null).
 * Decision: B1 21 − 1 Feb = 20, B2 its commission = 0 → median 10, mean 10. Placement: B1 24 − 1 Feb = 23, B2 10 − 5 Mar = 5 → 14, 14.
 * Tier 2 ended: B2 (17 Mar, before 20 Mar) = 1 of 1. Reintegrated: B1 of 2 = 50%; B1's only follow-up (27 Mar) not held: due 1, held 0 = 0%.
 */
const LA_TWO: MeasureSections = {
  referrals: {
    total: 2,
    byRequestedTier: { tier_1: 1, tier_2: 1, tier_3: 0 },
    byReason: reasons({ part_time_timetable: 1, emotionally_based_school_avoidance: 1 }),
    byRoute: { school_referral: 1, school_commission: 1, la_commission: 0 },
  },
  commissions: {
    total: 2,
    byTier: { tier_1: 1, tier_2: 1, tier_3: 0 },
    byReason: reasons({ part_time_timetable: 1, emotionally_based_school_avoidance: 1 }),
  },
  timeToDecision: { count: 2, medianDays: 10, meanDays: 10 },
  timeToPlacement: { count: 2, medianDays: 14, meanDays: 14 },
  attendance: {
    possibleSessions: 0,
    attendedSessions: 0,
    authorisedAbsenceSessions: 0,
    unauthorisedAbsenceSessions: 0,
    attendanceRate: null,
    authorisedAbsenceRate: null,
    unauthorisedAbsenceRate: null,
    placementsCounted: 0,
    persistentlyAbsent: 0,
    persistentAbsenceRate: null,
    severelyAbsent: 0,
    severeAbsenceRate: null,
  },
  tier2Completion: { ended: 1, withinPlannedTime: 1, rate: 100 },
  reintegration: { ended: 2, reintegrated: 1, rate: 50, sustained: { due: 1, held: 0, rate: 0, waiting: 0 } },
  destinations: {
    ended: 2,
    byDestination: destinations({ returned_to_home_school: 1, post16_education: 1 }),
    byOutcomeGroup: groups({ reintegration: 1, post16: 1 }),
    post16: 1,
    neet: 0,
  },
};

/**
 * Both LAs together (medians over all the cases, not of the LAs' medians).
 * Decision [0, 0, 2, 4, 10, 10, 10, 20, 30]: count 9, median 10, mean 86 / 9 = 9.56 → 9.6.
 * Placement [5, 5, 19, 21, 23, 24]: median (19 + 21) / 2 = 20, mean 97 / 6 = 16.17 → 16.2.
 * Tier 2: 4 ended, 2 within = 50%. Reintegration 3 of 5 = 60%; sustained due 2, held 1 = 50%, waiting 1.
 */
const BOTH: MeasureSections = {
  referrals: {
    total: 10,
    byRequestedTier: { tier_1: 2, tier_2: 6, tier_3: 2 },
    byReason: reasons({
      suspension: 4,
      at_risk_of_exclusion: 1,
      other: 1,
      ehc_plan: 2,
      part_time_timetable: 1,
      emotionally_based_school_avoidance: 1,
    }),
    byRoute: { school_referral: 3, school_commission: 2, la_commission: 5 },
  },
  commissions: {
    total: 7,
    byTier: { tier_1: 2, tier_2: 3, tier_3: 2 },
    byReason: reasons({
      suspension: 2,
      at_risk_of_exclusion: 1,
      ehc_plan: 2,
      part_time_timetable: 1,
      emotionally_based_school_avoidance: 1,
    }),
  },
  timeToDecision: { count: 9, medianDays: 10, meanDays: 9.6 },
  timeToPlacement: { count: 6, medianDays: 20, meanDays: 16.2 },
  attendance: LA_ONE.attendance,
  tier2Completion: { ended: 4, withinPlannedTime: 2, rate: 50 },
  reintegration: { ended: 5, reintegrated: 3, rate: 60, sustained: { due: 2, held: 1, rate: 50, waiting: 1 } },
  destinations: {
    ended: 5,
    byDestination: destinations({
      returned_to_home_school: 2,
      moved_to_another_mainstream_school: 1,
      neet: 1,
      post16_education: 1,
    }),
    byOutcomeGroup: groups({ reintegration: 3, neet: 1, post16: 1 }),
    post16: 1,
    neet: 1,
  },
};

/** AP measures through the API on real PostgreSQL, against figures computed by hand from a small fixture. */
describe('AP measures', () => {
  let world: ApiWorld;
  let p: Partnership;
  let other: Partnership;
  let uow: UnitOfWork;
  const ids: string[] = [];

  const as = (who: string, q: Partnership = p) => ({
    get: (path: string) => world.http.get(path).set('Authorization', `Bearer ${q.members[who].token}`),
  });

  beforeAll(async () => {
    world = await startApiWorld();
    uow = world.app.get(UnitOfWork);
    p = await world.partnership('apm', ['356', '357']);
    other = await world.partnership('apn', ['358', '359']);
    const [providerId] = (await uow.forTenant({ tenantId: p.tenantId }, (m) =>
      m.query(
        `INSERT INTO ap_providers (tenant_id, name, provider_type, ukprn, tiers) VALUES ($1, 'Measures Provider', 'pru', '10099887', ARRAY['tier_1', 'tier_2', 'tier_3']) RETURNING id`,
        [p.tenantId],
      ),
    )) as { id: string }[];
    let seq = 0;
    for (const c of Object.values(CASES)) {
      const laId = p.las[c.la];
      await uow.forTenant({ tenantId: p.tenantId, laIds: [laId] }, async (m) => {
        const [pupil] = (await m.query(
          `INSERT INTO pupils (tenant_id, la_id, upn_unknown_reason, given_name, family_name, date_of_birth) VALUES ($1, $2, 'UN2', $3, 'Measured', '2012-03-04') RETURNING id`,
          [p.tenantId, laId, `Child${seq++}`],
        )) as { id: string }[];
        const status = c.placement ? (c.placement.endedOn ? 'ended' : 'placement_active') : 'referred';
        const [row] = (await m.query(
          `INSERT INTO ap_cases (tenant_id, la_id, pupil_id, route, setting_id, reason, requested_tier, family_views, child_views, status, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'Agree', 'Agree', $8, $9) RETURNING id`,
          [
            p.tenantId,
            laId,
            pupil.id,
            c.route,
            c.route === 'la_commission' ? null : p.schoolId,
            c.reason,
            c.tier,
            status,
            c.created,
          ],
        )) as { id: string }[];
        ids.push(row.id, pupil.id);
        for (const [action, at] of c.events ?? []) {
          await m.query(
            `INSERT INTO ap_case_events (tenant_id, case_id, la_id, action, to_status, at) VALUES ($1, $2, $3, $4, 'offered', $5)`,
            [p.tenantId, row.id, laId, action, at],
          );
        }
        if (!c.placement) return;
        const pl = c.placement;
        const [placement] = (await m.query(
          `INSERT INTO ap_placements (tenant_id, case_id, la_id, provider_id, tier, academic_year, status, planned_start, planned_end, started_on, ended_on, end_reason, destination, created_at)
           VALUES ($1, $2, $3, $4, $5, '2024/25', $6, $7, $8, $7, $9, $10, $11, $12) RETURNING id`,
          [
            p.tenantId,
            row.id,
            laId,
            providerId.id,
            pl.tier,
            pl.endedOn ? 'ended' : 'active',
            pl.startedOn,
            pl.plannedEnd ?? null,
            pl.endedOn ?? null,
            pl.endedOn ? 'Ended' : null,
            pl.destination ?? null,
            pl.created,
          ],
        )) as { id: string }[];
        ids.push(placement.id);
        for (const [weeks, due, outcome] of c.followups ?? []) {
          await m.query(
            `INSERT INTO ap_followups (tenant_id, case_id, placement_id, la_id, weeks, due_on, outcome, recorded_on) VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $7::text IS NULL THEN NULL ELSE $6::date END)`,
            [p.tenantId, row.id, placement.id, laId, weeks, due, outcome],
          );
        }
        const sessions: [string, string, string][] = [...(c.sessions ?? [])];
        for (const [first, categories] of c.runs ?? []) {
          categories.forEach((category, i) =>
            sessions.push([
              new Date(Date.parse(`${first}T00:00:00Z`) + Math.floor(i / 2) * 86_400_000).toISOString().slice(0, 10),
              i % 2 ? 'PM' : 'AM',
              category,
            ]),
          );
        }
        for (const [date, session, category] of sessions) {
          await m.query(
            `INSERT INTO ap_attendance (tenant_id, placement_id, session_date, session, la_id, provider_id, code, code_version, category) VALUES ($1, $2, $3, $4, $5, $6, $7, '2024-08', $8)`,
            [p.tenantId, placement.id, date, session, laId, providerId.id, CODES[category], category],
          );
        }
      });
    }
  });
  afterAll(() => world?.close());

  it('gives the partnership lead every LA and both together, equal to the figures computed by hand, as aggregates only', async () => {
    const r = await as('lead').get(`/api/v1/ap/measures?${PERIOD}`);
    expect(r.status).toBe(200);
    expect(r.body.period).toEqual({ from: '2025-01-01', to: '2025-03-31' });
    expect(r.body.scope).toBe('partnership');
    const names = new Map([
      [p.las[0], 'apm LA one'],
      [p.las[1], 'apm LA two'],
    ]);
    expect(r.body.las.map((l: { laId: string }) => l.laId).sort()).toEqual([...p.las].sort());
    const one = r.body.las.find((l: { laId: string }) => l.laId === p.las[0]);
    const two = r.body.las.find((l: { laId: string }) => l.laId === p.las[1]);
    expect(one).toEqual({ laId: p.las[0], laName: names.get(p.las[0]), ...LA_ONE });
    expect(two).toEqual({ laId: p.las[1], laName: names.get(p.las[1]), ...LA_TWO });
    expect(r.body.partnership).toEqual(BOTH);
    // no case, pupil or placement id: counts and rates only
    const text = JSON.stringify(r.body);
    expect(ids.filter((id) => text.includes(id))).toEqual([]);
  });

  it('shows an LA officer their own LA only, with the LA’s figures as the total', async () => {
    const r = await as('la1').get(`/api/v1/ap/measures?${PERIOD}`);
    expect(r.status).toBe(200);
    expect(r.body.scope).toBe('la');
    expect(r.body.las.map((l: { laId: string }) => l.laId)).toEqual([p.las[0]]);
    expect(r.body.partnership).toEqual(LA_ONE);
    const two = await as('la2').get(`/api/v1/ap/measures?${PERIOD}`);
    expect(two.body.las.map((l: { laId: string }) => l.laId)).toEqual([p.las[1]]);
    expect(two.body.partnership).toEqual(LA_TWO);
    // the lead narrowed to one LA
    const narrowed = await as('lead').get(`/api/v1/ap/measures?${PERIOD}&laId=${p.las[1]}`);
    expect(narrowed.status).toBe(200);
    expect(narrowed.body.scope).toBe('la');
    expect(narrowed.body.partnership).toEqual(LA_TWO);
  });

  it('counts an event on the last day and not the day after: moving the period by one day moves the figures', async () => {
    // to 30 March: A5 (31 Mar) is not a referral, A9's decision (31 Mar) and A11's start (31 Mar) drop out,
    // A7's end (31 Mar) drops out, and A1's last follow-up (31 Mar) is no longer due
    const r = await as('la1').get('/api/v1/ap/measures?from=2025-01-01&to=2025-03-30');
    expect(r.body.partnership.referrals.total).toBe(7);
    expect(r.body.partnership.timeToDecision).toEqual({ count: 6, medianDays: 7, meanDays: 6 }); // [0, 2, 4, 10, 10, 10]: (4 + 10) / 2, 36 / 6
    expect(r.body.partnership.timeToPlacement).toEqual({ count: 3, medianDays: 19, meanDays: 16 }); // [5, 19, 24]: 48 / 3
    expect(r.body.partnership.tier2Completion).toEqual({ ended: 2, withinPlannedTime: 1, rate: 50 });
    expect(r.body.partnership.reintegration.sustained).toEqual({ due: 0, held: 0, rate: null, waiting: 2 });
    // A1's unauthorised session on 31 March drops out: possible 39, attended 24
    expect(r.body.partnership.attendance.possibleSessions).toBe(39);
    // from 2 January: A1 (1 Jan) is not a referral, A4's decision (2 Jan) still counts, A1's 1 January session drops out
    const later = await as('la1').get('/api/v1/ap/measures?from=2025-01-02&to=2025-03-31');
    expect(later.body.partnership.referrals.total).toBe(7);
    expect(later.body.partnership.timeToDecision.count).toBe(7);
    expect(later.body.partnership.attendance).toMatchObject({ possibleSessions: 39, attendedSessions: 23 });
  });

  it('answers an empty period with zeros and null rates, never 0 for a rate with nothing to divide by', async () => {
    const r = await as('lead').get('/api/v1/ap/measures?from=2020-01-01&to=2020-01-31');
    expect(r.status).toBe(200);
    const s = r.body.partnership;
    expect(s.referrals.total).toBe(0);
    expect(s.timeToDecision).toEqual({ count: 0, medianDays: null, meanDays: null });
    expect(s.attendance.attendanceRate).toBeNull();
    expect(s.tier2Completion).toEqual({ ended: 0, withinPlannedTime: 0, rate: null });
    expect(s.reintegration).toEqual({
      ended: 0,
      reintegrated: 0,
      rate: null,
      sustained: { due: 0, held: 0, rate: null, waiting: 0 },
    });
  });

  it('defaults to the academic year to date', async () => {
    const r = await as('la1').get('/api/v1/ap/measures');
    expect(r.status).toBe(200);
    expect(r.body.period).toEqual(defaultPeriod());
    expect(r.body.period.from).toMatch(/^\d{4}-09-01$/);
  });

  it('refuses other roles (403), LAs outside the caller’s scope (404) and bad periods (400 naming the field)', async () => {
    for (const who of ['school', 'provider', 'workforce', 'dpo']) {
      const r = await as(who).get(`/api/v1/ap/measures?${PERIOD}`);
      expect([who, r.status]).toEqual([who, 403]);
      const e = await as(who).get(`/api/v1/ap/measures/export?${PERIOD}`);
      expect([who, 'export', e.status]).toEqual([who, 'export', 403]);
      const shared = await as(who).get(`/api/v1/ap/measures/export/for-sharing?${PERIOD}`);
      expect([who, 'for-sharing', shared.status]).toEqual([who, 'for-sharing', 403]);
    }
    expect((await as('la1').get(`/api/v1/ap/measures?${PERIOD}&laId=${p.las[1]}`)).status).toBe(404);
    expect((await as('lead').get(`/api/v1/ap/measures?${PERIOD}&laId=${other.las[0]}`)).status).toBe(404);
    expect((await as('lead', other).get(`/api/v1/ap/measures?${PERIOD}&laId=${p.las[0]}`)).status).toBe(404);
    expect((await as('la1', other).get(`/api/v1/ap/measures/export?${PERIOD}&laId=${p.las[0]}`)).status).toBe(404);
    const cases: [string, string][] = [
      ['from=2025-02-30&to=2025-03-31', 'from'],
      ['from=2025-01-01&to=31/03/2025', 'to'],
      ['from=2025-04-01&to=2025-03-31', 'to'],
      ['from=2999-01-01', 'from'],
      ['laId=not-an-id', 'laId'],
    ];
    for (const [q, field] of cases) {
      const r = await as('lead').get(`/api/v1/ap/measures?${q}`);
      expect([q, r.status, r.headers['content-type']]).toEqual([
        q,
        400,
        expect.stringContaining('application/problem+json'),
      ]);
      expect([q, r.body.errors.map((e: { field: string }) => e.field)]).toEqual([q, [field]]);
    }
    const format = await as('lead').get(`/api/v1/ap/measures/export?${PERIOD}&format=pdf`);
    expect(format.status).toBe(400);
    expect(format.body.errors).toEqual([{ field: 'format', message: 'format must be csv or xlsx' }]);
  });

  /** Every figure of the JSON, keyed as the tidy table keys it. */
  const COLUMNS = [
    'period_from',
    'period_to',
    'scope',
    'la_name',
    'measure_label',
    'breakdown_label',
    'value',
    'la_id',
    'measure',
    'breakdown',
  ];
  const figures = (body: { las: ({ laId: string } & MeasureSections)[]; partnership: MeasureSections }) => {
    const out = new Map<string, number | null>();
    for (const la of body.las) for (const [m, b, v] of sectionFigures(la)) out.set(`la|${la.laId}|${m}|${b}`, v);
    for (const [m, b, v] of sectionFigures(body.partnership)) out.set(`partnership||${m}|${b}`, v);
    return out;
  };

  it('exports the same figures as CSV: a tidy table with a header row that parses back to the numbers', async () => {
    const json = (await as('lead').get(`/api/v1/ap/measures?${PERIOD}`)).body;
    const r = await as('lead').get(`/api/v1/ap/measures/export?${PERIOD}&format=csv`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.headers['content-disposition']).toBe('attachment; filename="ap-measures-2025-01-01-to-2025-03-31.csv"');
    const rows = parse(r.text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    expect(Object.keys(rows[0])).toEqual(COLUMNS);
    const expected = figures(json);
    expect(rows.length).toBe(expected.size);
    const parsed = new Map(
      rows.map((x) => [
        `${x['scope']}|${x['la_id']}|${x['measure']}|${x['breakdown']}`,
        x['value'] === '' ? null : Number(x['value']),
      ]),
    );
    expect(parsed).toEqual(expected);
    // and by hand: LA one's referrals and the partnership's attendance rate; LA two's null rate is an empty cell
    expect(parsed.get(`la|${p.las[0]}|referrals|total`)).toBe(8);
    expect(parsed.get('partnership||tier2_completion|rate')).toBe(50);
    expect(parsed.get(`la|${p.las[1]}|attendance|attendance_rate`)).toBeNull();
    expect(rows.every((x) => x['period_from'] === '2025-01-01' && x['period_to'] === '2025-03-31')).toBe(true);
    // words for readers beside the codes: the LA's name, the measure, and the tier's label rather than tier_1
    const tier1 = rows.find(
      (x) => x['la_id'] === p.las[0] && x['measure'] === 'referrals_by_requested_tier' && x['breakdown'] === 'tier_1',
    )!;
    expect(tier1['la_name']).not.toBe('');
    expect(tier1['measure_label']).toBe('Referrals by tier asked for');
    expect(tier1['breakdown_label']).toBe('Tier 1: targeted support in mainstream');
    expect(
      rows.find((x) => x['measure'] === 'attendance' && x['breakdown'] === 'attendance_rate')!['breakdown_label'],
    ).toBe('Attendance rate (%)');
    expect(rows.filter((x) => x['breakdown_label'] === x['breakdown'])).toEqual([]);
    // the default format is CSV too
    expect((await as('la1').get(`/api/v1/ap/measures/export?${PERIOD}`)).headers['content-type']).toBe(
      'text/csv; charset=utf-8',
    );
  });

  it('exports XLSX that opens with exceljs: the tidy rows and a definitions sheet', async () => {
    const json = (await as('lead').get(`/api/v1/ap/measures?${PERIOD}`)).body;
    const r = await as('lead')
      .get(`/api/v1/ap/measures/export?${PERIOD}&format=xlsx`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(r.headers['content-disposition']).toBe('attachment; filename="ap-measures-2025-01-01-to-2025-03-31.xlsx"');
    const wb = new Workbook();
    await wb.xlsx.load(r.body as never);
    const sheet = wb.getWorksheet('measures')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(COLUMNS);
    const parsed = new Map<string, number | null>();
    const at = (name: string) => COLUMNS.indexOf(name) + 1;
    sheet.eachRow((row, i) => {
      if (i === 1) return;
      const v = row.values as unknown[];
      parsed.set(
        `${v[at('scope')]}|${v[at('la_id')] ?? ''}|${v[at('measure')]}|${v[at('breakdown')]}`,
        (v[at('value')] as number | undefined) ?? null,
      );
    });
    expect(JSON.stringify(sheet.getSheetValues())).toContain('Tier 2: time-limited placements');
    expect(parsed).toEqual(figures(json));
    expect(parsed.get(`la|${p.las[0]}|attendance|severely_absent`)).toBe(1);
    const defs = wb.getWorksheet('definitions')!;
    expect(defs.rowCount).toBeGreaterThan(5);
    expect(JSON.stringify(defs.getSheetValues())).toContain('Persistently absent');
  });

  it('exports for sharing outside the partnership only through disclosure control: the library’s output over the same figures, small counts as c, with the method note', async () => {
    const json = (await as('lead').get(`/api/v1/ap/measures?${PERIOD}`)).body as MeasuresResult;
    const r = await as('lead').get(`/api/v1/ap/measures/export/for-sharing?${PERIOD}&format=csv`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.headers['content-disposition']).toBe(
      'attachment; filename="ap-measures-for-sharing-2025-01-01-to-2025-03-31.csv"',
    );
    expect(r.headers['disclosure-control']).toBe('controlled; release="ap-measures"; version=1');
    // exactly what the library makes of the figures the partnership sees
    expect(r.text).toBe(sharedMeasuresCsvText(json, controlledMeasures(json)));
    const lines = r.text.split('\r\n');
    expect(lines[0]).toBe(
      `# Controlled for sharing outside the partnership by REP Hub's disclosure control: release "ap-measures", version 1.`,
    );
    const rows = parse(r.text, { columns: true, skip_empty_lines: true, comment: '#' }) as Record<string, string>[];
    const shared = new Map(
      rows.map((x) => [`${x['scope']}|${x['la_id']}|${x['measure']}|${x['breakdown']}`, x['value']]),
    );
    const raw = figures(json);
    expect(shared.size).toBe(raw.size);
    for (const [k, v] of shared) {
      const truth = raw.get(k);
      // every count shown is the true one, 0 or 5 and over; a 1 to 4 count never appears
      if (/^\d+$/.test(v) && !/rate|days/.test(k))
        expect([k, Number(v) === truth && (truth === 0 || truth >= 5)]).toEqual([k, true]);
      if (typeof truth === 'number' && truth >= 1 && truth <= 4 && !/rate|days/.test(k))
        expect([k, v]).toEqual([k, 'c']);
    }
    // figures are still shared (not everything is hidden); LA one's 1 severely absent placement is not, nor the rate over it
    expect([...shared.values()].filter((v) => /^\d+$/.test(v) && Number(v) >= 5).length).toBeGreaterThan(5);
    expect(raw.get(`la|${p.las[0]}|attendance|severely_absent`)).toBe(1);
    expect(shared.get(`la|${p.las[0]}|attendance|severely_absent`)).toBe('c');
    expect(shared.get(`la|${p.las[0]}|attendance|severe_absence_rate`)).toBe('c');
    // a rate over nothing is z, not empty
    expect(shared.get(`la|${p.las[1]}|attendance|attendance_rate`)).toBe('z');
    // the partnership's own export is untouched
    const own = await as('lead').get(`/api/v1/ap/measures/export?${PERIOD}&format=csv`);
    expect(own.text).not.toContain('# Controlled');
    expect(own.text).toContain(
      `la,apm LA one,Attendance,Placements severely absent (50% or more missed),1,${p.las[0]},attendance,severely_absent`,
    );
  });

  it('exports the controlled XLSX with a method sheet that says what was done', async () => {
    const json = (await as('la1').get(`/api/v1/ap/measures?${PERIOD}`)).body as MeasuresResult;
    const r = await as('la1')
      .get(`/api/v1/ap/measures/export/for-sharing?${PERIOD}&format=xlsx`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(r.status).toBe(200);
    expect(r.headers['content-disposition']).toBe(
      'attachment; filename="ap-measures-for-sharing-2025-01-01-to-2025-03-31.xlsx"',
    );
    const wb = new Workbook();
    await wb.xlsx.load(r.body as never);
    const controlled = controlledMeasures(json);
    const method = (wb.getWorksheet('method')!.getSheetValues() as unknown[][]).slice(2).map((row) => row[1]);
    expect(method).toEqual(controlled.note.lines);
    const values: unknown[] = [];
    const at = COLUMNS.indexOf('value') + 1;
    wb.getWorksheet('measures')!.eachRow((row, i) => i > 1 && values.push((row.values as unknown[])[at]));
    expect(values).toEqual(controlled.tables[0].cells.map((c) => c.value));
    expect(values).toContain('c');
  });
});
