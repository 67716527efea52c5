import type { EntityManager } from 'typeorm';
import { CURRENT_REFORMS, ReformStatus } from '../reference';

/** A day `days` before (negative: after) the ISO date `today`. */
const daysBefore = (today: string, days: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

const FUNDING = 'Paused over funding: next year’s high-needs settlement is not known yet.';

/** What each demo LA has done with the reforms: the first LA's list, then the second's (each change with days ago). */
const DEMO_REFORMS: { code: string; changes: { status: ReformStatus; reason: string; daysAgo: number }[] }[][] = [
  [
    {
      code: 'national_standards',
      changes: [{ status: 'active', reason: 'Started with the autumn term.', daysAgo: 120 }],
    },
    { code: 'local_partnerships_plans', changes: [{ status: 'active', reason: '', daysAgo: 150 }] },
    { code: 'ehcp_template', changes: [{ status: 'active', reason: 'All new plans use the template.', daysAgo: 90 }] },
    {
      code: 'banding_tariffs',
      changes: [
        { status: 'active', reason: 'Bands agreed with the schools forum.', daysAgo: 140 },
        { status: 'paused', reason: FUNDING, daysAgo: 30 },
      ],
    },
    { code: 'early_language_support', changes: [{ status: 'planned', reason: 'From the spring term.', daysAgo: 45 }] },
  ],
  [
    { code: 'national_standards', changes: [{ status: 'active', reason: '', daysAgo: 110 }] },
    {
      code: 'multi_agency_panels',
      changes: [{ status: 'active', reason: 'Weekly panel since September.', daysAgo: 100 }],
    },
    {
      code: 'banding_tariffs',
      changes: [
        { status: 'active', reason: '', daysAgo: 130 },
        { status: 'paused', reason: FUNDING, daysAgo: 25 },
      ],
    },
    { code: 'ap_three_tier', changes: [{ status: 'planned', reason: 'Commissioning review first.', daysAgo: 60 }] },
    {
      code: 'mediation',
      changes: [
        { status: 'active', reason: '', daysAgo: 160 },
        { status: 'stopped', reason: 'The mediation contract ended; a new provider is being sought.', daysAgo: 20 },
      ],
    },
  ],
];

const DEMO_TEST = 'Multi-agency panels decide within six weeks';

/**
 * The demo partnership's reform register (several reforms per LA, banding paused over funding in
 * each) and one test and learn record with two dated results and a finding. Idempotent: a reform
 * already recorded for an LA and a test already there are left alone. Returns the rows it added.
 */
export async function seedReforms(m: EntityManager, tenantId: string, today: string): Promise<number> {
  const las = (await m.query(
    `SELECT id FROM organisations WHERE tenant_id = $1 AND kind = 'local_authority' ORDER BY is_lead DESC, name, id`,
    [tenantId],
  )) as { id: string }[];
  let added = 0;
  for (const [i, la] of las.entries()) {
    for (const reform of DEMO_REFORMS[i % DEMO_REFORMS.length]) {
      const last = reform.changes[reform.changes.length - 1];
      const [row] = (await m.query(
        `INSERT INTO evaluation_reform_statuses (tenant_id, la_id, reform_code, reforms_version, status, reason, changed_on, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (tenant_id, la_id, reform_code) DO NOTHING RETURNING id`,
        [
          tenantId,
          la.id,
          reform.code,
          CURRENT_REFORMS.version,
          last.status,
          last.reason,
          daysBefore(today, last.daysAgo),
          reform.changes.length,
        ],
      )) as { id: string }[];
      if (!row) continue;
      added++;
      let from: ReformStatus | null = null;
      for (const c of reform.changes) {
        await m.query(
          `INSERT INTO evaluation_reform_status_changes (tenant_id, reform_status_id, from_status, to_status, reason, changed_on, changed_at)
           VALUES ($1, $2, $3, $4, $5, $6, $6::date + time '12:00')`,
          [tenantId, row.id, from, c.status, c.reason, daysBefore(today, c.daysAgo)],
        );
        from = c.status;
      }
    }
  }
  const [{ n }] = (await m.query(
    `SELECT count(*)::int AS n FROM evaluation_tests WHERE tenant_id = $1 AND title = $2`,
    [tenantId, DEMO_TEST],
  )) as { n: number }[];
  if (n || !las.length) return added;
  const [test] = (await m.query(
    `INSERT INTO evaluation_tests (tenant_id, title, reform_code, reforms_version, hypothesis, comparison_group, starts_on, ends_on, status, findings, lessons, risks)
     VALUES ($1, $2, 'multi_agency_panels', $3, $4, $5, $6, $7, 'running', $8, $9, $10) RETURNING id`,
    [
      tenantId,
      DEMO_TEST,
      CURRENT_REFORMS.version,
      'A weekly multi-agency panel decides on requests for an EHC needs assessment within six weeks, without more refusals overturned at mediation.',
      'Requests in the same LAs in the year before the panels began.',
      daysBefore(today, 120),
      daysBefore(today, -240),
      'Decisions now take 5.5 weeks on average, down from 8; refusals are no more often challenged (demo figures).',
      'Health colleagues attend when the panel meets at the same time each week.',
      'Panel attendance falls in school holidays.',
    ],
  )) as { id: string }[];
  await m.query(`INSERT INTO evaluation_test_las (tenant_id, test_id, la_id) SELECT $1, $2, unnest($3::uuid[])`, [
    tenantId,
    test.id,
    las.map((l) => l.id),
  ]);
  await m.query(
    `INSERT INTO evaluation_test_indicators (tenant_id, test_id, indicator_code) VALUES ($1, $2, 'evaluation.ehcp_20_weeks'), ($1, $2, 'evaluation.ehc_assessment_requests')`,
    [tenantId, test.id],
  );
  for (const [daysAgo, summary] of [
    [75, 'First six weeks: 38 requests, 31 decided within six weeks.'],
    [15, 'Half term: average decision time 5.5 weeks; two decisions challenged, none overturned.'],
  ] as const)
    await m.query(
      `INSERT INTO evaluation_test_results (tenant_id, test_id, recorded_on, summary) VALUES ($1, $2, $3, $4)`,
      [tenantId, test.id, daysBefore(today, daysAgo), summary],
    );
  return added + 1;
}
