import { TenantRoleCode } from '@rep-hub/auth';
import { UnitOfWork } from '@rep-hub/platform';
import { parse } from 'csv-parse/sync';
import { Workbook } from 'exceljs';
import type TestAgent from 'supertest/lib/agent';
import { unique, WebWorld } from '@rep-hub/web-surface/testing';
import { startWebWorld } from './testing/ap-web-world';

/**
 * The AP measures page over HTTP, as a browser without JavaScript uses it: charts with their
 * tables, the period and LA filters, errors on the date boxes, and the downloads (the
 * partnership's own, and the one controlled for sharing outside it).
 */
describe('AP measures page', () => {
  let world: WebWorld;
  let uow: UnitOfWork;
  let tenantId: string;
  let laId: string;
  let otherLaId: string;
  const agents: Record<'officer' | 'lead' | 'school', TestAgent> = {} as never;

  /** A case opened at `created` in the LA, and (when given) a placement started and ended with a destination. */
  async function apCase(
    la: string,
    created: string,
    reason: string,
    placement?: { providerId: string; startedOn: string; endedOn: string; destination: string },
  ) {
    await uow.forTenant({ tenantId, laIds: [la] }, async (m) => {
      const [pupil] = (await m.query(
        `INSERT INTO pupils (tenant_id, la_id, upn_unknown_reason, given_name, family_name, date_of_birth) VALUES ($1, $2, 'UN2', 'Secret', 'Childname', '2012-03-04') RETURNING id`,
        [tenantId, la],
      )) as { id: string }[];
      const [c] = (await m.query(
        `INSERT INTO ap_cases (tenant_id, la_id, pupil_id, route, reason, requested_tier, family_views, child_views, status, created_at)
         VALUES ($1, $2, $3, 'la_commission', $4, 'tier_2', 'Agree', 'Agree', $5, $6) RETURNING id`,
        [tenantId, la, pupil.id, reason, placement ? 'ended' : 'referred', created],
      )) as { id: string }[];
      if (placement) {
        await m.query(
          `INSERT INTO ap_placements (tenant_id, case_id, la_id, provider_id, tier, academic_year, status, planned_start, planned_end, started_on, ended_on, end_reason, destination, created_at)
           VALUES ($1, $2, $3, $4, 'tier_2', '2024/25', 'ended', $5, $6, $5, $6, 'Ended', $7, $8)`,
          [
            tenantId,
            c.id,
            la,
            placement.providerId,
            placement.startedOn,
            placement.endedOn,
            placement.destination,
            created,
          ],
        );
      }
    });
  }

  beforeAll(async () => {
    world = await startWebWorld();
    uow = world.app.get(UnitOfWork);
    const o = world.onboarding;
    const tenant = await o.createTenant(
      { slug: `apm-${unique()}`, name: `AP measures partnership ${unique()}`, region: 'North West' },
      world.adminId,
    );
    tenantId = tenant.id;
    const la = await o.createOrganisation(
      tenantId,
      { kind: 'local_authority', name: 'Bolton Council', laNumber: '350', isLead: true },
      world.adminId,
    );
    const other = await o.createOrganisation(
      tenantId,
      { kind: 'local_authority', name: 'Wigan Council', laNumber: '359' },
      world.adminId,
    );
    laId = la.id;
    otherLaId = other.id;
    const school = await o.createOrganisation(
      tenantId,
      {
        kind: 'school',
        name: 'Moss Side Academy',
        urn: String(100000 + Math.floor(Math.random() * 899999)),
        localAuthorityId: laId,
      },
      world.adminId,
    );
    const members: [keyof typeof agents, string, TenantRoleCode][] = [
      ['officer', laId, 'la_officer'],
      ['lead', laId, 'partnership_lead'],
      ['school', school.id, 'setting_staff'],
    ];
    Object.assign(agents, await world.members(tenantId, members));
    const providerId = await uow.forTenant({ tenantId }, async (m) => {
      const [p] = (await m.query(
        `INSERT INTO ap_providers (tenant_id, name, provider_type, ukprn, tiers) VALUES ($1, 'Irwell Centre', 'pru', '10077665', ARRAY['tier_2']) RETURNING id`,
        [tenantId],
      )) as { id: string }[];
      return p.id;
    });
    // Bolton: three referrals in January 2025 (two suspensions, one medical), one placement ended on time with a return to school;
    // Wigan: one referral (other) in February 2025
    await apCase(laId, '2025-01-06T10:00:00Z', 'suspension', {
      providerId,
      startedOn: '2025-01-13',
      endedOn: '2025-03-07',
      destination: 'returned_to_home_school',
    });
    await apCase(laId, '2025-01-08T10:00:00Z', 'suspension');
    await apCase(laId, '2025-01-20T10:00:00Z', 'medical_needs');
    await apCase(otherLaId, '2025-02-03T10:00:00Z', 'other');
  });
  afterAll(() => world?.close());

  const PERIOD = 'from-day=1&from-month=1&from-year=2025&to-day=31&to-month=3&to-year=2025';

  it('links the officer’s and the lead’s home to the measures, and refuses a school', async () => {
    for (const who of ['officer', 'lead'] as const)
      expect([who, (await agents[who].get('/').expect(200)).text.includes('href="/ap/measures"')]).toEqual([who, true]);
    const refused = await agents.school.get('/ap/measures');
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('You cannot see this page');
    expect((await agents.school.get('/ap/measures/download?format=csv')).status).toBe(403);
    expect((await agents.school.get('/ap/measures/for-sharing?format=csv')).status).toBe(403);
  });

  it('shows each measure as a chart with its table, for the period asked for', async () => {
    const page = await agents.officer.get(`/ap/measures?${PERIOD}`).expect(200);
    expect(page.text).toContain('<h1 class="govuk-heading-l">AP measures</h1>');
    expect(page.text).toContain('data-testid="measures-period">1 January 2025 to 31 March 2025</h2>');
    // the officer sees Bolton only: no LA select, no Wigan
    expect(page.text).toContain('Local authority: <strong>Bolton Council</strong>');
    expect(page.text).not.toContain('Wigan Council');
    expect(page.text).not.toContain('id="laId"');
    // each chart: an accessible SVG (role, title, description) with no inline style, and a table beside it
    const charts = [...page.text.matchAll(/<svg [^>]*role="img" aria-labelledby="([a-z0-9-]+)-title \1-desc"[^>]*>/g)];
    expect(charts.length).toBeGreaterThanOrEqual(12);
    for (const [, id] of charts) {
      expect([id, page.text.includes(`data-testid="table-${id}"`)]).toEqual([id, true]);
      expect([id, page.text.includes(`<title id="${id}-title">`)]).toEqual([id, true]);
    }
    expect(page.text).not.toMatch(/<svg[\s\S]*?style=/);
    // the figures: 3 referrals (2 suspensions, 1 medical), a tier 2 placement ended on time, reintegrated
    expect(page.text).toContain(
      '<desc id="referrals-reason-desc">Permanent exclusion: 0; Suspension: 2; At risk of permanent exclusion: 0;',
    );
    expect(page.text).toContain('Tier 2: 3; Tier 3: 0; All referrals: 3</desc>');
    expect(page.text).toContain(
      'Tier 2 within the planned time: 100%; Reintegration: 100%; Sustained reintegration: No data</desc>',
    );
    const referrals = /data-testid="table-referrals-tier"[\s\S]*?<\/table>/.exec(page.text)![0];
    expect(referrals).toMatch(/All referrals<\/th>\s*<td class="govuk-table__cell govuk-table__cell--numeric">3<\/td>/);
    expect(page.text).toContain('How this is counted');
    // a contents list to every section
    const contents = /data-testid="measures-contents"[\s\S]*?<\/nav>/.exec(page.text)![0];
    for (const id of ['referrals', 'commissions', 'timeliness', 'attendance', 'outcomes', 'destinations'])
      expect([id, contents.includes(`href="#${id}"`), page.text.includes(`id="${id}"`)]).toEqual([id, true, true]);
    // one unit per chart: sessions and placements are never in one chart
    const sessions = /<desc id="attendance-sessions-desc">([^<]*)<\/desc>/.exec(page.text)![1];
    expect(sessions).toContain('Possible sessions');
    expect(sessions).not.toContain('Placements');
    expect(/<desc id="attendance-placements-desc">([^<]*)<\/desc>/.exec(page.text)![1]).not.toContain(
      'Possible sessions',
    );
    // never a child
    expect(page.text).not.toContain('Childname');
  });

  it('lets the lead choose a local authority, and shows every LA and all together by default', async () => {
    const all = await agents.lead.get(`/ap/measures?${PERIOD}`).expect(200);
    expect(all.text).toContain('id="laId"');
    expect(all.text).toContain('Local authorities shown: Bolton Council, Wigan Council.');
    expect(all.text).toContain('All local authorities shown');
    expect(all.text).toContain('All referrals: 4</desc>');
    const wigan = await agents.lead.get(`/ap/measures?${PERIOD}&laId=${otherLaId}`).expect(200);
    expect(wigan.text).toContain('Local authorities shown: Wigan Council.');
    expect(wigan.text).toContain('All referrals: 1</desc>');
    expect(wigan.text).toMatch(new RegExp(`<option value="${otherLaId}" selected>Wigan Council</option>`));
    // an LA the officer cannot see is refused on the select, not shown
    const notTheirs = await agents.officer.get(`/ap/measures?${PERIOD}&laId=${otherLaId}`);
    expect(notTheirs.status).toBe(400);
    expect(notTheirs.text).not.toContain('Wigan Council');
  });

  it('shows errors on the date boxes with the GOV.UK error summary', async () => {
    const bad = await agents.officer.get(
      '/ap/measures?from-day=31&from-month=2&from-year=2025&to-day=&to-month=&to-year=',
    );
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/<title>Error: AP measures/);
    expect(bad.text).toContain('<a href="#from-day">The start of the period must be a real date</a>');
    expect(bad.text).not.toContain('role="img"');
    const backwards = await agents.officer.get(
      '/ap/measures?from-day=1&from-month=4&from-year=2025&to-day=31&to-month=3&to-year=2025',
    );
    expect(backwards.status).toBe(400);
    expect(backwards.text).toContain(
      '<a href="#to-day">The end of the period must be the same as or after its start</a>',
    );
    expect(backwards.text).toContain('govuk-input--error');
    // no dates: this academic year to date
    const year = await agents.officer.get('/ap/measures').expect(200);
    expect(year.text).toMatch(/data-testid="measures-period">1 September \d{4} to /);
  });

  it('downloads the same figures as CSV and XLSX from the page’s links', async () => {
    const page = await agents.lead.get(`/ap/measures?${PERIOD}`).expect(200);
    const csvHref = /href="(\/ap\/measures\/download\?format=csv[^"]*)"/.exec(page.text)![1].replace(/&amp;/g, '&');
    const xlsxHref = /href="(\/ap\/measures\/download\?format=xlsx[^"]*)"/.exec(page.text)![1].replace(/&amp;/g, '&');
    const csv = await agents.lead.get(csvHref).expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="ap-measures-2025-01-01-to-2025-03-31.csv"');
    const rows = parse(csv.text, { columns: true }) as Record<string, string>[];
    const value = (scope: string, la: string, measure: string, breakdown: string) =>
      rows.find(
        (r) => r['scope'] === scope && r['la_id'] === la && r['measure'] === measure && r['breakdown'] === breakdown,
      )?.['value'];
    expect(value('la', laId, 'referrals', 'total')).toBe('3');
    expect(value('la', otherLaId, 'referrals', 'total')).toBe('1');
    expect(value('partnership', '', 'referrals', 'total')).toBe('4');
    expect(value('partnership', '', 'reintegration', 'rate')).toBe('100');
    const xlsx = await agents.lead
      .get(xlsxHref)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(xlsx.headers['content-disposition']).toBe(
      'attachment; filename="ap-measures-2025-01-01-to-2025-03-31.xlsx"',
    );
    const wb = new Workbook();
    await wb.xlsx.load(xlsx.body as never);
    expect(wb.getWorksheet('measures')!.rowCount).toBe(rows.length + 1);
    expect(wb.getWorksheet('definitions')).toBeDefined();
  });

  it('offers a download for sharing outside the partnership that goes through disclosure control and says so', async () => {
    const page = await agents.lead.get(`/ap/measures?${PERIOD}`).expect(200);
    expect(page.text).toContain('For sharing outside the partnership');
    const sharedHref = (format: string) =>
      new RegExp(`href="(/ap/measures/for-sharing\\?format=${format}[^"]*)"`)
        .exec(page.text)![1]
        .replace(/&amp;/g, '&');
    const ownHref = /href="(\/ap\/measures\/download\?format=csv[^"]*)"/.exec(page.text)![1].replace(/&amp;/g, '&');
    const own = parse((await agents.lead.get(ownHref).expect(200)).text, { columns: true }) as Record<string, string>[];
    const shared = await agents.lead.get(sharedHref('csv')).expect(200);
    expect(shared.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(shared.headers['content-disposition']).toBe(
      'attachment; filename="ap-measures-for-sharing-2025-01-01-to-2025-03-31.csv"',
    );
    expect(shared.headers['disclosure-control']).toBe('controlled; release="ap-measures"; version=1');
    expect(shared.text.split('\r\n')[0]).toBe(
      `# Controlled for sharing outside the partnership by REP Hub's disclosure control: release "ap-measures", version 1.`,
    );
    expect(shared.text).toContain('# Counts from 1 to 4 are suppressed and shown as c');
    const rows = parse(shared.text, { columns: true, comment: '#' }) as Record<string, string>[];
    expect(rows.length).toBe(own.length);
    const key = (r: Record<string, string>) => `${r['scope']}|${r['la_id']}|${r['measure']}|${r['breakdown']}`;
    const sharedValue = new Map(rows.map((r) => [key(r), r['value']]));
    // Bolton's 3 referrals, Wigan's 1 and the partnership's 4 are all below 5: suppressed, and so is the rate built on them
    expect(sharedValue.get(`la|${laId}|referrals|total`)).toBe('c');
    expect(sharedValue.get(`la|${otherLaId}|referrals|total`)).toBe('c');
    expect(sharedValue.get('partnership||referrals|total')).toBe('c');
    expect(sharedValue.get('partnership||reintegration|rate')).toBe('c');
    for (const r of own) {
      const v = sharedValue.get(key(r));
      const n = Number(r['value']);
      // a count from 1 to 4 never leaves; what is shown is the partnership's own figure
      if (r['value'] !== '' && n >= 1 && n <= 4 && !/rate|days/.test(r['breakdown']))
        expect([key(r), v]).toEqual([key(r), 'c']);
      if (v !== undefined && /^[0-9.]+$/.test(v)) expect([key(r), v]).toEqual([key(r), r['value']]);
    }
    // the partnership's own download still shows its own figures
    expect(own.find((r) => key(r) === `la|${laId}|referrals|total`)?.['value']).toBe('3');
    const xlsx = await agents.officer
      .get(sharedHref('xlsx'))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const wb = new Workbook();
    await wb.xlsx.load(xlsx.body as never);
    expect(JSON.stringify(wb.getWorksheet('method')!.getSheetValues())).toContain(
      'Controlled for sharing outside the partnership',
    );
  });
});
