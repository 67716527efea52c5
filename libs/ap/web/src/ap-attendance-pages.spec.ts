import { academicYearOf } from '@rep-hub/ap-domain';
import { TenantRoleCode } from '@rep-hub/auth';
import { UnitOfWork } from '@rep-hub/platform';
import type TestAgent from 'supertest/lib/agent';
import { csrfOf, dateBoxes, isoDay, unique, WebWorld } from '@rep-hub/web-surface/testing';
import { startWebWorld } from './testing/ap-web-world';

/**
 * The attendance pages over HTTP, as a browser without JavaScript uses them: the provider's
 * attendance page with its placements, templates and file upload (multipart, its CSRF token in
 * the query), a placement's sessions and the form to record a day, and what the LA and others see.
 */
describe('AP attendance pages', () => {
  let world: WebWorld;
  let uow: UnitOfWork;
  let tenantId: string;
  let laId: string;
  let placementId: string;
  let caseId: string;
  let reference: string;
  const agents: Record<'officer' | 'otherOfficer' | 'school' | 'provider', TestAgent> = {} as never;

  const stored = () =>
    uow.forTenant({ tenantId, laIds: [laId] }, (m) =>
      m.query(
        `SELECT session_date, session, code, note, recorded_at FROM ap_attendance WHERE tenant_id = $1 AND placement_id = $2 ORDER BY 1, 2`,
        [tenantId, placementId],
      ),
    ) as Promise<Record<string, unknown>[]>;
  /** Posts a file as the upload form does: multipart, with the page's CSRF token in the query. */
  async function upload(body: string | Buffer, filename: string, token?: string) {
    const page = await agents.provider.get('/ap/attendance').expect(200);
    const csrf = token ?? csrfOf(page.text);
    return agents.provider
      .post(`/ap/attendance/upload?_csrf=${encodeURIComponent(csrf)}`)
      .attach('file', Buffer.from(body), filename);
  }

  beforeAll(async () => {
    world = await startWebWorld();
    uow = world.app.get(UnitOfWork);
    const o = world.onboarding;
    const tenant = await o.createTenant(
      { slug: `apatt-${unique()}`, name: `AP attendance partnership ${unique()}`, region: 'Yorkshire and the Humber' },
      world.adminId,
    );
    tenantId = tenant.id;
    const la = await o.createOrganisation(
      tenantId,
      { kind: 'local_authority', name: 'Leeds City Council', laNumber: '383', isLead: true },
      world.adminId,
    );
    const other = await o.createOrganisation(
      tenantId,
      { kind: 'local_authority', name: 'Bradford Council', laNumber: '380' },
      world.adminId,
    );
    laId = la.id;
    const school = await o.createOrganisation(
      tenantId,
      {
        kind: 'school',
        name: 'Aire Valley Academy',
        urn: String(100000 + Math.floor(Math.random() * 899999)),
        localAuthorityId: laId,
      },
      world.adminId,
    );
    const providerOrg = await o.createOrganisation(
      tenantId,
      {
        kind: 'ap_provider',
        name: 'Wharfe Learning Centre',
        ukprn: String(10000000 + Math.floor(Math.random() * 9999999)),
      },
      world.adminId,
    );
    const members: [keyof typeof agents, string, TenantRoleCode][] = [
      ['officer', laId, 'la_officer'],
      ['otherOfficer', other.id, 'la_officer'],
      ['school', school.id, 'setting_staff'],
      ['provider', providerOrg.id, 'ap_provider_staff'],
    ];
    // the provider's directory entry, the LA's places there, and an LA commission placed there 20 days ago
    const placed = await uow.forTenant({ tenantId, laIds: [laId] }, async (m) => {
      const [p] = (await m.query(
        `INSERT INTO ap_providers (tenant_id, name, provider_type, ukprn, tiers, organisation_id) VALUES ($1, 'Wharfe Learning Centre', 'pru', $2, ARRAY['tier_2'], $3) RETURNING id`,
        [tenantId, providerOrg.ukprn, providerOrg.id],
      )) as { id: string }[];
      await m.query(
        `INSERT INTO ap_commissioned_places (tenant_id, provider_id, la_id, tier, academic_year, places) VALUES ($1, $2, $3, 'tier_2', $4, 5)`,
        [tenantId, p.id, laId, academicYearOf(new Date())],
      );
      const [pupil] = (await m.query(
        `INSERT INTO pupils (tenant_id, la_id, upn_unknown_reason, given_name, family_name, date_of_birth) VALUES ($1, $2, 'UN2', 'Robin', 'Attendtest', '2013-05-02') RETURNING id`,
        [tenantId, laId],
      )) as { id: string }[];
      const [c] = (await m.query(
        `INSERT INTO ap_cases (tenant_id, la_id, pupil_id, route, reason, requested_tier, family_views, child_views, status, tier, provider_id)
         VALUES ($1, $2, $3, 'la_commission', 'medical_needs', 'tier_2', 'Agree', 'Agree', 'placement_active', 'tier_2', $4) RETURNING id, reference::text AS reference`,
        [tenantId, laId, pupil.id, p.id],
      )) as { id: string; reference: string }[];
      const [pl] = (await m.query(
        `INSERT INTO ap_placements (tenant_id, case_id, la_id, provider_id, tier, academic_year, status, planned_start, started_on) VALUES ($1, $2, $3, $4, 'tier_2', $5, 'active', $6, $6) RETURNING id`,
        [tenantId, c.id, laId, p.id, academicYearOf(new Date(Date.now() - 20 * 86_400_000)), isoDay(-20)],
      )) as { id: string }[];
      return { caseId: c.id, reference: `AP-${c.reference.padStart(6, '0')}`, placementId: pl.id };
    });
    ({ caseId, reference, placementId } = placed);
    Object.assign(agents, await world.members(tenantId, members));
  }, 120_000);
  afterAll(() => world?.close());

  it('shows the provider its placements, the templates and the upload form (its token in the query), linked from its home page', async () => {
    const home = await agents.provider.get('/').expect(200);
    expect(home.text).toContain('href="/ap/attendance"');
    const page = await agents.provider.get('/ap/attendance').expect(200);
    expect(page.text).toContain(`href="/ap/placements/${placementId}/attendance">${reference}</a>`);
    expect(page.text).toContain('Robin Attendtest');
    expect(page.text).toContain('enctype="multipart/form-data"');
    expect(page.text).toContain(`action="/ap/attendance/upload?_csrf=${encodeURIComponent(csrfOf(page.text))}"`);
    const template = await agents.provider.get('/ap/attendance/template?format=csv').expect(200);
    expect(template.headers['content-disposition']).toMatch(/^attachment; filename="attendance-.*\.csv"$/);
    expect(template.text).toContain(`${reference},`);
    expect((await agents.officer.get('/ap/attendance')).status).toBe(403);
  });

  it('refuses a multipart upload without the session’s token, and one with another token', async () => {
    const noToken = await agents.provider
      .post('/ap/attendance/upload')
      .attach('file', Buffer.from(`case_reference,date,session,code\n${reference},${isoDay(-1)},AM,/\n`), 'a.csv');
    expect(noToken.status).toBe(403);
    expect(noToken.text).toContain('This form has expired');
    const wrong = await upload(
      `case_reference,date,session,code\n${reference},${isoDay(-1)},AM,/\n`,
      'a.csv',
      'not-the-token',
    );
    expect(wrong.status).toBe(403);
    // a token in the query of a form post that is not multipart is not accepted
    const page = await agents.provider.get(`/ap/placements/${placementId}/attendance`).expect(200);
    const form = await agents.provider
      .post(`/ap/placements/${placementId}/attendance?_csrf=${encodeURIComponent(csrfOf(page.text))}`)
      .type('form')
      .send({ am: '/', ...dateBoxes('date', isoDay(-1)) });
    expect(form.status).toBe(403);
    expect(await stored()).toEqual([]);
  });

  it('lists every problem of a file with its row and column, saves nothing, then lands the corrected file once', async () => {
    const bad = await upload(
      `case_reference,date,session,code,note\n${reference},${isoDay(-2)},AM,/,\n${reference},${isoDay(-2)},PM,Q9,\n${reference},${isoDay(-1)},AM,K,\n`,
      'week.csv',
    );
    // the page is never shown at the upload's address (its query carries the CSRF token): the problems go to the attendance page
    expect(bad.status).toBe(303);
    expect(bad.headers['location']).toBe('/ap/attendance');
    const shown = await agents.provider.get('/ap/attendance');
    expect(shown.status).toBe(400);
    expect(shown.text).toContain('There is a problem');
    expect(shown.text).toContain('The file has 2 problems. Nothing was saved');
    // the error summary links to the table of the file's problems
    expect(shown.text).toContain('href="#row-errors"');
    expect(shown.text).toMatch(/<table[^>]*id="row-errors"/);
    const table = shown.text.slice(shown.text.indexOf('data-testid="row-errors"'));
    expect(table).toMatch(/>3<\/td>\s*<td[^>]*>code<\/td>/);
    expect(table).toMatch(/>4<\/td>\s*<td[^>]*>note<\/td>/);
    expect(await stored()).toEqual([]);
    // shown once: the next visit is the plain page
    expect((await agents.provider.get('/ap/attendance')).status).toBe(200);

    const good = `case_reference,date,session,code,note\n${reference},${isoDay(-2)},AM,/,\n${reference},${isoDay(-2)},PM,O,\n${reference},${isoDay(-1)},AM,K,Tuition at home\n`;
    const first = await upload(good, 'week.csv');
    expect(first.status).toBe(303);
    expect(first.headers['location']).toBe('/ap/attendance#uploads');
    const confirmed = await agents.provider.get('/ap/attendance').expect(200);
    expect(confirmed.text).toContain('Attendance uploaded');
    expect(confirmed.text).toContain('week.csv for Wharfe Learning Centre: 3 rows received, 3 sessions saved.');
    const rows = await stored();
    expect(rows).toHaveLength(3);
    expect((await upload(good, 'week.csv')).status).toBe(303);
    const again = await agents.provider.get('/ap/attendance').expect(200);
    expect(again.text).toContain('3 rows received, 0 sessions saved. 3 sessions already recorded');
    expect(await stored()).toEqual(rows);
    expect(again.text).toContain('week.csv');
  });

  it('records every pupil’s day on the daily register through the upload’s checks, all or nothing, audited once', async () => {
    const path = '/ap/attendance/register';
    const before = (await stored()).length;
    const page = await agents.provider.get(`${path}?date=${isoDay(-7)}`).expect(200);
    const am = page.text.slice(
      page.text.indexOf(`id="am-${reference}"`),
      page.text.indexOf(`id="amNote-${reference}"`),
    );
    const pm = page.text.slice(
      page.text.indexOf(`id="pm-${reference}"`),
      page.text.indexOf(`id="pmNote-${reference}"`),
    );
    // codes by session: the morning does not offer the afternoon's present mark, nor the afternoon the morning's
    expect(am).toContain('>/ – Present (AM)<');
    expect(am).not.toContain('Present (PM)');
    expect(pm).toContain('Present (PM)');
    expect(pm).not.toContain('Present (AM)');
    const bad = await world.post(agents.provider, `${path}?date=${isoDay(-7)}`, path, {
      date: isoDay(-7),
      [`am-${reference}`]: '/',
      [`pm-${reference}`]: 'K',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain(`href="#pmNote-${reference}"`);
    expect(bad.text).toContain(`Afternoon, ${reference}: code K needs a note`);
    expect(await stored()).toHaveLength(before);
    const future = await world.post(agents.provider, path, path, { date: isoDay(1), [`am-${reference}`]: '/' });
    expect(future.status).toBe(400);
    expect(future.text).toContain('The date cannot be in the future');
    const none = await world.post(agents.provider, path, path, { date: isoDay(-7) });
    expect(none.status).toBe(400);
    expect(none.text).toContain('Choose a code for at least one session');
    expect(await stored()).toHaveLength(before);

    const ok = await world.post(agents.provider, `${path}?date=${isoDay(-7)}`, path, {
      date: isoDay(-7),
      [`am-${reference}`]: '/',
      [`pm-${reference}`]: 'K',
      [`pmNote-${reference}`]: 'Tuition at home',
    });
    expect(ok.status).toBe(303);
    expect(ok.headers['location']).toBe(`${path}?date=${isoDay(-7)}`);
    const saved = await agents.provider.get(ok.headers['location']).expect(200);
    expect(saved.text).toContain('Register saved');
    expect(saved.text).toContain('2 sessions saved');
    // the recorded codes fill the form, and a recorded session is changed, never cleared, here
    const savedAm = saved.text.slice(
      saved.text.indexOf(`id="am-${reference}"`),
      saved.text.indexOf(`id="amNote-${reference}"`),
    );
    expect(savedAm).toMatch(/value="\/" selected/);
    expect(savedAm).not.toContain('Not recorded');
    expect(saved.text).toContain('value="Tuition at home"');
    expect(await stored()).toHaveLength(before + 2);
    const audit = (await uow.forTenant({ tenantId, laIds: [laId] }, (m) =>
      m.query(`SELECT details FROM audit_events WHERE tenant_id = $1 AND action = 'ap_attendance.register_save'`, [
        tenantId,
      ]),
    )) as { details: Record<string, unknown> }[];
    expect(audit.map((a) => a.details)).toEqual([
      expect.objectContaining({ date: isoDay(-7), rows: 2, changed: 2, placements: 1 }),
    ]);
    // LA officers do not keep a provider's register
    expect((await agents.officer.get(path)).status).toBe(403);
  });

  it('sends a file over 5 MB back to the upload page with the reason', async () => {
    const big = await upload(Buffer.alloc(5 * 1024 * 1024 + 100, 'a'), 'big.csv');
    expect(big.status).toBe(303);
    expect(big.headers['location']).toBe('/ap/attendance?problem=too-large');
    const page = await agents.provider.get(big.headers['location']);
    expect(page.status).toBe(400);
    expect(page.text).toContain('The selected file must be smaller than 5 MB');
  });

  it('records a day on the placement page, with errors next to their fields', async () => {
    const path = `/ap/placements/${placementId}/attendance`;
    const bad = await world.post(agents.provider, path, path, {
      ...dateBoxes('date', isoDay(-5)),
      am: '/',
      pm: 'B',
      pmNote: '',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('href="#pmNote"');
    expect(bad.text).toContain('Code B needs a note');
    const none = await world.post(agents.provider, path, path, {
      'date-day': '31',
      'date-month': '2',
      'date-year': '2026',
    });
    expect(none.status).toBe(400);
    expect(none.text).toContain('href="#date-day"');
    expect(none.text).toContain('href="#am"');
    const ok = await world.post(agents.provider, path, path, {
      ...dateBoxes('date', isoDay(-5)),
      am: '/',
      pm: 'B',
      pmNote: 'Forest school',
    });
    expect(ok.status).toBe(303);
    expect(ok.headers['location']).toBe(path);
    const page = await agents.provider.get(path).expect(200);
    expect(page.text).toContain('Attendance recorded');
    const sessions = page.text.slice(page.text.indexOf('data-testid="attendance-sessions"'));
    expect(sessions).toContain('B – Attending any other approved educational activity (Forest school)');
    expect(page.text).toContain('Save attendance');
  });

  it('lets the LA read the placement’s attendance (from the case page) without the form; others get 404 or 403', async () => {
    const casePage = await agents.officer.get(`/ap/cases/${caseId}`).expect(200);
    expect(casePage.text).toContain('data-testid="case-attendance"');
    expect(casePage.text).toContain(`href="/ap/placements/${placementId}/attendance"`);
    const page = await agents.officer.get(`/ap/placements/${placementId}/attendance`).expect(200);
    expect(page.text).toContain('data-testid="attendance-summary"');
    expect(page.text).not.toContain('Save attendance');
    const path = `/ap/placements/${placementId}/attendance`;
    const post = await world.post(agents.officer, path, path, { ...dateBoxes('date', isoDay(-1)), am: 'O' });
    expect(post.status).toBe(403);
    expect((await agents.otherOfficer.get(path)).status).toBe(404);
    expect((await agents.school.get(path)).status).toBe(404);
  });
});
