import type { Client } from 'pg';

/** A partnership of `npm run bench:growth`, and the LA officer the bench signs in as. */
export interface GrowthTenant {
  tenantId: string;
  laId: string;
  userId: string;
  email: string;
}

/**
 * Seeds, as the database superuser in set-based SQL, partnership number `n` of bench:growth: four
 * LAs, 20 schools, 2 AP providers, `cases` pupils each with one case (spread over three years, most
 * ended, some placed, some at panel), and an officer of the first LA. No agreement: the officer
 * sees their own LA's quarter of the cases, as an LA officer does without one.
 */
export async function seedGrowthTenant(
  c: Client,
  n: number,
  cases: number,
  passwordHash: string,
): Promise<GrowthTenant> {
  const {
    rows: [tenant],
  } = await c.query(`INSERT INTO tenants (slug, name) VALUES ($1, $2) RETURNING id`, [
    `growth-${n}`,
    `Growth partnership ${n}`,
  ]);
  const tenantId = tenant.id as string;
  await c.query(
    `INSERT INTO organisations (tenant_id, kind, name, la_number, gss_code, is_lead)
     SELECT $1, 'local_authority', 'Growth LA ' || i, (880 + i)::text, 'E0600' || (1000 + i)::text, i = 1 FROM generate_series(1, 4) i`,
    [tenantId],
  );
  const laIds = (
    await c.query(`SELECT id FROM organisations WHERE tenant_id = $1 AND kind = 'local_authority' ORDER BY la_number`, [
      tenantId,
    ])
  ).rows.map((r) => r.id as string);
  await c.query(
    `INSERT INTO organisations (tenant_id, kind, name, urn, local_authority_id)
     SELECT $1, 'school', 'Growth school ' || i, (400000 + i)::text, ($2::uuid[])[1 + i % 4] FROM generate_series(1, 20) i`,
    [tenantId, laIds],
  );
  await c.query(
    `INSERT INTO organisations (tenant_id, kind, name, ukprn)
     SELECT $1, 'ap_provider', 'Growth provider ' || i, (10000000 + i)::text FROM generate_series(1, 2) i`,
    [tenantId],
  );
  await c.query(
    `INSERT INTO ap_providers (tenant_id, organisation_id, name, provider_type, ukprn, tiers)
     SELECT tenant_id, id, name, 'pru', ukprn, '{tier_1,tier_2,tier_3}' FROM organisations WHERE tenant_id = $1 AND kind = 'ap_provider'`,
    [tenantId],
  );
  const email = `growth.officer.${n}@bench.example`;
  const {
    rows: [user],
  } = await c.query(
    `INSERT INTO users (email, display_name, password_hash, status) VALUES ($1, 'Growth Officer', $2, 'active') RETURNING id`,
    [email, passwordHash],
  );
  await c.query(
    `INSERT INTO memberships (tenant_id, user_id, organisation_id, role) VALUES ($1, $2, $3, 'la_officer')`,
    [tenantId, user.id, laIds[0]],
  );
  await c.query(
    `INSERT INTO pupils (tenant_id, la_id, upn, given_name, family_name, date_of_birth, current_school_id, sen_provision, looked_after, free_school_meals)
     SELECT $1, ($2::uuid[])[1 + i % 4], 'G' || lpad(i::text, 11, '0') || 'A', 'Given' || i, 'Family' || (i % 997),
            DATE '2008-09-01' + (i % 3650), ($3::uuid[])[1 + i % 20], (ARRAY['N','K','E'])[1 + i % 3], i % 17 = 0, i % 3 = 0
       FROM generate_series(1, $4::int) i`,
    [
      tenantId,
      laIds,
      (
        await c.query(
          `SELECT array_agg(id ORDER BY urn) AS ids FROM organisations WHERE tenant_id = $1 AND kind = 'school'`,
          [tenantId],
        )
      ).rows[0].ids,
      cases,
    ],
  );
  // 97% with a placement (most ended), 3% in the panel's pipeline; created over three years
  await c.query(
    `INSERT INTO ap_cases (tenant_id, la_id, pupil_id, route, setting_id, reason, requested_tier, family_views, child_views,
       status, urgency, tier, provider_id, created_at, updated_at, closed_at)
     SELECT $1, p.la_id, p.id, 'school_referral', p.current_school_id, 'at_risk_of_exclusion', 'tier_2', 'The family agree.',
            'The pupil would like a smaller group.',
            CASE WHEN k % 100 >= 97 THEN 'triaged' WHEN k % 100 < 93 THEN 'ended' ELSE 'placement_active' END, 'standard',
            CASE WHEN k % 100 < 97 THEN 'tier_2' END, CASE WHEN k % 100 < 97 THEN ($2::uuid[])[1 + k % 2] END,
            t.created, least(now(), t.created + interval '1 day' * (20 + k % 90)),
            CASE WHEN k % 100 < 93 THEN least(now(), t.created + interval '1 day' * (20 + k % 90)) END
       FROM (SELECT row_number() OVER () AS k, id, la_id, current_school_id FROM pupils WHERE tenant_id = $1) p,
            LATERAL (SELECT now() - interval '1 day' * (30 + (p.k * 7919) % 1065) AS created) t`,
    [
      tenantId,
      (await c.query(`SELECT array_agg(id) AS ids FROM ap_providers WHERE tenant_id = $1`, [tenantId])).rows[0].ids,
    ],
  );
  return { tenantId, laId: laIds[0], userId: user.id as string, email };
}
