import { AbilityBuilder, createMongoAbility } from '@casl/ability';
import { Principal, positionalScope, scopeTerms, sqlScope } from '@rep-hub/auth';
import { workerDatabase } from '@rep-hub/platform/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AP_MODULE } from './ap-principal';
import { ApAbilityRules } from './ap-abilities';
import { CASE_COLUMNS, caseDrivers, CaseListQuery, caseListStatement, CaseListRow, CaseSort } from './cases.model';

/** A partnership of this suite: four LAs, four schools, two providers, and the ids the callers need. */
interface Seeded {
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
async function addCases(c: Client, t: Seeded, cases: number): Promise<void> {
  await c.query(
    `WITH p AS (
       INSERT INTO pupils (tenant_id, la_id, given_name, family_name, date_of_birth, current_school_id, sen_provision, looked_after, free_school_meals, upn_unknown_reason)
       SELECT $1, ($2::uuid[])[1 + i % 4], 'Given' || i, 'Family' || i, DATE '2010-09-01' + (i % 2000)::int, ($3::uuid[])[1 + i % 4], 'N', false, false, 'UN1'
         FROM generate_series(1, $5::int) i
       RETURNING id, la_id, current_school_id)
     INSERT INTO ap_cases (tenant_id, la_id, pupil_id, route, setting_id, reason, requested_tier, family_views, child_views,
                           status, urgency, panel_date, tier, provider_id, created_at, updated_at)
     SELECT $1, p.la_id, p.id, 'school_referral', p.current_school_id, 'suspension', (ARRAY['tier_1','tier_2','tier_3'])[1 + k % 3],
            'Agreed.', 'Agreed.', s.status, 'standard',
            CASE WHEN s.status IN ('triaged', 'screened') THEN DATE '2026-01-05' + (k % 20)::int END,
            CASE WHEN s.status NOT IN ('referred', 'triaged', 'screened', 'declined') THEN 'tier_2' END,
            CASE WHEN s.status NOT IN ('referred', 'triaged', 'screened', 'declined') THEN ($4::uuid[])[1 + k % 2] END,
            now() - interval '1 minute' * ((k * 7919) % 1500000), now() - interval '1 minute' * ((k * 104729) % 1000000)
       FROM (SELECT row_number() OVER () AS k, * FROM p) p,
            LATERAL (SELECT CASE WHEN p.k % 100 < 86 THEN 'ended' WHEN p.k % 100 < 88 THEN 'declined' WHEN p.k % 100 < 90 THEN 'withdrawn'
                                 WHEN p.k % 100 < 92 THEN 'triaged' WHEN p.k % 100 < 94 THEN 'screened' WHEN p.k % 100 < 96 THEN 'offered'
                                 ELSE 'placement_active' END AS status) s`,
    [t.tenantId, t.las, t.schools, t.providers, cases],
  );
}

async function seedPartnership(c: Client, cases: number): Promise<Seeded> {
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
  const ordered = (await c.query(`SELECT id FROM organisations WHERE id = ANY ($1) ORDER BY local_authority_id`, [schools])).rows;
  const t = { tenantId, las, schools: ordered.map((r) => r.id as string), providers };
  await addCases(c, t, cases);
  return t;
}

/** The callers of the list: each scope of AP's rules for ApCase. */
function principals(t: Seeded): Record<string, Principal> {
  const member = (role: string, organisationId: string, organisationKind: string, la: string | null) => ({
    id: randomUUID(),
    role,
    organisationId,
    organisationKind,
    localAuthorityId: la,
  });
  const base = { userId: randomUUID(), sessionId: randomUUID(), tenantId: t.tenantId, platformRole: null, extensions: {} };
  return {
    'LA officer': { ...base, memberships: [member('la_officer', t.las[0], 'local_authority', t.las[0])], laIds: [t.las[0]] },
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

const literal = (v: unknown): string =>
  v === null
    ? 'NULL'
    : Array.isArray(v)
      ? `'{${v.map((x) => `"${String(x)}"`).join(',')}}'`
      : `'${String(v).replace(/'/g, "''")}'`;

describe('the case list costs the same as partnerships grow (issue 27), on PostgreSQL as the app role under RLS', () => {
  let admin: Client;
  let app: Client;
  let a: Seeded;

  beforeAll(async () => {
    const db = await workerDatabase();
    admin = new Client({ connectionString: db.adminUrl });
    app = new Client({ connectionString: db.appUrl });
    await admin.connect();
    await app.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await app?.end();
  });

  /** The statement as CasesService.list writes it for `p`; `plain` without the scope's values (the partnership's cases filtered by the scope). */
  function statement(p: Principal, q: Omit<CaseListQuery, 'scope' | 'drivers'>, plain = false) {
    const builder = new AbilityBuilder(createMongoAbility);
    new ApAbilityRules().define(p, builder.can as never, p.tenantId!);
    const ability = builder.build() as never;
    const params: unknown[] = [p.tenantId];
    const { text, key } = caseListStatement(params, {
      ...q,
      scope: positionalScope(sqlScope(ability, 'read', 'ApCase', 'c', CASE_COLUMNS), params),
      drivers: plain ? null : caseDrivers(scopeTerms(ability, 'read', 'ApCase', CASE_COLUMNS)),
    });
    return { text, params, key };
  }

  /** Runs `fn` in a unit of work of `p`'s, as the API sets it up. */
  async function asCaller<T>(p: Principal, fn: () => Promise<T>): Promise<T> {
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

  /** Shared buffers (hit and read) of the statement's generic plan, as the API's prepared statement runs it once warm. */
  async function buffers(p: Principal, s: { text: string; params: unknown[] }): Promise<number> {
    return asCaller(p, async () => {
      await app.query(`SET LOCAL plan_cache_mode = force_generic_plan`);
      await app.query(`PREPARE cost_probe AS ${s.text}`);
      try {
        const run = `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE cost_probe(${s.params.map(literal).join(', ')})`;
        await app.query(run);
        const { rows } = await app.query(run);
        const plan = rows[0]['QUERY PLAN'][0].Plan;
        if (process.env['CASE_LIST_PLANS']) console.log(JSON.stringify(s.params), (await app.query(run.replace('FORMAT JSON', 'FORMAT TEXT'))).rows.map((r) => r['QUERY PLAN']).join('\n'));
        return plan['Shared Hit Blocks'] + plan['Shared Read Blocks'];
      } finally {
        await app.query(`DEALLOCATE cost_probe`);
      }
    });
  }

  async function rows(p: Principal, s: { text: string; params: unknown[] }): Promise<CaseListRow[]> {
    return asCaller(p, async () => (await app.query(s.text, s.params)).rows);
  }

  /** Every scope, sort and filter the list serves, with a second page by the cursor. */
  function shapes(t: Seeded): { name: string; p: Principal; q: Omit<CaseListQuery, 'scope' | 'drivers'> }[] {
    const out: { name: string; p: Principal; q: Omit<CaseListQuery, 'scope' | 'drivers'> }[] = [];
    const filters: [string, Partial<CaseListQuery>][] = [
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
        for (const [filter, f] of filters) out.push({ name: `${who}, ${sort}${filter ? `, ${filter}` : ''}`, p, q: { sort, limit: 50, ...f } });
    return out;
  }

  it('reads the same pages as the plain statement, and as many buffers with ten times the cases and another partnership', async () => {
    a = await seedPartnership(admin, 400);
    await admin.query('ANALYZE ap_cases, pupils, organisations, ap_providers');
    const before = new Map<string, number>();
    const measure = async (into: Map<string, number>) => {
      for (const s of shapes(a)) {
        const first = statement(s.p, s.q);
        // the same rows, in the same order, as the statement without the ranges
        const page = await rows(s.p, first);
        expect({ shape: s.name, ids: page.map((r) => r.id) }).toEqual({
          shape: s.name,
          ids: (await rows(s.p, statement(s.p, s.q, true))).map((r) => r.id),
        });
        into.set(s.name, await buffers(s.p, first));
        if (page.length > 50) {
          const after: [string, string] = [first.key(page[49]), page[49].id];
          const next = statement(s.p, { ...s.q, after });
          expect((await rows(s.p, next)).map((r) => r.id)).toEqual(
            (await rows(s.p, statement(s.p, { ...s.q, after }, true))).map((r) => r.id),
          );
          into.set(`${s.name}, page 2`, await buffers(s.p, next));
        }
      }
    };
    await measure(before);
    await addCases(admin, a, 4000);
    await seedPartnership(admin, 4400);
    await admin.query('ANALYZE ap_cases, pupils, organisations, ap_providers');
    const after = new Map<string, number>();
    await measure(after);
    const grown = [...after].filter(([name, n]) => n > Math.max(1.2 * (before.get(name) ?? 0), 20));
    expect(grown).toEqual([]);
  });
});
