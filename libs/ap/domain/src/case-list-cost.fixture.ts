import { AbilityBuilder, createMongoAbility } from '@casl/ability';
import { Principal, positionalScope, scopeTerms, sqlScope } from '@rep-hub/auth';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AP_MODULE } from './ap-principal';
import { ApAbilityRules } from './ap-abilities';
import {
  CASE_COLUMNS,
  CASE_LIST_PLANNER,
  caseDrivers,
  CaseListQuery,
  caseListStatement,
  CaseListRow,
  CaseSort,
} from './cases.model';

/** A partnership of case-list-cost.spec.ts: four LAs, four schools, two providers, and the ids the callers need. */
export interface Seeded {
  tenantId: string;
  las: string[];
  schools: string[];
  providers: string[];
}

/**
 * Seeds `cases` cases (and their pupils) into a partnership, as the superuser in set-based SQL:
 * spread over the LAs, schools and providers and three years, most ended, some at each stage
 * (panel cases with a panel date), so that every filter finds a few.
 */
export async function addCases(c: Client, t: Seeded, cases: number): Promise<void> {
  await c.query(
    `WITH p AS (
       INSERT INTO pupils (tenant_id, la_id, given_name, family_name, date_of_birth, current_school_id, sen_provision, looked_after, free_school_meals, upn_unknown_reason)
       SELECT $1, ($2::uuid[])[1 + i % 4], 'Given' || i, 'Family' || i, DATE '2010-09-01' + (i % 2000)::int, ($3::uuid[])[1 + i % 4], 'N', false, false, 'UN1'
         FROM generate_series(1, $5::int) i
       RETURNING id, la_id, current_school_id)
     INSERT INTO ap_cases (tenant_id, la_id, pupil_id, route, setting_id, reason, requested_tier, family_views, child_views,
                           status, urgency, panel_date, tier, provider_id, created_at, updated_at)
     SELECT $1, p.la_id, p.id, 'school_referral', p.current_school_id, 'suspension', (ARRAY['tier_1','tier_2','tier_3'])[1 + (k / 4) % 3],
            'Agreed.', 'Agreed.', s.status, 'standard',
            CASE WHEN s.status IN ('triaged', 'screened') THEN DATE '2026-01-05' + (k % 20)::int END,
            CASE WHEN s.status NOT IN ('referred', 'triaged', 'screened', 'declined') THEN 'tier_2' END,
            CASE WHEN s.status NOT IN ('referred', 'triaged', 'screened', 'declined') THEN ($4::uuid[])[1 + (k / 4) % 2] END,
            now() - interval '1 minute' * ((k * 7919) % 1500000), now() - interval '1 minute' * ((k * 104729) % 1000000)
       FROM (SELECT row_number() OVER () AS k, * FROM p) p,
            LATERAL (SELECT (p.k / 4) % 100 AS n) n,
            LATERAL (SELECT CASE WHEN n.n < 36 THEN 'ended' WHEN n.n < 48 THEN 'declined' WHEN n.n < 56 THEN 'withdrawn'
                                 WHEN n.n < 64 THEN 'triaged' WHEN n.n < 72 THEN 'screened' WHEN n.n < 84 THEN 'offered'
                                 ELSE 'placement_active' END AS status) s`,
    [t.tenantId, t.las, t.schools, t.providers, cases],
  );
}

export async function seedPartnership(c: Client, cases: number): Promise<Seeded> {
  const slug = `cost-${randomUUID().slice(0, 8)}`;
  const {
    rows: [{ id: tenantId }],
  } = await c.query(`INSERT INTO tenants (slug, name) VALUES ($1, $1) RETURNING id`, [slug]);
  const ids = async (sql: string) => (await c.query(sql, [tenantId])).rows.map((r) => r.id as string);
  const las = await ids(
    `INSERT INTO organisations (tenant_id, kind, name, la_number, gss_code)
     SELECT $1, 'local_authority', 'Cost LA ' || i, (890 + i)::text, 'E0600' || (2000 + i)::text FROM generate_series(1, 4) i RETURNING id`,
  );
  las.sort();
  const schools = await ids(
    `INSERT INTO organisations (tenant_id, kind, name, urn, local_authority_id)
     SELECT $1, 'school', 'Cost school ' || i, (500000 + i)::text,
            (SELECT id FROM organisations WHERE tenant_id = $1 AND kind = 'local_authority' ORDER BY id OFFSET i - 1 LIMIT 1)
       FROM generate_series(1, 4) i RETURNING id`,
  );
  await c.query(
    `INSERT INTO organisations (tenant_id, kind, name, ukprn) SELECT $1, 'ap_provider', 'Cost provider ' || i, (10000000 + i)::text FROM generate_series(1, 2) i`,
    [tenantId],
  );
  const providers = await ids(
    `INSERT INTO ap_providers (tenant_id, organisation_id, name, provider_type, ukprn, tiers)
     SELECT tenant_id, id, name, 'pru', ukprn, '{tier_1,tier_2,tier_3}' FROM organisations WHERE tenant_id = $1 AND kind = 'ap_provider' RETURNING id`,
  );
  // schools in LA order, so that school i is in LA i (the seed puts pupil k's school and LA at the same index)
  const ordered = (
    await c.query(`SELECT id FROM organisations WHERE id = ANY ($1) ORDER BY local_authority_id`, [schools])
  ).rows;
  const t = { tenantId, las, schools: ordered.map((r) => r.id as string), providers };
  await addCases(c, t, cases);
  return t;
}

/** The callers of the list: each scope of AP's rules for ApCase. */
export function principals(t: Seeded): Record<string, Principal> {
  const member = (role: string, organisationId: string, organisationKind: string, la: string | null) => ({
    id: randomUUID(),
    role,
    organisationId,
    organisationKind,
    localAuthorityId: la,
  });
  const base = {
    userId: randomUUID(),
    sessionId: randomUUID(),
    tenantId: t.tenantId,
    platformRole: null,
    extensions: {},
  };
  return {
    'LA officer': {
      ...base,
      memberships: [member('la_officer', t.las[0], 'local_authority', t.las[0])],
      laIds: [t.las[0]],
    },
    'LA officer with an agreement': {
      ...base,
      memberships: [member('la_officer', t.las[0], 'local_authority', t.las[0])],
      laIds: [t.las[0], t.las[1]].sort(),
    },
    'school staff': {
      ...base,
      memberships: [member('setting_staff', t.schools[0], 'school', t.las[0])],
      laIds: [t.las[0]],
    },
    'provider staff': {
      ...base,
      memberships: [member('ap_provider_staff', randomUUID(), 'ap_provider', null)],
      laIds: [...t.las],
      extensions: { [AP_MODULE]: { providers: [{ id: t.providers[0], la_ids: t.las }] } },
    },
    'LA officer and school staff': {
      ...base,
      memberships: [
        member('la_officer', t.las[1], 'local_authority', t.las[1]),
        member('setting_staff', t.schools[0], 'school', t.las[0]),
      ],
      laIds: [t.las[0], t.las[1]].sort(),
    },
  };
}

export const literal = (v: unknown): string =>
  v === null
    ? 'NULL'
    : Array.isArray(v)
      ? `'{${v.map((x) => `"${String(x)}"`).join(',')}}'`
      : `'${String(v).replace(/'/g, "''")}'`;

export type Shape = Omit<CaseListQuery, 'scope' | 'drivers'>;

/** The statement as CasesService.list writes it for `p`; `plain` without the scope's values (the partnership's cases filtered by the scope's SQL alone). */
export function statement(p: Principal, q: Shape, plain = false) {
  const builder = new AbilityBuilder(createMongoAbility);
  new ApAbilityRules().define(p, builder.can as never, p.tenantId!);
  const ability = builder.build() as never;
  const params: unknown[] = [p.tenantId];
  const { text, key, ordered } = caseListStatement(params, {
    ...q,
    scope: positionalScope(sqlScope(ability, 'read', 'ApCase', 'c', CASE_COLUMNS), params),
    drivers: plain ? null : caseDrivers(scopeTerms(ability, 'read', 'ApCase', CASE_COLUMNS)),
  });
  return { text, params, key, ordered };
}

/** Runs `fn` on `app` (the app role) in a unit of work of `p`'s, with the settings the API gives it. */
export async function asCaller<T>(app: Client, p: Principal, fn: () => Promise<T>): Promise<T> {
  await app.query('BEGIN');
  try {
    await app.query(
      `SELECT set_config('app.tenant_id', $1, true), set_config('app.actor_id', $2, true), set_config('app.la_ids', $3, true)`,
      [p.tenantId, p.userId, p.laIds.join(',')],
    );
    return await fn();
  } finally {
    await app.query('ROLLBACK');
  }
}

type Statement = { text: string; params: unknown[]; ordered: boolean };

export async function listRows(app: Client, p: Principal, s: Statement): Promise<CaseListRow[]> {
  return asCaller(app, p, async () => {
    if (s.ordered) await app.query(CASE_LIST_PLANNER);
    return (await app.query(s.text, s.params)).rows as CaseListRow[];
  });
}

/**
 * Shared buffers (hit and read) of the statement's generic plan, warm: the plan the API's prepared
 * statement settles on. With `plan`, the plan's text as well.
 */
export async function listBuffers(app: Client, p: Principal, s: Statement): Promise<{ buffers: number; plan: string }> {
  return asCaller(app, p, async () => {
    await app.query(`SET LOCAL plan_cache_mode = force_generic_plan`);
    if (s.ordered) await app.query(CASE_LIST_PLANNER);
    await app.query(`PREPARE case_list_probe AS ${s.text}`);
    try {
      const run = `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, FORMAT JSON) EXECUTE case_list_probe(${s.params.map(literal).join(', ')})`;
      await app.query(run);
      const { rows } = await app.query(run);
      const plan = rows[0]['QUERY PLAN'][0].Plan;
      const text = (await app.query(run.replace('FORMAT JSON', 'FORMAT TEXT'))).rows
        .map((r) => r['QUERY PLAN'])
        .join('\n');
      return { buffers: plan['Shared Hit Blocks'] + plan['Shared Read Blocks'], plan: text };
    } finally {
      await app.query(`DEALLOCATE case_list_probe`);
    }
  });
}

/** Every scope of ApCase, sort and filter the list serves. */
export function shapes(t: Seeded): { name: string; p: Principal; q: Shape }[] {
  const out: { name: string; p: Principal; q: Shape }[] = [];
  const filters: [string, Partial<Shape>][] = [
    ['', {}],
    ['stage panel', { stage: 'panel' }],
    ['stage closed', { stage: 'closed' }],
    ['status offered', { status: 'offered' }],
    ['status declined', { status: 'declined' }],
    ['tier', { tier: 'tier_2' }],
    ['route', { route: 'school_referral' }],
    ['laId', { laId: t.las[0] }],
    ['providerId', { providerId: t.providers[0] }],
  ];
  for (const [who, p] of Object.entries(principals(t)))
    for (const sort of ['updated', 'oldest', 'panel'] as CaseSort[])
      for (const [filter, f] of filters)
        out.push({ name: `${who}, ${sort}${filter ? `, ${filter}` : ''}`, p, q: { sort, limit: 50, ...f } });
  return out;
}
