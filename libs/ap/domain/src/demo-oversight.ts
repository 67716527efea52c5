import type { EntityManager } from 'typeorm';
import { academicYearOf } from './directory.service';

const NOTE = 'Demo: a tier 2 placement that ended with a return to the home school.';
const isoDaysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/**
 * Oversight records for the demo (issue 7), so the attendance, review, follow-up and measures
 * pages have something to show: the active demo placement's register since it started, and a
 * finished tier 2 placement in the lead LA (its demo pupil "Drew"), with its
 * register, two held reviews and its reintegration follow-ups (the six-week one recorded as held);
 * the active placement also gets its first review, due in five days, with its review_due alert.
 * Nothing when that finished case is there already.
 */
export async function seedDemoOversight(m: EntityManager, tenantId: string): Promise<boolean> {
  const [done] = (await m.query(`SELECT 1 FROM ap_placements WHERE tenant_id = $1 AND end_reason = $2`, [
    tenantId,
    NOTE,
  ])) as unknown[];
  if (done) return false;
  const las = (await m.query(
    `SELECT id FROM organisations WHERE tenant_id = $1 AND kind = 'local_authority' ORDER BY is_lead DESC, name`,
    [tenantId],
  )) as { id: string }[];
  const [provider] = (await m.query(
    `SELECT id FROM ap_providers WHERE tenant_id = $1 AND organisation_id IS NOT NULL ORDER BY name LIMIT 1`,
    [tenantId],
  )) as { id: string }[];
  if (las.length < 2 || !provider) return false;
  const [pupil] = (await m.query(
    `SELECT id FROM pupils WHERE tenant_id = $1 AND la_id = $2 AND given_name = 'Drew' AND setting_id IS NULL LIMIT 1`,
    [tenantId, las[0].id],
  )) as { id: string }[];
  const [officer] = (await m.query(
    `SELECT ms.user_id FROM memberships ms WHERE ms.tenant_id = $1 AND ms.organisation_id = $2 AND ms.role = 'la_officer' AND ms.status = 'active' ORDER BY ms.created_at LIMIT 1`,
    [tenantId, las[0].id],
  )) as { user_id: string }[];
  if (!pupil) return false;
  const laId = las[0].id;
  const [row] = (await m.query(
    `INSERT INTO ap_cases (tenant_id, la_id, pupil_id, route, reason, requested_tier, family_views, child_views, status, urgency, tier, provider_id,
                           decision_reason, created_at, updated_at, closed_at)
     VALUES ($1, $2, $3, 'la_commission', 'at_risk_of_exclusion', 'tier_2', $4, $5, 'ended', 'high', 'tier_2', $6, 'Tier 2 for twelve weeks, then home.',
             now() - interval '130 days', now() - interval '50 days', now() - interval '50 days')
     RETURNING id`,
    [
      tenantId,
      laId,
      pupil.id,
      'The family wanted a fresh start and a plan back to school (demo).',
      'Liked the small groups; missed friends (demo).',
      provider.id,
    ],
  )) as { id: string }[];
  const steps: [string, string | null, string, number, string | null][] = [
    ['commission_for_panel', null, 'referred', 130, 'At risk of permanent exclusion after repeated suspensions.'],
    ['triage', 'referred', 'triaged', 128, null],
    ['screen', 'triaged', 'screened', 125, 'Ready for panel.'],
    ['decide_offer', 'screened', 'offered', 121, 'Tier 2 for twelve weeks, then home.'],
    ['accept', 'offered', 'placement_planned', 119, null],
    ['start', 'placement_planned', 'placement_active', 112, null],
    ['end', 'placement_active', 'ended', 50, NOTE],
  ];
  for (const [action, from, to, days, note] of steps) {
    await m.query(
      `INSERT INTO ap_case_events (tenant_id, case_id, la_id, at, actor_id, actor_role, action, from_status, to_status, note)
       VALUES ($1, $2, $3, now() - make_interval(days => $4::int), $5, $6, $7, $8, $9, $10)`,
      [
        tenantId,
        row.id,
        laId,
        days,
        officer?.user_id ?? null,
        ['accept', 'start'].includes(action) ? 'ap_provider_staff' : 'la_officer',
        action,
        from,
        to,
        note,
      ],
    );
  }
  const start = isoDaysAgo(112);
  const [placement] = (await m.query(
    `INSERT INTO ap_placements (tenant_id, case_id, la_id, provider_id, tier, academic_year, status, planned_start, planned_end, started_on, ended_on, end_reason, destination)
     VALUES ($1, $2, $3, $4, 'tier_2', $5, 'ended', $6, $6::date + 84, $6, $7, $8, 'returned_to_home_school') RETURNING id`,
    [tenantId, row.id, laId, provider.id, academicYearOf(new Date(`${start}T00:00:00Z`)), start, isoDaysAgo(50), NOTE],
  )) as { id: string }[];
  // its register: mostly present, an illness, a medical appointment and one unexplained session
  await registerSince(m, tenantId, placement.id, laId, provider.id, 112, 51);
  await m.query(
    `INSERT INTO ap_reviews (tenant_id, case_id, placement_id, la_id, provider_id, due_on, status, held_on, attendees, progress, next_steps)
     VALUES ($1, $2, $3, $4, $5, $6, 'held', $6, $7, 'Settled well; attending every day (demo).', 'Agree targets for reading and for returning to lunchtime clubs.'),
            ($1, $2, $3, $4, $5, $8, 'held', $8, $7, 'Ready to return: attendance 96% (demo).', 'Plan a phased return to the home school from next month.')`,
    [
      tenantId,
      row.id,
      placement.id,
      laId,
      provider.id,
      isoDaysAgo(98),
      ['AP key worker (demo)', 'Home school SENCO (demo)', 'Parent (demo)'],
      isoDaysAgo(56),
    ],
  );
  // the LA's default follow-up points: six weeks (recorded as held), one term, two terms
  for (const weeks of [6, 13, 26]) {
    const due = new Date(Date.parse(`${isoDaysAgo(50)}T00:00:00Z`) + weeks * 7 * 86_400_000).toISOString().slice(0, 10);
    const recorded = weeks === 6;
    await m.query(
      `INSERT INTO ap_followups (tenant_id, case_id, placement_id, la_id, weeks, due_on, outcome, recorded_on, note, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        tenantId,
        row.id,
        placement.id,
        laId,
        weeks,
        due,
        recorded ? 'held' : null,
        recorded ? due : null,
        recorded ? 'Back full time; no suspensions since (demo).' : null,
        recorded ? (officer?.user_id ?? null) : null,
      ],
    );
  }
  // the active demo placement's register since it started
  const active = (await m.query(
    `SELECT p.id, p.la_id, p.provider_id, (current_date - p.started_on) AS days FROM ap_placements p
      WHERE p.tenant_id = $1 AND p.status = 'active' AND NOT EXISTS (SELECT 1 FROM ap_attendance a WHERE a.tenant_id = p.tenant_id AND a.placement_id = p.id)`,
    [tenantId],
  )) as { id: string; la_id: string; provider_id: string; days: number }[];
  for (const p of active) {
    await registerSince(m, tenantId, p.id, p.la_id, p.provider_id, p.days, 1);
    // its first review, due in five days, and the alert the nightly clocks raise for it (review_due)
    const [review] = (await m.query(
      `INSERT INTO ap_reviews (tenant_id, case_id, placement_id, la_id, provider_id, due_on)
       SELECT tenant_id, case_id, id, la_id, provider_id, current_date + 5 FROM ap_placements WHERE tenant_id = $1 AND id = $2
       RETURNING id, case_id, to_char(due_on, 'YYYY-MM-DD') AS due_on`,
      [tenantId, p.id],
    )) as { id: string; case_id: string; due_on: string }[];
    await m.query(
      `INSERT INTO ap_alerts (tenant_id, la_id, case_id, placement_id, provider_id, kind, dedupe_key, details)
       VALUES ($1, $2, $3, $4, $5, 'review_due', $6, $7::jsonb) ON CONFLICT DO NOTHING`,
      [
        tenantId,
        p.la_id,
        review.case_id,
        p.id,
        p.provider_id,
        review.id,
        JSON.stringify({ reviewId: review.id, dueOn: review.due_on, asOf: isoDaysAgo(0) }),
      ],
    );
  }
  return true;
}

/** Weekday AM and PM marks from `fromDaysAgo` to `toDaysAgo` (inclusive), in the 2024 codes. */
async function registerSince(
  m: EntityManager,
  tenantId: string,
  placementId: string,
  laId: string,
  providerId: string,
  fromDaysAgo: number,
  toDaysAgo: number,
): Promise<void> {
  await m.query(
    `INSERT INTO ap_attendance (tenant_id, placement_id, session_date, session, la_id, provider_id, code, code_version, category)
     SELECT $1, $2, d::date, s, $3, $4, x.code, '2024-08', x.category
       FROM generate_series(current_date - $5::int, current_date - $6::int, interval '1 day') AS d
       CROSS JOIN unnest(ARRAY['AM', 'PM']) AS s
       CROSS JOIN LATERAL (SELECT CASE (abs(hashtext(d::date::text || s)) % 25)
           WHEN 0 THEN 'I' WHEN 1 THEN 'M' WHEN 2 THEN 'N' ELSE CASE s WHEN 'AM' THEN '/' ELSE '\\' END END AS code) k
       CROSS JOIN LATERAL (SELECT k.code, CASE WHEN k.code IN ('/', '\\') THEN 'present' WHEN k.code IN ('I', 'M') THEN 'authorised_absence' ELSE 'unauthorised_absence' END AS category) x
      WHERE extract(isodow FROM d) < 6
     ON CONFLICT DO NOTHING`,
    [tenantId, placementId, laId, providerId, fromDaysAgo, toDaysAgo],
  );
}
