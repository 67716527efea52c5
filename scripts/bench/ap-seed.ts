import type { Client } from 'pg';

/** The realistic partnership of `npm run bench:ap` (issue 7). */
export const BENCH_SHAPE = {
  las: 4,
  schools: 200,
  providers: 12,
  pupils: 20_000,
  placements: 8_000,
  years: 3,
} as const;

export interface BenchIds {
  tenantId: string;
  laIds: string[];
  userId: string;
  email: string;
}

/** academicYearOf in SQL: a date's academic year, 1 September to 31 August, as 2025/26. */
const ACADEMIC_YEAR = (d: string) =>
  `(CASE WHEN extract(month FROM ${d}) >= 9 THEN extract(year FROM ${d})::int ELSE extract(year FROM ${d})::int - 1 END)::text || '/' ||
   lpad(((CASE WHEN extract(month FROM ${d}) >= 9 THEN extract(year FROM ${d})::int ELSE extract(year FROM ${d})::int - 1 END + 1) % 100)::text, 2, '0')`;

/**
 * Seeds, as the database superuser (set-based SQL, a few seconds per step): one partnership of
 * four LAs that share by agreement, 200 schools, 12 providers with places, 20,000 pupils, 8,000
 * cases spread over three years (most ended, some active, some in the panel's pipeline), each
 * placement's daily AM/PM attendance from its start to its end (or today), and one LA officer.
 */
export async function seedBenchPartnership(
  c: Client,
  passwordHash: string,
  log: (m: string) => void,
): Promise<BenchIds> {
  const step = async (what: string, sql: string, params: unknown[] = []) => {
    const t = Date.now();
    const r = await c.query(sql, params);
    log(`  ${what}: ${r.rowCount ?? 0} rows in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    return r;
  };
  const {
    rows: [tenant],
  } = await c.query(`INSERT INTO tenants (slug, name) VALUES ('bench', 'Bench partnership') RETURNING id`);
  const tenantId = tenant.id as string;
  await step(
    'local authorities',
    `INSERT INTO organisations (tenant_id, kind, name, la_number, gss_code, is_lead)
    SELECT $1, 'local_authority', 'Bench LA ' || i, (880 + i)::text, 'E0600' || (1000 + i)::text, i = 1 FROM generate_series(1, 4) i`,
    [tenantId],
  );
  const laIds = (
    await c.query(`SELECT id FROM organisations WHERE tenant_id = $1 AND kind = 'local_authority' ORDER BY la_number`, [
      tenantId,
    ])
  ).rows.map((r) => r.id as string);
  await step(
    'schools',
    `INSERT INTO organisations (tenant_id, kind, name, urn, local_authority_id)
    SELECT $1, 'school', 'Bench school ' || i, (400000 + i)::text, ($2::uuid[])[1 + i % 4] FROM generate_series(1, 200) i`,
    [tenantId, laIds],
  );
  await step(
    'provider organisations',
    `INSERT INTO organisations (tenant_id, kind, name, ukprn)
    SELECT $1, 'ap_provider', 'Bench provider ' || i, (10000000 + i)::text FROM generate_series(1, 12) i`,
    [tenantId],
  );
  await step(
    'providers',
    `INSERT INTO ap_providers (tenant_id, organisation_id, name, provider_type, ukprn, tiers)
    SELECT tenant_id, id, name, 'pru', ukprn, '{tier_1,tier_2,tier_3}' FROM organisations WHERE tenant_id = $1 AND kind = 'ap_provider'`,
    [tenantId],
  );
  await step(
    'commissioned places',
    `INSERT INTO ap_commissioned_places (tenant_id, provider_id, la_id, tier, academic_year, places)
    SELECT $1, p.id, la, t, y, 200 FROM ap_providers p, unnest($2::uuid[]) la, unnest('{tier_1,tier_2,tier_3}'::text[]) t,
      unnest(ARRAY[${ACADEMIC_YEAR(`current_date - 730`)}, ${ACADEMIC_YEAR(`current_date - 365`)}, ${ACADEMIC_YEAR('current_date')}]) y
    WHERE p.tenant_id = $1`,
    [tenantId, laIds],
  );
  const email = 'bench.officer@bench.example';
  const {
    rows: [user],
  } = await c.query(
    `INSERT INTO users (email, display_name, password_hash, status) VALUES ($1, 'Bench Officer', $2, 'active') RETURNING id`,
    [email, passwordHash],
  );
  await c.query(
    `INSERT INTO memberships (tenant_id, user_id, organisation_id, role) VALUES ($1, $2, $3, 'la_officer')`,
    [tenantId, user.id, laIds[0]],
  );
  const {
    rows: [dsa],
  } = await c.query(
    `INSERT INTO data_sharing_agreements (tenant_id, title, purpose, grants_partnership_view, grants_named_pupils, starts_on, status, confirmed_at)
     VALUES ($1, 'Bench agreement', 'Bench', true, true, current_date - 1200, 'confirmed', now()) RETURNING id`,
    [tenantId],
  );
  await c.query(
    // in force: every party LA has confirmed it (the bench's officer stands in for each)
    `INSERT INTO data_sharing_agreement_parties (tenant_id, agreement_id, la_id, confirmed_at, confirmed_by) SELECT $1, $2, unnest($3::uuid[]), now(), $4`,
    [tenantId, dsa.id, laIds, user.id],
  );

  await step(
    'pupils',
    `INSERT INTO pupils (tenant_id, la_id, upn, given_name, family_name, date_of_birth, current_school_id, sen_provision, looked_after, free_school_meals)
    SELECT $1, ($2::uuid[])[1 + i % 4], 'B' || lpad(i::text, 11, '0') || 'A', 'Given' || i, 'Family' || (i % 997),
           DATE '2008-09-01' + (i % 3650), (SELECT id FROM organisations WHERE tenant_id = $1 AND urn = (400000 + 1 + (i % 50) * 4 + (i % 4))::text),
           (ARRAY['N','K','E'])[1 + i % 3], i % 17 = 0, i % 3 = 0
      FROM generate_series(1, 20000) i`,
    [tenantId, laIds],
  );

  // 8,240 cases over three years: 8,000 with a placement (96% ended, 4% active), 240 in the panel's pipeline
  await step(
    'cases',
    `INSERT INTO ap_cases (tenant_id, la_id, pupil_id, route, setting_id, reason, requested_tier, family_views, child_views,
      status, urgency, tier, provider_id, created_at, updated_at, closed_at)
    SELECT $1, p.la_id, p.id, CASE WHEN n % 5 = 0 THEN 'la_commission' ELSE 'school_referral' END,
           CASE WHEN n % 5 = 0 THEN NULL ELSE p.current_school_id END,
           (ARRAY['at_risk_of_exclusion','permanent_exclusion','medical_needs','part_time_timetable','ehc_plan'])[1 + n % 5],
           (ARRAY['tier_1','tier_2','tier_2','tier_3'])[1 + n % 4], 'The family agree.', 'The pupil would like a smaller group.',
           CASE WHEN n > 8000 THEN (ARRAY['referred','triaged','screened'])[1 + n % 3] WHEN n % 100 < 96 THEN 'ended' ELSE 'placement_active' END,
           'standard', CASE WHEN n <= 8000 THEN (ARRAY['tier_1','tier_2','tier_2','tier_3'])[1 + n % 4] END,
           CASE WHEN n <= 8000 THEN (SELECT array_agg(id ORDER BY ukprn) FROM ap_providers WHERE tenant_id = $1)[1 + n % 12] END,
           created, created + interval '1 day' * (20 + n % 90), CASE WHEN n <= 8000 AND n % 100 < 96 THEN created + interval '1 day' * (20 + n % 90) END
      FROM (SELECT row_number() OVER (ORDER BY id) AS n, id, la_id, current_school_id FROM pupils WHERE tenant_id = $1 LIMIT 8240) p,
           LATERAL (SELECT CASE WHEN n > 8000 OR n % 100 >= 96 THEN now() - interval '1 day' * (30 + n % 60) ELSE now() - interval '1 day' * (100 + (n * 7919) % 995) END AS created) t`,
    [tenantId],
  );
  await step(
    'placements',
    `INSERT INTO ap_placements (tenant_id, case_id, la_id, provider_id, tier, academic_year, status, planned_start, planned_end, started_on, ended_on, end_reason, destination)
    SELECT c.tenant_id, c.id, c.la_id, c.provider_id, c.tier, ${ACADEMIC_YEAR('(c.created_at::date + 14)')},
           CASE WHEN c.status = 'ended' THEN 'ended' ELSE 'active' END, c.created_at::date + 14,
           CASE WHEN c.tier = 'tier_2' THEN c.created_at::date + 14 + 84 END, c.created_at::date + 14,
           CASE WHEN c.status = 'ended' THEN least(c.created_at::date + 14 + 30 + (c.reference % 90)::int, current_date - 1) END,
           CASE WHEN c.status = 'ended' THEN 'Placement complete' END,
           CASE WHEN c.status = 'ended' THEN (ARRAY['returned_to_home_school','moved_to_another_mainstream_school','special_school','post16_education','post16_employment_or_training','neet','not_known'])[1 + (c.reference % 7)::int] END
      FROM ap_cases c WHERE c.tenant_id = $1 AND c.provider_id IS NOT NULL`,
    [tenantId],
  );
  await step(
    'case timelines',
    `INSERT INTO ap_case_events (tenant_id, case_id, la_id, at, action, from_status, to_status)
    SELECT tenant_id, id, la_id, created_at, 'refer', NULL, 'referred' FROM ap_cases WHERE tenant_id = $1
    UNION ALL SELECT tenant_id, id, la_id, updated_at, 'end', 'placement_active', 'ended' FROM ap_cases WHERE tenant_id = $1 AND status = 'ended'`,
    [tenantId],
  );
  // daily attendance: every weekday of each placement, AM and PM; mostly present, some absence
  await step(
    'attendance sessions',
    `INSERT INTO ap_attendance (tenant_id, placement_id, session_date, session, la_id, provider_id, code, code_version, category)
    SELECT p.tenant_id, p.id, d::date, s, p.la_id, p.provider_id, x.code, '2024-08', x.category
      FROM ap_placements p
      CROSS JOIN LATERAL generate_series(p.started_on, coalesce(p.ended_on, current_date - 1), interval '1 day') d
      CROSS JOIN unnest(ARRAY['AM','PM']) s
      CROSS JOIN LATERAL (SELECT CASE (abs(hashtext(p.id::text || d::text || s)) % 20)
          WHEN 0 THEN 'I' WHEN 1 THEN 'N' WHEN 2 THEN 'O' WHEN 3 THEN 'M' ELSE CASE s WHEN 'AM' THEN '/' ELSE '\\' END END AS code) k
      CROSS JOIN LATERAL (SELECT k.code, CASE WHEN k.code IN ('/', '\\') THEN 'present' WHEN k.code IN ('I', 'M') THEN 'authorised_absence' ELSE 'unauthorised_absence' END AS category) x
     WHERE p.tenant_id = $1 AND extract(isodow FROM d) < 6`,
    [tenantId],
  );
  await c.query('ANALYZE');
  return { tenantId, laIds, userId: user.id as string, email };
}
