import { Workbook } from 'exceljs';
import type TestAgent from 'supertest/lib/agent';
import { unique, WebWorld } from '@rep-hub/web-surface/testing';
import { WorkforceWebModule } from './workforce-web.module';

type Who = 'workforce' | 'lead' | 'trainer' | 'officer' | 'otherOfficer' | 'school';

/**
 * The training coverage page over HTTP, as a browser without JavaScript uses it: the period by a
 * GET form (a wrong date named on the same page), a chart with a table of the same figures for
 * each group, the settings' denominator said, the downloads; an LA officer sees their LA only,
 * training providers and settings' staff have no coverage; the task on the lead's home page.
 */
describe('workforce coverage pages', () => {
  let world: WebWorld;
  let laId: string;
  let otherLaId: string;
  let tenantId: string;
  const agents = {} as Record<Who, TestAgent>;

  beforeAll(async () => {
    world = await WebWorld.start({ modules: [WorkforceWebModule] });
    const o = world.onboarding;
    const tenant = await o.createTenant(
      { slug: `wfc-${unique()}`, name: `Workforce coverage partnership ${unique()}`, region: 'North West' },
      world.adminId,
    );
    tenantId = tenant.id;
    const org = (x: Parameters<typeof o.createOrganisation>[1]) => o.createOrganisation(tenant.id, x, world.adminId);
    laId = (await org({ kind: 'local_authority', name: 'Bolton', laNumber: '350', isLead: true })).id;
    otherLaId = (await org({ kind: 'local_authority', name: 'Bury', laNumber: '351' })).id;
    const providerId = (await org({ kind: 'training_provider', name: 'Northern Training' })).id;
    const school = await org({ kind: 'school', name: 'Hilltop Primary', urn: '912345', localAuthorityId: laId });
    await org({ kind: 'school', name: 'Brook Primary', urn: '912346', localAuthorityId: laId });
    await org({ kind: 'school', name: 'Riverside Primary', urn: '912347', localAuthorityId: otherLaId });
    Object.assign(
      agents,
      await world.members(tenant.id, [
        ['workforce', laId, 'workforce_lead'],
        ['lead', laId, 'partnership_lead'],
        ['trainer', providerId, 'training_provider_staff'],
        ['officer', laId, 'la_officer'],
        ['otherOfficer', otherLaId, 'la_officer'],
        ['school', school.id, 'setting_staff'],
      ]),
    );
    // a cohort running now with four funded places, three of them Bolton's
    const form = await agents.workforce.get('/workforce/cohorts/new').expect(200);
    const npq = /<option value="([0-9a-f-]{36})"[^>]*>NPQ for SENCOs<\/option>/.exec(form.text)![1];
    const made = await world.post(agents.workforce, '/workforce/cohorts/new', '/workforce/cohorts/new', {
      programmeId: npq,
      providerId,
      name: 'NPQ for SENCOs, coverage',
      intakeYear: '2024',
      intakeTerm: 'autumn',
      'startsOn-day': '2',
      'startsOn-month': '9',
      'startsOn-year': '2024',
      'endsOn-day': '30',
      'endsOn-month': '6',
      'endsOn-year': '2030',
      fundedPlaces: '4',
    });
    expect(made.status).toBe(303);
    const cohortUrl = made.headers['location'];
    expect(
      (await world.post(agents.workforce, cohortUrl, `${cohortUrl}/allocations`, { laId, places: '3' })).status,
    ).toBe(303);
  });
  afterAll(() => world?.close());

  const period = 'from-day=1&from-month=9&from-year=2025&to-day=31&to-month=8&to-year=2026';

  it('shows the workforce lead each LA’s figures as a chart and a table, with the denominator said and the downloads', async () => {
    const page = await agents.workforce.get(`/workforce/coverage?${period}`).expect(200);
    expect(page.text.match(/<h1/g)).toHaveLength(1);
    expect(page.text).toContain('1 September 2025 to 31 August 2026');
    expect(page.text).toMatch(
      /data-testid="coverage-denominator">Settings are counted out of the <strong>3<\/strong> settings REP Hub knows in the partnership/,
    );
    for (const id of ['places', 'senco', 'eps', 'job-coaches', 'outcomes']) {
      expect([id, page.text.includes(`data-testid="chart-${id}"`)]).toEqual([id, true]);
      expect([id, page.text.includes(`data-testid="table-${id}"`)]).toEqual([id, true]);
    }
    expect(page.text).toMatch(/<svg[^>]+role="img" aria-labelledby="chart-places-title chart-places-desc"/);
    expect(page.text).toContain('Bolton: 0%');
    // the table says what a rate is out of: Bolton's three places, the partnership's three (Bury has none)
    expect(page.text).toContain('0% (0 of 3)');
    expect(page.text).toContain('Bury');
    expect(page.text).toContain('href="/workforce/coverage/download?format=csv&amp;from=2025-09-01&amp;to=2026-08-31"');
    // the partnership lead reads the same
    expect((await agents.lead.get(`/workforce/coverage?${period}`).expect(200)).text).toContain('Bury');
  });

  it('shows an LA officer their LA only, and refuses training providers and settings’ staff', async () => {
    const page = await agents.otherOfficer.get(`/workforce/coverage?${period}`).expect(200);
    expect(page.text).toContain('Local authorities shown: Bury (your local authority only)');
    expect(page.text).not.toContain('Bolton');
    expect(page.text).toMatch(/out of the <strong>1<\/strong> settings REP Hub knows in these local authorities/);
    await agents.trainer.get('/workforce/coverage').expect(403);
    await agents.school.get('/workforce/coverage').expect(403);
    await agents.trainer.get('/workforce/coverage/download?format=csv').expect(403);
  });

  it('names a wrong date on the same page, with a 400, and keeps what was typed', async () => {
    const bad = await agents.workforce
      .get('/workforce/coverage?from-day=31&from-month=2&from-year=2026&to-day=1&to-month=3&to-year=2026')
      .expect(400);
    expect(bad.text).toContain('href="#from-day"');
    expect(bad.text).toContain('value="31"');
    const backwards = await agents.workforce
      .get('/workforce/coverage?from-day=1&from-month=5&from-year=2026&to-day=1&to-month=4&to-year=2026')
      .expect(400);
    expect(backwards.text).toContain('href="#to-day"');
  });

  it('downloads CSV and XLSX of the same figures', async () => {
    const csv = await agents.officer
      .get('/workforce/coverage/download?format=csv&from=2025-09-01&to=2026-08-31')
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text).toContain(
      `2025-09-01,2026-08-31,la,Bolton,Funded training places,3,3,,${laId},workforce.places_funded`,
    );
    expect(csv.text).not.toContain(otherLaId);
    const xlsx = await agents.workforce
      .get('/workforce/coverage/download?format=xlsx&from=2025-09-01&to=2026-08-31')
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const wb = new Workbook();
    await wb.xlsx.load(xlsx.body as never);
    expect(wb.getWorksheet('definitions')!.rowCount).toBe(10);
    await agents.workforce.get('/workforce/coverage/download?format=pdf').expect(400);
  });

  it('puts coverage in the navigation and on the home page of the workforce lead and LA officers', async () => {
    const home = await agents.workforce.get('/').expect(200);
    expect(home.text).toContain('href="/workforce/coverage"');
    expect((await agents.officer.get('/').expect(200)).text).toContain('href="/workforce/coverage"');
    expect((await agents.trainer.get('/').expect(200)).text).not.toContain('href="/workforce/coverage"');
  });

  it('lets the platform admin add an early years setting with its Ofsted URN, which coverage then counts', async () => {
    const admin = await world.signIn(world.adminEmail);
    const path = `/admin/partnerships/${tenantId}/organisations/new`;
    const kinds = await admin.get(path).expect(200);
    expect(kinds.text).toContain('Early years setting');
    expect(kinds.text).toContain('Needs its Ofsted URN');
    const details = `${path}/details?kind=early_years`;
    const form = await admin.get(details).expect(200);
    expect(form.text).toContain('id="ofstedUrn"');
    expect(form.text).not.toContain('id="urn"');
    const bad = await world.post(admin, details, details, {
      name: 'Little Acorns',
      ofstedUrn: 'EY12',
      localAuthorityId: laId,
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('<a href="#ofstedUrn">An Ofsted URN starting EY has 6 digits after it</a>');
    const missing = await world.post(admin, details, details, {
      name: 'Little Acorns',
      ofstedUrn: '',
      localAuthorityId: laId,
    });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('<a href="#ofstedUrn">Enter the early years setting’s Ofsted URN</a>');
    // a URN posted for a kind that does not ask for one is not sent
    const ok = await world.post(admin, details, details, {
      name: 'Little Acorns',
      ofstedUrn: 'ey912348',
      urn: '912348',
      localAuthorityId: laId,
    });
    expect(ok.status).toBe(303);
    const shown = await admin.get(`/admin/partnerships/${tenantId}`).expect(200);
    expect(shown.text).toContain('Ofsted URN EY912348');
    expect(shown.text).not.toContain('URN 912348');
    const page = await agents.workforce.get(`/workforce/coverage?${period}`).expect(200);
    expect(page.text).toMatch(
      /data-testid="coverage-denominator">Settings are counted out of the <strong>4<\/strong> settings REP Hub knows/,
    );
  });
});
