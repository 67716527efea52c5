import { periodOf } from '@rep-hub/evaluation-domain';
import { recordPublications, ReturnsTestingModule } from '@rep-hub/evaluation-domain/testing';
import { schoolToday } from '@rep-hub/platform';
import { unique, WebWorld } from '@rep-hub/web-surface/testing';
import type TestAgent from 'supertest/lib/agent';
import { EvaluationWebModule } from './evaluation-web.module';

/**
 * The evidence return's pages over HTTP, as a browser without JavaScript uses them: the lead starts
 * a return (errors on the same page), the job assembles it in process, each LA's officer signs off
 * their own part (not the other's), the lead rates the indicators (a red one without its owner
 * named in the error summary), writes the narrative, signs off, confirms and sends, and reads the
 * snapshot's lineage and the download.
 */
describe('evidence return pages', () => {
  let world: WebWorld;
  let laId: string;
  let otherLaId: string;
  const agents: Record<'lead' | 'officer' | 'otherOfficer', TestAgent> = {} as never;
  let url = '';
  let publisher: ReturnType<typeof recordPublications>;

  beforeAll(async () => {
    world = await WebWorld.start({ modules: [EvaluationWebModule, ReturnsTestingModule] });
    publisher = recordPublications(world.app);
    const o = world.onboarding;
    const tenant = await o.createTenant(
      { slug: `evw-${unique()}`, name: `Return pages partnership ${unique()}`, region: 'North West' },
      world.adminId,
    );
    const la = await o.createOrganisation(
      tenant.id,
      { kind: 'local_authority', name: 'Oldham', laNumber: '353', isLead: true },
      world.adminId,
    );
    const other = await o.createOrganisation(
      tenant.id,
      { kind: 'local_authority', name: 'Rochdale', laNumber: '354' },
      world.adminId,
    );
    laId = la.id;
    otherLaId = other.id;
    Object.assign(
      agents,
      await world.members(tenant.id, [
        ['lead', laId, 'partnership_lead'],
        ['officer', laId, 'la_officer'],
        ['otherOfficer', otherLaId, 'la_officer'],
      ]),
    );
  });
  afterAll(async () => {
    publisher?.restore();
    await world?.close();
  });

  /** The return's page once its assembly job (run in process) has finished. */
  async function assembled(agent: TestAgent): Promise<string> {
    for (let i = 0; i < 100; i++) {
      const page = await agent.get(url).expect(200);
      if (!page.text.includes('data-testid="assembling"')) return page.text;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the return was not assembled');
  }

  it('starts a return from the form, naming the problem on the same page', async () => {
    expect((await agents.lead.get('/evaluation/returns').expect(200)).text).toContain('There are no returns yet');
    const empty = await world.post(agents.lead, '/evaluation/returns/new', '/evaluation/returns/new', {});
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('href="#period"');
    expect((await agents.officer.get('/evaluation/returns/new')).status).toBe(403);
    const made = await world.post(agents.lead, '/evaluation/returns/new', '/evaluation/returns/new', {
      period: periodOf(schoolToday()).code,
    });
    expect(made.status).toBe(303);
    url = made.headers['location'] as string;
    expect(url).toMatch(/^\/evaluation\/returns\/[0-9a-f-]{36}$/);
    const again = await world.post(agents.lead, '/evaluation/returns/new', '/evaluation/returns/new', {
      period: periodOf(schoolToday()).code,
    });
    expect([again.status, again.text.includes('already open')]).toEqual([409, true]);
    const list = await agents.officer.get('/evaluation/returns').expect(200);
    expect(list.text).toContain(`href="${url}"`);
  });

  it('lets each LA officer sign off their own LA’s part, and only theirs', async () => {
    const page = await assembled(agents.officer);
    expect(page).toContain('data-testid="completeness"');
    expect(page).toContain('data-scroll-region');
    expect(page).toContain(`name="laId" value="${laId}"`);
    expect(page).not.toContain(`name="laId" value="${otherLaId}"`);
    const version = /name="version" value="(\d+)"/.exec(page)![1];
    const theirs = await world.post(agents.officer, url, `${url}/la-sign-off`, { laId: otherLaId, version });
    expect(theirs.status).toBe(403);
    const mine = await world.post(agents.officer, url, `${url}/la-sign-off`, { laId, version, comment: 'Checked.' });
    expect(mine.status).toBe(303);
    const second = await agents.otherOfficer.get(url).expect(200);
    const v2 = /name="version" value="(\d+)"/.exec(second.text)![1];
    const other = await world.post(agents.otherOfficer, url, `${url}/la-sign-off`, { laId: otherLaId, version: v2 });
    expect(other.status).toBe(303);
    const after = await agents.lead.get(url).expect(200);
    expect(after.text).toContain('Signed off by every LA');
    expect(after.text).toContain('Checked.');
  });

  it('lets the lead rate, write the narrative, sign off and send after confirming', async () => {
    let page = (await agents.lead.get(url).expect(200)).text;
    const version = () => /name="version" value="(\d+)"/.exec(page)![1];
    const codes = [...page.matchAll(/name="ratings-(\d+)-code" value="([^"]+)"/g)].map((m) => m[2]);
    expect(codes).toHaveLength(7);
    const owner = /<option value="([0-9a-f-]{36})"/.exec(page)![1];
    const fields = (withOwner: boolean) => {
      const f: Record<string, string> = { version: version() };
      codes.forEach((c, i) => {
        f[`ratings-${i}-code`] = c;
        f[`ratings-${i}-rag`] = i === 0 ? 'red' : 'green';
        f[`ratings-${i}-commentary`] = i === 0 ? 'Panels cancelled; rebooked.' : '';
        f[`ratings-${i}-ownerUserId`] = i === 0 && withOwner ? owner : '';
      });
      return f;
    };
    const red = await world.post(agents.lead, url, `${url}/ratings`, fields(false));
    expect(red.status).toBe(400);
    expect(red.text).toContain('href="#ratings-0-ownerUserId"');
    expect((await world.post(agents.lead, url, `${url}/ratings`, fields(true))).status).toBe(303);
    page = (await agents.lead.get(url).expect(200)).text;
    const told = await world.post(agents.lead, url, `${url}/narrative`, {
      narrative: 'A steady term.',
      version: version(),
    });
    expect(told.status).toBe(303);
    page = (await agents.lead.get(url).expect(200)).text;
    expect((await world.post(agents.lead, url, `${url}/lead-sign-off`, { version: version() })).status).toBe(303);
    page = (await agents.lead.get(url).expect(200)).text;
    expect(page).toContain(`href="${url}/send"`);
    const confirm = await agents.lead.get(`${url}/send`).expect(200);
    expect(confirm.text).toContain('Sending freezes the return');
    page = confirm.text;
    const sent = await world.post(agents.lead, `${url}/send`, `${url}/send`, { version: version() });
    expect(sent.status).toBe(303);
    page = (await agents.lead.get(url).expect(200)).text;
    expect(page).toContain('govuk-tag--green">Sent');
    expect(publisher.calls.some((c) => url.endsWith(c.returnId))).toBe(true);
    const lineage = await agents.officer.get(`${url}/lineage`).expect(200);
    expect(lineage.text).toMatch(/data-testid="snapshot-sha256">[0-9a-f]{64}</);
    expect(lineage.text).toContain('Computed by testmod (query version 3)');
    const csv = await agents.officer.get(`${url}/export?format=csv`).expect(200);
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="evidence-return-/);
    expect(csv.text.trim().split('\r\n')).toHaveLength(1 + 7 * 3);
  });
});
