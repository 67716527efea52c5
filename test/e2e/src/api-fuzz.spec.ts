import { randomUUID } from 'node:crypto';
import { ApiWorld } from '@rep-hub/api-surface/testing';
import { PRODUCT_API_MODULES, PRODUCT_PARTNERSHIP_EXTRAS } from './product';

/**
 * The API's fuzz test: hostile bodies sent to every operation of the OpenAPI document, signed in
 * as the platform admin and not signed in. None may answer 500; each answers 400 problem details
 * naming the field. Before, JSON nested 3,000 arrays deep answered 500 on 31 operations and a lone
 * UTF-16 surrogate in `email` answered 500 on sign-in, password reset and user creation.
 */
describe('hostile bodies on every operation', () => {
  let world: ApiWorld;
  let operations: { method: string; path: string }[];

  beforeAll(async () => {
    world = await ApiWorld.start({ modules: PRODUCT_API_MODULES, partnershipExtras: PRODUCT_PARTNERSHIP_EXTRAS });
    const doc = (await world.http.get('/api/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
    operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((method) => ({ method, path: path.replace(/\{[^}]+\}/g, () => randomUUID()) })),
    );
  });
  afterAll(() => world?.close());

  const BODIES: { name: string; body: string; field: string }[] = [
    { name: 'JSON nested 3,000 arrays deep', body: `${'['.repeat(3000)}${']'.repeat(3000)}`, field: '(body)' },
    { name: 'JSON nested 3,000 objects deep', body: `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`, field: '(body)' },
    { name: 'a lone UTF-16 surrogate in email', body: '{"email":"\\ud800","password":"x"}', field: 'email' },
    {
      name: 'a lone low surrogate deep in an array',
      body: '{"sessions":[{"date":"2026-11-02","code":"O\\udc00"}]}',
      field: 'sessions[0].code',
    },
  ];

  for (const { name, body, field } of BODIES) {
    it(`answers 400 naming the field to ${name}`, async () => {
      expect(operations.length).toBeGreaterThan(40);
      const wrong: string[] = [];
      for (const op of operations) {
        for (const token of [world.adminToken, undefined]) {
          const req = world.http[op.method as 'post'](op.path).set('content-type', 'application/json');
          if (token) req.set('authorization', `Bearer ${token}`);
          const r = await req.send(body);
          const ok =
            r.status === 400 &&
            String(r.headers['content-type']).startsWith('application/problem+json') &&
            (r.body as { errors?: { field: string }[] }).errors?.[0]?.field === field;
          if (!ok)
            wrong.push(
              `${op.method.toUpperCase()} ${op.path} ${token ? 'signed in' : 'anonymous'}: ${r.status} ${JSON.stringify(r.body).slice(0, 160)}`,
            );
        }
      }
      expect(wrong).toEqual([]);
    });
  }

  it('answers 404 or 400 naming the field, never 500, to hostile addresses of the public plan reads', async () => {
    const long = 'a'.repeat(5000);
    const cases: [string, number, string?][] = [
      [`/api/v1/public/inclusion-plans/${long}`, 404],
      ['/api/v1/public/inclusion-plans/%F0%9F%98%80', 404],
      ['/api/v1/public/inclusion-plans/UPPER-case', 404],
      ["/api/v1/public/inclusion-plans/x'%3B%20DROP%20TABLE%20tenants%3B--", 404],
      [`/api/v1/public/inclusion-plans/some-partnership/versions/${long}`, 404],
      ['/api/v1/public/inclusion-plans/some-partnership/versions/%00', 404],
      [`/api/v1/public/inclusion-plans/some-partnership/compare?from=${randomUUID()}&to=%ED%A0%80`, 400, 'to'],
      [`/api/v1/public/inclusion-plans/some-partnership/compare?from=${long}&to=${randomUUID()}`, 400, 'from'],
      [`/api/v1/public/inclusion-plans/some-partnership/compare?from=${randomUUID()}&to=${randomUUID()}`, 404],
    ];
    const wrong: string[] = [];
    for (const [path, status, field] of cases) {
      const r = await world.http.get(path);
      const named = field === undefined || (r.body as { errors?: { field: string }[] }).errors?.[0]?.field === field;
      if (r.status !== status || !named)
        wrong.push(`${path.slice(0, 120)}: ${r.status} ${JSON.stringify(r.body).slice(0, 160)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers 400 naming indicatorCode or 404, never 500, to hostile addresses of the public dashboard’s indicators', async () => {
    const long = 'a'.repeat(5000);
    const cases: [string, number, string?][] = [
      [`/api/v1/public/open-data/indicators/${long}`, 400, 'indicatorCode'],
      ['/api/v1/public/open-data/indicators/%F0%9F%98%80', 400, 'indicatorCode'],
      // not UTF-8: refused by the router before any handler, as problem details
      ['/api/v1/public/open-data/indicators/%ED%A0%80', 400],
      ['/api/v1/public/open-data/indicators/%00', 400, 'indicatorCode'],
      ["/api/v1/public/open-data/indicators/x'%3B%20DROP%20TABLE%20tenants%3B--", 400, 'indicatorCode'],
      ['/api/v1/public/open-data/indicators/AP.REFERRALS', 400, 'indicatorCode'],
      ['/api/v1/public/open-data/indicators/ap.no_such_indicator', 404],
      ['/api/v1/public/open-data/indicators?indicatorCode=%00', 200],
    ];
    const wrong: string[] = [];
    for (const [path, status, field] of cases) {
      const r = await world.http.get(path);
      const named = field === undefined || (r.body as { errors?: { field: string }[] }).errors?.[0]?.field === field;
      if (r.status !== status || !named)
        wrong.push(`${path.slice(0, 120)}: ${r.status} ${JSON.stringify(r.body).slice(0, 160)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers 404 or 400, never 500, to hostile addresses of workforce training’s routes, as its lead and a training provider', async () => {
    const p = await world.partnership('fuzz-wf', ['354', '355']);
    const long = 'a'.repeat(5000);
    const bad = [long, '%ED%A0%80', "x'%3B%20DROP%20TABLE%20tenants%3B--", '%00', '-1', randomUUID()];
    const wrong: string[] = [];
    for (const v of bad)
      for (const who of ['workforce', 'trainer'] as const)
        for (const [method, path] of [
          ['get', `/api/v1/workforce/programmes/${v}`],
          ['get', `/api/v1/workforce/cohorts/${v}`],
          ['get', `/api/v1/workforce/cohorts/${v}/enrolments`],
          ['put', `/api/v1/workforce/cohorts/${v}/allocations/${v}`],
          ['post', `/api/v1/workforce/cohorts/${v}/enrolments`],
          ['get', `/api/v1/workforce/participants/${v}`],
          ['get', `/api/v1/workforce/enrolments/${v}`],
          ['post', `/api/v1/workforce/enrolments/${v}/transitions`],
          ['post', `/api/v1/workforce/enrolments/${v}/milestones`],
          ['post', `/api/v1/workforce/cohorts/${v}/uploads`],
          ['get', `/api/v1/workforce/cohorts/${v}/uploads/${v}`],
          ['get', `/api/v1/workforce/coverage?from=${v}&to=${v}`],
          ['get', `/api/v1/workforce/coverage/export?format=${v}`],
        ] as const) {
          const r = await world.http[method](path).set('authorization', `Bearer ${p.members[who].token}`).send({
            places: 1,
            participantId: randomUUID(),
            status: 'active',
            milestone: 'started',
            evidenceOn: '2026-10-05',
          });
          if (![400, 403, 404].includes(r.status)) wrong.push(`${who} ${method} ${path.slice(0, 120)}: ${r.status}`);
        }
    expect(wrong).toEqual([]);
  });

  it('answers 400 naming the field or 404, never 500, to hostile addresses and queries of the National Board’s routes, as the board', async () => {
    const board = (await world.ensureBoardMember('fuzz-board')).token;
    const long = 'a'.repeat(5000);
    const bad = [long, '%ED%A0%80', "x'%3B%20DROP%20TABLE%20tenants%3B--", '%00', '2026-27-winter', '-1'];
    const paths: string[] = [];
    for (const v of bad) {
      paths.push(
        `/api/v1/national/compare/${v}`,
        `/api/v1/national/compare/ap.referrals?from=${v}`,
        `/api/v1/national/compare/ap.referrals?to=${v}`,
        `/api/v1/national/compare/ap.referrals/ranking?period=${v}`,
        `/api/v1/national/compare/ap.referrals/local-authorities?period=2025-26-summer&partnershipId=${v}`,
        `/api/v1/national/returns?period=${v}`,
        `/api/v1/national/exceptions?period=${v}`,
        `/api/v1/national/decisions?open=${v}&overdue=${v}`,
        `/api/v1/national/meetings/${v}`,
        `/api/v1/national/board-packs/${v}`,
        `/api/v1/national/board-packs/${v}/pdf`,
      );
    }
    const wrong: string[] = [];
    for (const path of paths) {
      const r = await world.http.get(path).set('authorization', `Bearer ${board}`);
      const problem = String(r.headers['content-type']).startsWith('application/problem+json');
      // a bad query value is a 400 naming its field; an address that cannot be decoded at all is
      // the HTTP layer's 400 (its detail says so), before any route reads it
      const undecodable = /Failed to decode param/.test(String((r.body as { detail?: string }).detail));
      const named =
        r.status !== 400 || undecodable || !!(r.body as { errors?: { field: string }[] }).errors?.[0]?.field;
      if (![400, 404].includes(r.status) || !problem || !named)
        wrong.push(`${path.slice(0, 120)}: ${r.status} ${JSON.stringify(r.body).slice(0, 160)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers 400 naming the field or 404, never 500, to hostile addresses and queries of open data, signed out', async () => {
    const long = 'a'.repeat(5000);
    const bad = [
      long,
      '%ED%A0%80',
      "x'%3B%20DROP%20TABLE%20tenants%3B--",
      '%00',
      '2026-27-winter',
      '-1',
      '%F0%9F%98%80',
    ];
    const base = '/api/v1/public/open-data/releases';
    const paths: string[] = [
      `${base}/${randomUUID()}`,
      `${base}/${randomUUID()}/data.csv`,
      `${base}?partnership=${randomUUID()}&partnership=${randomUUID()}`,
    ];
    for (const v of bad)
      paths.push(
        `${base}/${v}`,
        `${base}/${v}/data.csv`,
        `${base}/${v}/metadata.csv`,
        `${base}/${v}/method.txt`,
        `${base}?partnership=${v}`,
        `${base}?period=${v}`,
      );
    const wrong: string[] = [];
    for (const path of paths) {
      const r = await world.http.get(path);
      const problem = String(r.headers['content-type']).startsWith('application/problem+json');
      const undecodable = /Failed to decode param/.test(String((r.body as { detail?: string }).detail));
      const named =
        r.status !== 400 || undecodable || !!(r.body as { errors?: { field: string }[] }).errors?.[0]?.field;
      if (![400, 404].includes(r.status) || !problem || !named)
        wrong.push(`${path.slice(0, 120)}: ${r.status} ${JSON.stringify(r.body).slice(0, 160)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('still takes well-formed text, surrogate pairs included', async () => {
    const r = await world.http
      .post('/api/v1/auth/login')
      .set('content-type', 'application/json')
      .send('{"email":"someone@example.com","password":"not the password \\ud83d\\ude00"}');
    expect(r.status).toBe(401);
  });
});
