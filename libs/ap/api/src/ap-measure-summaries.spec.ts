import {
  finishSections,
  MeasureSections,
  measureSections,
  REFERENCE_FIGURES,
  SUMMARY_FIGURES,
} from '@rep-hub/ap-domain';
import { UnitOfWork } from '@rep-hub/platform';
import { ApiWorld, Partnership } from '@rep-hub/api-surface/testing';
import { EntityManager } from 'typeorm';
import { startApiWorld } from './testing';

/** A small seeded generator, so a failure names the same data on every run. */
function generator(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  return { next, int, pick };
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const at = (day: number, minutes: number) => new Date(day + minutes * 60_000).toISOString();
const ROUTES = ['school_referral', 'school_commission', 'la_commission'] as const;
const REASONS = ['permanent_exclusion', 'suspension', 'at_risk_of_exclusion', 'medical_needs', 'ehc_plan', 'other'];
const TIERS = ['tier_1', 'tier_2', 'tier_3'];
const DESTINATIONS = [
  'returned_to_home_school',
  'moved_to_another_mainstream_school',
  'special_school',
  'post16_education',
  'neet',
  'not_known',
];
const CATEGORIES: [string, string][] = [
  ['present', '/'],
  ['present', '\\'],
  ['approved_educational_activity', 'B'],
  ['authorised_absence', 'I'],
  ['unauthorised_absence', 'O'],
  ['not_possible', 'Y'],
];
/** Periods with whole and partial months, one day (the clocks going forward), across years. */
const PERIODS = [
  { from: '2024-09-01', to: '2025-08-31' },
  { from: '2025-01-15', to: '2025-03-10' },
  { from: '2025-03-30', to: '2025-03-30' },
  { from: '2025-02-01', to: '2025-02-28' },
  { from: '2025-02-10', to: '2025-02-20' },
  { from: '2025-05-31', to: '2025-06-01' },
  { from: '2024-10-07', to: '2025-04-01' },
  { from: '2025-06-20', to: '2025-07-01' },
  { from: '2023-01-01', to: '2026-12-31' },
];

const plain = (r: { by: Map<string, MeasureSections>; all: MeasureSections }) => ({
  by: Object.fromEntries([...r.by.entries()].sort(([a], [b]) => a.localeCompare(b))),
  all: r.all,
});

/**
 * The summaries the database keeps (triggers, migration 1766000500000) against the measures
 * computed on demand from the records (measures.reference.queries.ts), on varied data written as
 * the app role through the product's unit of work: several LAs, tiers, providers, reasons and
 * routes, events either side of midnight in England, placements that start and end inside and
 * outside the periods, follow-ups, every attendance category; then changes, deletions and
 * concurrent writers after the first read.
 */
describe('AP measure summaries', () => {
  let world: ApiWorld;
  let p: Partnership;
  let uow: UnitOfWork;
  let las: string[];
  const g = generator(22);
  const cases: { id: string; la: string; placementId?: string; created: number }[] = [];

  const within = <T>(laIds: string[], work: (m: EntityManager) => Promise<T>) =>
    uow.forTenant({ tenantId: p.tenantId, laIds }, work);

  const both = (laIds: string[], period: { from: string; to: string }) =>
    within(laIds, async (m) => ({
      summary: plain(await measureSections(m, p.tenantId, laIds, period, SUMMARY_FIGURES)),
      reference: plain(await measureSections(m, p.tenantId, laIds, period, REFERENCE_FIGURES)),
    }));

  /** Every period in every scope: the summaries' figures equal the reference's. */
  const expectSame = async () => {
    const scopes = [las, [las[0]], [las[1]], [las[0], las[2]]];
    for (const scope of scopes)
      for (const period of PERIODS) {
        const { summary, reference } = await both(scope, period);
        expect({ scope, period, ...summary }).toEqual({ scope, period, ...reference });
      }
  };

  async function seedCase(la: string, providerId: string, pupilId: string): Promise<void> {
    const created = Date.UTC(2024, 7, 1) + g.int(0, 520) * DAY;
    // some opened late in the evening: the next day in England in summer
    const createdAt = at(created, g.pick([9 * 60, 23 * 60 + 30, 0, 22 * 60 + 45]));
    const route = g.pick(ROUTES);
    await within([la], async (m) => {
      const [c] = (await m.query(
        `INSERT INTO ap_cases (tenant_id, la_id, pupil_id, route, setting_id, reason, requested_tier, family_views, child_views, status, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'Agree', 'Agree', 'referred', $8) RETURNING id`,
        [
          p.tenantId,
          la,
          pupilId,
          route,
          route === 'la_commission' ? null : p.schoolId,
          g.pick(REASONS),
          g.pick(TIERS),
          createdAt,
        ],
      )) as { id: string }[];
      const entry: (typeof cases)[number] = { id: c.id, la, created };
      cases.push(entry);
      const events: [string, string][] = [];
      const decided = g.int(0, 40);
      if (g.next() < 0.7)
        events.push([
          g.pick(['decide_offer', 'decide_decline', 'decide_more_information']),
          at(created + decided * DAY, g.int(0, 1439)),
        ]);
      if (g.next() < 0.3)
        events.push([g.pick(['decide_offer', 'decide_decline']), at(created + (decided + g.int(1, 20)) * DAY, 600)]);
      // offers and commissions, some before the first decision
      if (g.next() < 0.5)
        events.push([g.pick(['offer', 'commission']), at(created + g.int(0, 50) * DAY, g.int(0, 1439))]);
      for (const [action, when] of events)
        await m.query(
          `INSERT INTO ap_case_events (tenant_id, case_id, la_id, action, to_status, at) VALUES ($1, $2, $3, $4, 'offered', $5)`,
          [p.tenantId, c.id, la, action, when],
        );
      if (g.next() < 0.25) return;
      const start = created + g.int(5, 60) * DAY;
      const started = g.next() < 0.9;
      const length = g.int(10, 150);
      const ended = started && g.next() < 0.7;
      const tier = g.pick(TIERS);
      const [pl] = (await m.query(
        `INSERT INTO ap_placements (tenant_id, case_id, la_id, provider_id, tier, academic_year, status, planned_start, planned_end, started_on, ended_on, end_reason, destination, created_at)
         VALUES ($1, $2, $3, $4, $5, '2024/25', $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
        [
          p.tenantId,
          c.id,
          la,
          providerId,
          tier,
          ended ? 'ended' : started ? 'active' : 'planned',
          iso(start),
          g.next() < 0.7 ? iso(start + g.int(20, 120) * DAY) : null,
          started ? iso(start) : null,
          ended ? iso(start + length * DAY) : null,
          ended ? 'Ended' : null,
          ended ? g.pick(DESTINATIONS) : null,
          at(start - g.int(1, 5) * DAY, g.pick([600, 23 * 60 + 15])),
        ],
      )) as { id: string }[];
      entry.placementId = pl.id;
      if (ended) {
        for (const weeks of [6, 13, 26].slice(0, g.int(0, 3)))
          await m.query(
            `INSERT INTO ap_followups (tenant_id, case_id, placement_id, la_id, weeks, due_on, outcome, recorded_on)
             VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $7::text IS NULL THEN NULL ELSE $6::date END)`,
            [
              p.tenantId,
              c.id,
              pl.id,
              la,
              weeks,
              iso(start + (length + weeks * 7) * DAY),
              g.pick(['held', 'held', 'not_held', null]),
            ],
          );
      }
      if (!started) return;
      const dates: string[] = [];
      const sessions: string[] = [];
      const codes: string[] = [];
      const categories: string[] = [];
      // a bias per placement, so some are persistently or severely absent and some not
      const absent = g.pick([0.02, 0.1, 0.3, 0.6]);
      for (let d = 0; d < Math.min(length, 90); d++) {
        const day = start + d * DAY;
        if ([0, 6].includes(new Date(day).getUTCDay())) continue;
        for (const session of ['AM', 'PM']) {
          const [category, code] = g.next() < absent ? g.pick(CATEGORIES.slice(3)) : g.pick(CATEGORIES.slice(0, 3));
          dates.push(iso(day));
          sessions.push(session);
          codes.push(session === 'PM' && code === '/' ? '\\' : code);
          categories.push(category);
        }
      }
      await m.query(
        `INSERT INTO ap_attendance (tenant_id, placement_id, session_date, session, la_id, provider_id, code, code_version, category)
         SELECT $1, $2, d, s, $3, $4, c, '2024-08', k FROM unnest($5::date[], $6::text[], $7::text[], $8::text[]) AS x (d, s, c, k)`,
        [p.tenantId, pl.id, la, providerId, dates, sessions, codes, categories],
      );
    });
  }

  beforeAll(async () => {
    world = await startApiWorld();
    uow = world.app.get(UnitOfWork);
    p = await world.partnership('aps', ['370', '371']);
    const third = await world.created('post', `/api/v1/admin/tenants/${p.tenantId}/organisations`, {
      kind: 'local_authority',
      name: 'aps LA three',
      laNumber: '372',
    });
    las = [...p.las, third.id];
    const providers = (await uow.forTenant({ tenantId: p.tenantId }, (m) =>
      m.query(
        `INSERT INTO ap_providers (tenant_id, name, provider_type, ukprn, tiers)
         SELECT $1, 'Summary Provider ' || i, 'pru', (10077000 + i)::text, ARRAY['tier_1', 'tier_2', 'tier_3'] FROM generate_series(1, 3) i RETURNING id`,
        [p.tenantId],
      ),
    )) as { id: string }[];
    for (let i = 0; i < 54; i++) {
      const la = las[i % 3];
      const [pupil] = (await within([la], (m) =>
        m.query(
          `INSERT INTO pupils (tenant_id, la_id, upn_unknown_reason, given_name, family_name, date_of_birth) VALUES ($1, $2, 'UN2', $3, 'Summarised', '2012-03-04') RETURNING id`,
          [p.tenantId, la, `Child${i}`],
        ),
      )) as { id: string }[];
      await seedCase(la, providers[i % 3].id, pupil.id);
    }
  });
  afterAll(() => world?.close());

  it('gives the same figures as computing them from the records, for every period and scope', async () => {
    await expectSame();
    // the data exercises every measure (so the equality above is not between empty sections)
    const { reference } = await both(las, PERIODS[8]);
    const all = reference.all;
    expect(all.referrals.total).toBe(54);
    expect(all.commissions.total).toBeGreaterThan(20);
    expect(all.timeToDecision.count).toBeGreaterThan(20);
    expect(all.timeToPlacement.count).toBeGreaterThan(20);
    expect(all.attendance.placementsCounted).toBeGreaterThan(10);
    expect(all.attendance.persistentlyAbsent).toBeGreaterThan(0);
    expect(all.attendance.severelyAbsent).toBeGreaterThan(0);
    expect(all.tier2Completion.ended).toBeGreaterThan(0);
    expect(all.reintegration.sustained.due).toBeGreaterThan(0);
    // follow-ups not yet due at the end of a shorter period
    expect((await both(las, PERIODS[0])).reference.all.reintegration.sustained.waiting).toBeGreaterThan(0);
  });

  it('stays equal after records change and are deleted, and under concurrent writers', async () => {
    const withPlacement = cases.filter((c) => c.placementId);
    const [a, b, c, d, e] = withPlacement;
    await within(las, async (m) => {
      // a case's reason, tier and opening moved; a placement's tier and end changed; another ended now
      await m.query(
        `UPDATE ap_cases SET reason = 'ehc_plan', requested_tier = 'tier_3', created_at = created_at - interval '40 days' WHERE tenant_id = $1 AND id = $2`,
        [p.tenantId, a.id],
      );
      await m.query(
        `UPDATE ap_placements SET tier = 'tier_2', status = 'ended', ended_on = started_on + 30, planned_end = started_on + 30,
                destination = 'returned_to_home_school', end_reason = 'Ended' WHERE tenant_id = $1 AND id = $2 AND started_on IS NOT NULL`,
        [p.tenantId, b.placementId],
      );
      await m.query(`UPDATE ap_placements SET started_on = started_on + 3 WHERE tenant_id = $1 AND id = $2`, [
        p.tenantId,
        c.placementId,
      ]);
      // an earlier decision and an offer before it
      await m.query(
        `INSERT INTO ap_case_events (tenant_id, case_id, la_id, action, to_status, at)
         VALUES ($1, $2, $3, 'decide_decline', 'declined', $4), ($1, $2, $3, 'offer', 'offered', $5)`,
        [p.tenantId, d.id, d.la, at(d.created + DAY, 23 * 60 + 20), at(d.created, 60)],
      );
      // follow-ups recorded, added and removed
      await m.query(
        `UPDATE ap_followups SET outcome = 'not_held' WHERE tenant_id = $1 AND outcome = 'held' AND weeks = 6`,
        [p.tenantId],
      );
      await m.query(`DELETE FROM ap_followups WHERE tenant_id = $1 AND weeks = 26`, [p.tenantId]);
      // attendance corrected across months in one statement, and some removed
      await m.query(
        `UPDATE ap_attendance SET category = 'unauthorised_absence', code = 'O' WHERE tenant_id = $1 AND placement_id = $2 AND session = 'AM'`,
        [p.tenantId, e.placementId],
      );
      await m.query(
        `DELETE FROM ap_attendance WHERE tenant_id = $1 AND la_id = $2 AND extract(day FROM session_date) BETWEEN 10 AND 12`,
        [p.tenantId, las[1]],
      );
    });
    // a case and everything about it deleted
    const gone = withPlacement[5];
    await within([gone.la], async (m) => {
      for (const table of ['ap_attendance', 'ap_followups'])
        await m.query(`DELETE FROM ${table} WHERE tenant_id = $1 AND placement_id = $2`, [
          p.tenantId,
          gone.placementId,
        ]);
      await m.query(`DELETE FROM ap_placements WHERE tenant_id = $1 AND id = $2`, [p.tenantId, gone.placementId]);
      await m.query(`DELETE FROM ap_case_events WHERE tenant_id = $1 AND case_id = $2`, [p.tenantId, gone.id]);
      await m.query(`DELETE FROM ap_cases WHERE tenant_id = $1 AND id = $2`, [p.tenantId, gone.id]);
    });
    // concurrent writers on the same case and the same placement's month
    const target = withPlacement[6];
    const [row] = (await within([target.la], (m) =>
      m.query(`SELECT provider_id, started_on::text AS started FROM ap_placements WHERE tenant_id = $1 AND id = $2`, [
        p.tenantId,
        target.placementId,
      ]),
    )) as { provider_id: string; started: string }[];
    const base = Date.parse(`${row.started}T00:00:00Z`);
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        within([target.la], async (m) => {
          await m.query(
            `INSERT INTO ap_case_events (tenant_id, case_id, la_id, action, to_status, at) VALUES ($1, $2, $3, 'decide_offer', 'offered', $4)`,
            [p.tenantId, target.id, target.la, at(target.created + i * DAY, 30)],
          );
          await m.query(
            `INSERT INTO ap_attendance (tenant_id, placement_id, session_date, session, la_id, provider_id, code, code_version, category)
             VALUES ($1, $2, $3, 'AM', $4, $5, 'O', '2024-08', 'unauthorised_absence'), ($1, $2, $3, 'PM', $4, $5, 'O', '2024-08', 'unauthorised_absence')
             ON CONFLICT (tenant_id, placement_id, session_date, session) DO UPDATE SET category = EXCLUDED.category, code = EXCLUDED.code`,
            [p.tenantId, target.placementId, iso(base + (200 + i) * DAY), target.la, row.provider_id],
          );
        }),
      ),
    );
    await expectSame();
    const { reference } = await both(las, PERIODS[8]);
    expect(reference.all.referrals.total).toBe(53);
  });

  it('keeps an LA officer to their own LA: the API answers with LA one’s figures alone, equal to the reference', async () => {
    const period = PERIODS[0];
    const r = await world.http
      .get(`/api/v1/ap/measures?from=${period.from}&to=${period.to}`)
      .set('Authorization', `Bearer ${p.members['la1'].token}`);
    expect(r.status).toBe(200);
    expect(r.body.las.map((l: { laId: string }) => l.laId)).toEqual([las[0]]);
    const { reference } = await both([las[0]], period);
    expect(r.body.partnership).toEqual(finishSections(reference.all));
    // the summaries of the other LAs are behind the LA wall in the officer's own unit of work
    const seen = (await within([las[0]], (m) =>
      m.query(
        `SELECT DISTINCT la_id FROM ap_measure_referrals UNION SELECT DISTINCT la_id FROM ap_measure_attendance UNION SELECT DISTINCT la_id FROM ap_measure_case_facts`,
      ),
    )) as { la_id: string }[];
    expect(seen.map((x) => x.la_id)).toEqual([las[0]]);
  });
});
