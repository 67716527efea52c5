import type { Client } from 'pg';

/**
 * The national scale of `npm run bench:national` (issue 24): every LA in England in REP Hub, in
 * about 40 partnerships. `scale` shrinks the records (pupils, placements, attendance), never the
 * partnerships and LAs, so a quick look (`--scale 0.02`) has the same shape of releases.
 */
export function nationalShape(scale: number) {
  return {
    partnerships: 40,
    las: 153,
    pupils: Math.round(600_000 * scale),
    placementsPerYear: Math.round(60_000 * scale),
    years: 3,
    /** in the workforce tables: programmes, cohorts, allocations, participants, enrolments and their history */
    trainingEnrolments: Math.round(100_000 * scale),
  };
}
export type NationalShape = ReturnType<typeof nationalShape>;

/** The term every partnership returns for, and the only one with attendance (the last full term). */
export const PERIOD = '2025-26-summer';
/** The school days of that term with sessions (the period runs to 31 August; the holidays have none). */
const TERM_DAYS = { from: '2026-04-13', to: '2026-07-22' };

export interface NationalIds {
  partnerships: { tenantId: string; leadId: string; returnId: string }[];
  boardEmail: string;
}

/**
 * Seeds, as the database owner, in set-based SQL (not timed): 40 partnerships of 153 LAs (33 of
 * four and 7 of three; synthetic LA numbers and GSS codes of the reference shapes), five schools
 * and three AP providers per LA or partnership, the pupils with an EHC plan or SEN support spread
 * over the LAs, the AP cases and placements of three academic years (2023/24 to 2025/26: most
 * ended, 4% active, each a case opened two weeks before it started), the daily AM/PM attendance of
 * the summer term 2026 only, a partnership lead per partnership, a National Board member, and a
 * draft return for the summer term 2026 per partnership (assembled by the bench).
 */
export async function seedNational(
  c: Client,
  shape: NationalShape,
  passwordHash: string,
  log: (m: string) => void,
): Promise<NationalIds> {
  const step = async (what: string, sql: string, params: unknown[] = []) => {
    const t = Date.now();
    const r = await c.query(sql, params);
    log(`  ${what}: ${r.rowCount ?? 0} rows in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    return r;
  };
  // the AP summaries' triggers take a transaction-level advisory lock per case: a statement of
  // more cases than the lock table holds fails, so the AP records go in slices of placed pupils
  const SLICE = 2_000;
  const sliced = async (what: string, sql: string, total: number) => {
    const t = Date.now();
    let rows = 0;
    for (let lo = 1; lo <= total; lo += SLICE) rows += (await c.query(sql, [lo, lo + SLICE - 1])).rowCount ?? 0;
    log(`  ${what}: ${rows} rows in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  };
  await step(
    'partnerships',
    `INSERT INTO tenants (slug, name) SELECT 'bench-' || lpad(k::text, 2, '0'), 'Bench partnership ' || lpad(k::text, 2, '0')
       FROM generate_series(1, $1) k`,
    [shape.partnerships],
  );
  // LA i (1..153) belongs to partnership k: the first 33 have four LAs, the last 7 three
  await step(
    'local authorities',
    `INSERT INTO organisations (tenant_id, kind, name, la_number, gss_code, is_lead)
     SELECT t.id, 'local_authority', 'Local authority ' || lpad(i::text, 3, '0'), (200 + i)::text,
            'E0' || (6 + i % 4)::text || lpad((1000 + i)::text, 6, '0'), i = first_la
       FROM generate_series(1, $1) i
       CROSS JOIN LATERAL (SELECT CASE WHEN i <= 132 THEN (i - 1) / 4 + 1 ELSE 33 + (i - 133) / 3 + 1 END AS k) p
       CROSS JOIN LATERAL (SELECT CASE WHEN p.k <= 33 THEN (p.k - 1) * 4 + 1 ELSE 132 + (p.k - 34) * 3 + 1 END AS first_la) f
       JOIN tenants t ON t.slug = 'bench-' || lpad(p.k::text, 2, '0')`,
    [shape.las],
  );
  await c.query(`CREATE TEMP TABLE bench_las AS
    SELECT row_number() OVER (ORDER BY la_number)::int AS i, id, tenant_id FROM organisations WHERE kind = 'local_authority'`);
  await step(
    'schools',
    `INSERT INTO organisations (tenant_id, kind, name, urn, local_authority_id)
     SELECT l.tenant_id, 'school', 'School ' || l.i || '-' || s, (400000 + l.i * 10 + s)::text, l.id
       FROM bench_las l, generate_series(1, 5) s`,
  );
  await step(
    'provider organisations and providers',
    `WITH o AS (
       INSERT INTO organisations (tenant_id, kind, name, ukprn)
       SELECT t.id, 'ap_provider', t.name || ' provider ' || s, (10000000 + row_number() OVER (ORDER BY t.slug, s))::text
         FROM tenants t, generate_series(1, 3) s WHERE t.slug LIKE 'bench-%' RETURNING id, tenant_id, name, ukprn)
     INSERT INTO ap_providers (tenant_id, organisation_id, name, provider_type, ukprn, tiers)
     SELECT tenant_id, id, name, 'pru', ukprn, '{tier_1,tier_2,tier_3}' FROM o`,
  );
  await step(
    'pupils (EHC plan or SEN support)',
    `INSERT INTO pupils (tenant_id, la_id, upn, given_name, family_name, date_of_birth, current_school_id, sen_provision, looked_after, free_school_meals)
     SELECT l.tenant_id, l.id, 'N' || lpad(n::text, 11, '0') || 'A', 'Given' || n, 'Family' || (n % 997), DATE '2008-09-01' + (n % 3650),
            s.id, CASE WHEN n % 3 = 0 THEN 'E' ELSE 'K' END, n % 17 = 0, n % 3 = 1
       FROM generate_series(1, $1) n
       JOIN bench_las l ON l.i = 1 + n % 153
       JOIN organisations s ON s.urn = (400000 + l.i * 10 + 1 + (n / 153) % 5)::text`,
    [shape.pupils],
  );
  // one case per pupil placed, the first of each LA's pupils; started evenly over three academic years
  const placements = shape.placementsPerYear * shape.years;
  await c.query(
    `CREATE TEMP TABLE bench_placed AS
    SELECT p.id AS pupil_id, p.tenant_id, p.la_id, p.current_school_id, n,
           DATE '2023-09-04' + ((n * 7919) % 1085)::int AS started_on, n % 100 >= 96 AS active
      FROM (SELECT id, tenant_id, la_id, current_school_id, substr(upn, 2, 11)::int AS n FROM pupils) p
     WHERE n <= $1`,
    [placements],
  );
  await c.query(`CREATE INDEX ON bench_placed (n); CREATE INDEX ON bench_placed (pupil_id); ANALYZE bench_placed`);
  await sliced(
    'cases',
    `INSERT INTO ap_cases (tenant_id, la_id, pupil_id, route, setting_id, reason, requested_tier, family_views, child_views,
        status, urgency, tier, provider_id, created_at, updated_at, closed_at)
     SELECT b.tenant_id, b.la_id, b.pupil_id, CASE WHEN n % 5 = 0 THEN 'la_commission' ELSE 'school_referral' END,
            CASE WHEN n % 5 = 0 THEN NULL ELSE b.current_school_id END,
            (ARRAY['at_risk_of_exclusion','permanent_exclusion','medical_needs','part_time_timetable','ehc_plan'])[1 + n % 5],
            (ARRAY['tier_1','tier_2','tier_2','tier_3'])[1 + n % 4], 'The family agree.', 'The pupil would like a smaller group.',
            CASE WHEN b.active THEN 'placement_active' ELSE 'ended' END, 'standard',
            (ARRAY['tier_1','tier_2','tier_2','tier_3'])[1 + n % 4], pr.id,
            (b.started_on - 14)::timestamp AT TIME ZONE 'Europe/London', (b.started_on + 20)::timestamp AT TIME ZONE 'Europe/London',
            CASE WHEN NOT b.active THEN (b.started_on + 30 + n % 90)::timestamp AT TIME ZONE 'Europe/London' END
       FROM bench_placed b
       JOIN LATERAL (SELECT id FROM ap_providers WHERE tenant_id = b.tenant_id ORDER BY ukprn OFFSET n % 3 LIMIT 1) pr ON true
      WHERE b.n BETWEEN $1 AND $2`,
    placements,
  );
  await sliced(
    'placements',
    `INSERT INTO ap_placements (tenant_id, case_id, la_id, provider_id, tier, academic_year, status, planned_start, planned_end, started_on, ended_on, end_reason, destination)
     SELECT c.tenant_id, c.id, c.la_id, c.provider_id, c.tier,
            CASE WHEN b.started_on < DATE '2024-09-01' THEN '2023/24' WHEN b.started_on < DATE '2025-09-01' THEN '2024/25' ELSE '2025/26' END,
            CASE WHEN b.active THEN 'active' ELSE 'ended' END, b.started_on,
            CASE WHEN c.tier = 'tier_2' THEN b.started_on + 84 END, b.started_on,
            CASE WHEN NOT b.active THEN b.started_on + 30 + (b.n % 90)::int END,
            CASE WHEN NOT b.active THEN 'Placement complete' END,
            CASE WHEN NOT b.active THEN (ARRAY['returned_to_home_school','moved_to_another_mainstream_school','special_school','post16_education','post16_employment_or_training','neet','not_known'])[1 + (b.n % 7)::int] END
       FROM ap_cases c JOIN bench_placed b ON b.tenant_id = c.tenant_id AND b.pupil_id = c.pupil_id
      WHERE b.n BETWEEN $1 AND $2`,
    placements,
  );
  await sliced(
    'case timelines',
    `INSERT INTO ap_case_events (tenant_id, case_id, la_id, at, action, from_status, to_status)
     SELECT c.tenant_id, c.id, c.la_id, c.created_at, 'refer', NULL, 'referred'
       FROM ap_cases c JOIN bench_placed b ON b.tenant_id = c.tenant_id AND b.pupil_id = c.pupil_id WHERE b.n BETWEEN $1 AND $2
     UNION ALL
     SELECT c.tenant_id, c.id, c.la_id, c.closed_at, 'end', 'placement_active', 'ended'
       FROM ap_cases c JOIN bench_placed b ON b.tenant_id = c.tenant_id AND b.pupil_id = c.pupil_id
      WHERE b.n BETWEEN $1 AND $2 AND c.status = 'ended'`,
    placements,
  );
  // the last term's attendance only: every weekday of it a placement ran, AM and PM; mostly present
  await c.query(
    `CREATE TEMP TABLE bench_term AS
    SELECT row_number() OVER (ORDER BY p.id)::int AS n, p.id FROM ap_placements p
     WHERE p.started_on <= $2::date AND coalesce(p.ended_on, current_date) >= $1::date`,
    [TERM_DAYS.from, TERM_DAYS.to],
  );
  await c.query(`CREATE INDEX ON bench_term (n); ANALYZE bench_term`);
  const {
    rows: [term],
  } = await c.query(`SELECT count(*)::int AS n FROM bench_term`);
  await sliced(
    'attendance sessions (summer term 2026)',
    `INSERT INTO ap_attendance (tenant_id, placement_id, session_date, session, la_id, provider_id, code, code_version, category)
     SELECT p.tenant_id, p.id, d::date, s, p.la_id, p.provider_id, x.code, '2024-08', x.category
       FROM ap_placements p
       CROSS JOIN LATERAL generate_series(greatest(p.started_on, DATE '${TERM_DAYS.from}'), least(coalesce(p.ended_on, current_date - 1), DATE '${TERM_DAYS.to}'), interval '1 day') d
       CROSS JOIN unnest(ARRAY['AM','PM']) s
       CROSS JOIN LATERAL (SELECT CASE (abs(hashtext(p.id::text || d::text || s)) % (12 + abs(hashtext(p.id::text)) % 30))
           WHEN 0 THEN 'I' WHEN 1 THEN 'N' WHEN 2 THEN 'O' WHEN 3 THEN 'M' ELSE CASE s WHEN 'AM' THEN '/' ELSE '\\' END END AS code) k
       CROSS JOIN LATERAL (SELECT k.code, CASE WHEN k.code IN ('/', '\\') THEN 'present' WHEN k.code IN ('I', 'M') THEN 'authorised_absence' ELSE 'unauthorised_absence' END AS category) x
      WHERE p.id IN (SELECT id FROM bench_term WHERE n BETWEEN $1 AND $2) AND extract(isodow FROM d) < 6`,
    term.n,
  );
  const boardEmail = 'board@bench.example';
  await c.query(
    `INSERT INTO users (email, display_name, password_hash, status, platform_role) VALUES ($1, 'Bench Board Member', $2, 'active', 'national_board')`,
    [boardEmail, passwordHash],
  );
  await step(
    'partnership leads',
    `WITH u AS (
       INSERT INTO users (email, display_name, password_hash, status)
       SELECT 'lead.' || t.slug || '@bench.example', 'Lead of ' || t.name, $1, 'active' FROM tenants t WHERE t.slug LIKE 'bench-%'
       RETURNING id, email)
     INSERT INTO memberships (tenant_id, user_id, organisation_id, role)
     SELECT t.id, u.id, o.id, 'partnership_lead'
       FROM u JOIN tenants t ON u.email = 'lead.' || t.slug || '@bench.example'
       JOIN organisations o ON o.tenant_id = t.id AND o.kind = 'local_authority' AND o.is_lead`,
    [passwordHash],
  );
  const { rows } = await step(
    `draft returns for ${PERIOD}`,
    `INSERT INTO evaluation_returns (tenant_id, period, return_version, created_by)
     SELECT m.tenant_id, $1, 1, m.user_id FROM memberships m WHERE m.role = 'partnership_lead'
     RETURNING tenant_id, id, created_by`,
    [PERIOD],
  );
  await c.query('ANALYZE');
  return {
    partnerships: rows
      .map((r) => ({ tenantId: r.tenant_id as string, leadId: r.created_by as string, returnId: r.id as string }))
      .sort((a, b) => a.tenantId.localeCompare(b.tenantId)),
    boardEmail,
  };
}

/**
 * The human steps between assembly and sending, done as the owner (not timed): every LA's
 * sign-off by the lead, a green rating of every indicator, the narrative and the lead's sign-off.
 */
export async function signOffReturns(c: Client): Promise<void> {
  await c.query(
    `INSERT INTO evaluation_return_la_signoffs (tenant_id, return_id, la_id, signed_off_by, comment)
     SELECT r.tenant_id, r.id, o.id, r.created_by, 'Checked against our own data.'
       FROM evaluation_returns r JOIN organisations o ON o.tenant_id = r.tenant_id AND o.kind = 'local_authority'
      WHERE r.period = $1
     ON CONFLICT DO NOTHING`,
    [PERIOD],
  );
  await c.query(
    `INSERT INTO evaluation_return_ratings (tenant_id, return_id, indicator_code, rag, exception, owner_user_id, commentary, updated_by)
     SELECT DISTINCT r.tenant_id, r.id, f.indicator_code, 'green', false, NULL::uuid, '', r.created_by
       FROM evaluation_returns r JOIN evaluation_return_figures f ON f.tenant_id = r.tenant_id AND f.return_id = r.id
      WHERE r.period = $1
     ON CONFLICT DO NOTHING`,
    [PERIOD],
  );
  await c.query(
    `UPDATE evaluation_returns SET status = 'lead_signed_off', narrative = 'The summer term at national scale (bench).',
            lead_signed_off_by = created_by, lead_signed_off_at = now()
      WHERE period = $1 AND status = 'draft' AND assembled_at IS NOT NULL`,
    [PERIOD],
  );
}

/**
 * The training enrolments (issue 25's workforce tables), as the owner in set-based SQL (not timed):
 * per partnership a programme of its own, a training provider and one cohort of the summer 2026
 * intake, an allocation of places per LA (the cohort's funded places their sum, as the allocations'
 * trigger checks), and `shape.trainingEnrolments` participants each enrolled once, spread evenly over
 * the LAs. They are inserted `enrolled` (the places trigger fills the allocation, the history
 * trigger writes the first event), then a share moves on as people's steps would: a third active,
 * a sixth completed, a tenth withdrawn with a reason (a second event each).
 */
export async function seedTraining(c: Client, shape: NationalShape, log: (line: string) => void): Promise<void> {
  const step = async (what: string, sql: string, params: unknown[] = []) => {
    const t0 = Date.now();
    const r = await c.query(sql, params);
    log(`  ${what}: ${r.rowCount ?? 0} rows (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  };
  await c.query(`CREATE TEMP TABLE bench_wf_las AS
    SELECT row_number() OVER (ORDER BY la_number)::int - 1 AS i, id, tenant_id,
           row_number() OVER (PARTITION BY tenant_id ORDER BY la_number)::int - 1 AS j,
           count(*) OVER (PARTITION BY tenant_id)::int AS of
      FROM organisations WHERE kind = 'local_authority'`);
  const las = (await c.query(`SELECT count(*)::int AS n FROM bench_wf_las`)).rows[0].n as number;
  // enrolment n (0-based) belongs to LA n % las: the places each LA needs
  await c.query(
    `CREATE TEMP TABLE bench_wf_need AS
     SELECT l.*, ($1::int / $2::int + CASE WHEN l.i < $1::int % $2::int THEN 1 ELSE 0 END) AS need FROM bench_wf_las l`,
    [shape.trainingEnrolments, las],
  );
  await step(
    'training providers',
    `INSERT INTO organisations (tenant_id, kind, name, ukprn)
     SELECT t.id, 'training_provider', t.name || ' training provider', (10090000 + row_number() OVER (ORDER BY t.slug))::text
       FROM tenants t WHERE t.slug LIKE 'bench-%'`,
  );
  await step(
    'training programmes',
    `INSERT INTO workforce_programmes (tenant_id, code, name, milestones)
     SELECT t.id, 'bench_senco', 'SENCO training (bench)', ARRAY['started', 'retained', 'completed']
       FROM tenants t WHERE t.slug LIKE 'bench-%'`,
  );
  await step(
    'cohorts',
    `INSERT INTO workforce_cohorts (tenant_id, programme_id, provider_id, name, intake_year, intake_term, starts_on, ends_on, funded_places)
     SELECT p.tenant_id, p.id, o.id, 'Summer 2026 intake', 2026, 'summer', DATE '2026-04-13', DATE '2027-07-22',
            (SELECT sum(need + 5) FROM bench_wf_need n WHERE n.tenant_id = p.tenant_id)
       FROM workforce_programmes p JOIN organisations o ON o.tenant_id = p.tenant_id AND o.kind = 'training_provider'
      WHERE p.code = 'bench_senco'`,
  );
  await step(
    'allocations of places per LA',
    `INSERT INTO workforce_allocations (tenant_id, cohort_id, la_id, places)
     SELECT n.tenant_id, k.id, n.id, n.need + 5 FROM bench_wf_need n JOIN workforce_cohorts k ON k.tenant_id = n.tenant_id`,
  );
  await step(
    `participants (${shape.trainingEnrolments})`,
    `INSERT INTO workforce_participants (tenant_id, la_id, recorded_by_org_id, full_name, work_email, role, setting_kind, setting_identifier)
     SELECT l.tenant_id, l.id, l.id, 'Participant ' || n, 'participant' || n || '@bench.example',
            (ARRAY['senco', 'early_years_practitioner', 'teacher', 'job_coach'])[1 + n % 4], 'school', (400000 + n % 99999 + 100000)::text
       FROM generate_series(0, $1::int - 1) n JOIN bench_wf_las l ON l.i = n % $2::int`,
    [shape.trainingEnrolments, las],
  );
  await step(
    'enrolments (enrolled; the history trigger writes the way from applied, two events each)',
    `INSERT INTO workforce_enrolments (tenant_id, cohort_id, participant_id, la_id, provider_id, status)
     SELECT p.tenant_id, k.id, p.id, p.la_id, k.provider_id, 'enrolled'
       FROM workforce_participants p JOIN workforce_cohorts k ON k.tenant_id = p.tenant_id`,
  );
  await step(
    'enrolments moved on (active, completed, withdrawn: one more event each)',
    `UPDATE workforce_enrolments e SET status = x.status, withdrawal_reason = x.reason, status_changed_at = now()
       FROM (SELECT tenant_id, id, CASE WHEN n % 10 = 0 THEN 'withdrawn' WHEN n % 6 = 1 THEN 'completed' WHEN n % 3 = 2 THEN 'active' END AS status,
                    CASE WHEN n % 10 = 0 THEN 'Left the post.' END AS reason
               FROM (SELECT tenant_id, id, row_number() OVER (ORDER BY tenant_id, id) AS n FROM workforce_enrolments) r) x
      WHERE e.tenant_id = x.tenant_id AND e.id = x.id AND x.status IS NOT NULL`,
  );
}
