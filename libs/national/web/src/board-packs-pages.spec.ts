import { BoardPacksStore } from '@rep-hub/national-domain';
import { publishTestRelease, TEST_PERIODS } from '@rep-hub/national-domain/testing';
import { UnitOfWork } from '@rep-hub/platform';
import { csrfOf, dateBoxes, unique, WebWorld } from '@rep-hub/web-surface/testing';
import { randomUUID } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent';
import { NationalWebModule } from './national-web.module';

const SPRING = TEST_PERIODS['2025-26-spring'];

/**
 * Board packs' pages over HTTP as a browser without JavaScript uses them, for a member of the
 * National Board: the task and navigation, the form (errors in the summary, linked to their
 * fields), the pack built by the job in process while its page shows the progress, its downloads,
 * building it again; and a partnership's lead refused.
 */
describe('board pack pages', () => {
  let world: WebWorld;
  let board: TestAgent;
  let lead: TestAgent;
  const partnership = { id: randomUUID(), name: `Pages partnership ${unique()}` };

  beforeAll(async () => {
    world = await WebWorld.start({ modules: [NationalWebModule] });
    board = await world.signIn((await world.ensureBoardMember()).email);
    const o = world.onboarding;
    const tenant = await o.createTenant(
      { slug: `npw-${unique()}`, name: `Pack pages ${unique()}`, region: 'North West' },
      world.adminId,
    );
    const la = await o.createOrganisation(
      tenant.id,
      { kind: 'local_authority', name: 'Bury', laNumber: '351', isLead: true },
      world.adminId,
    );
    ({ lead } = await world.members(tenant.id, [['lead', la.id, 'partnership_lead']]));
    await world.app.get(UnitOfWork).forPlatform(null, (m) =>
      publishTestRelease(m, {
        partnershipId: partnership.id,
        partnershipName: partnership.name,
        period: SPRING,
        figures: [
          { indicatorCode: 'ap.referrals', indicatorName: 'Referrals to AP', value: 31 },
          { indicatorCode: 'ap.suspensions', indicatorName: 'Suspensions', value: null },
        ],
      }),
    );
  }, 60_000);
  afterAll(() => world?.close());

  /** The pack's page once the job (in process) has built it. */
  async function built(url: string): Promise<string> {
    for (let i = 0; i < 150; i++) {
      const page = await board.get(url).expect(200);
      if (!page.text.includes('data-testid="pack-progress"')) return page.text;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the pack was not built');
  }

  it('gives the board its task and navigation, and refuses a partnership’s lead', async () => {
    const home = await board.get('/').expect(200);
    expect(home.text).toContain('href="/national/board-packs"');
    expect(home.text).toMatch(/Board packs<\/a>/);
    await lead.get('/national/board-packs').expect(403);
    await lead.get('/national/board-packs/new').expect(403);
    expect((await lead.get('/').expect(200)).text).not.toContain('/national/board-packs');
  });

  it('names each problem of the form in the error summary, on the same page', async () => {
    const res = await world.post(board, '/national/board-packs/new', '/national/board-packs/new', {
      title: '',
      'meetingDate-day': '31',
      'meetingDate-month': '2',
      'meetingDate-year': '2026',
      period: 'nonsense',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('There is a problem');
    expect(res.text).toContain('href="#title"');
    expect(res.text).toContain('href="#meetingDate-day"');
    expect(res.text).toContain('href="#period"');
    expect(res.text).toContain('Enter the pack’s title');
  });

  it('makes a pack from the form, shows its progress while the job builds it, then its downloads; building it again is the next version', async () => {
    const form = await board.get('/national/board-packs/new').expect(200);
    expect(form.text).toContain(SPRING.name);
    expect(form.text).toContain('name="meetingDate-day"');
    const title = `Board ${unique()}`;
    const made = await board
      .post('/national/board-packs/new')
      .type('form')
      .send({ _csrf: csrfOf(form.text), title, ...dateBoxes('meetingDate', '2026-06-18'), period: SPRING.code });
    expect(made.status).toBe(303);
    const url = made.headers['location'] as string;
    expect(url).toMatch(/^\/national\/board-packs\/[0-9a-f-]{36}$/);

    const page = await built(url);
    expect(page).toContain('Ready');
    expect(page).toContain(partnership.name);
    expect(page).toContain(`href="${url}/pdf"`);
    const pdf = await board.get(`${url}/pdf`).buffer(true).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(
      Buffer.from(pdf.body as Buffer)
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');
    const xlsx = await board.get(`${url}/xlsx`).expect(200);
    expect(xlsx.headers['content-disposition']).toMatch(/\.xlsx"$/);

    const again = await world.post(board, url, `${url}/rebuild`, {});
    expect(again.status).toBe(303);
    const next = again.headers['location'] as string;
    expect(next).not.toBe(url);
    expect(await built(next)).toContain(`${title}, version 2`);
    const list = await board.get('/national/board-packs').expect(200);
    expect(list.text).toContain(`${title}: meeting on 18 June 2026`);
    expect(list.text).toContain('Version 2');
  });

  it('offers a queued pack’s page a Refresh link, never a timed refresh (WCAG 2.2.1), with no downloads yet', async () => {
    // a pack queued with no job, so it stays queued for this page
    const uow = world.app.get(UnitOfWork);
    const store = world.app.get(BoardPacksStore);
    const releaseIds = (await uow.forBoard((m) =>
      m.query(`SELECT id FROM national.releases WHERE partnership_id = $1`, [partnership.id]),
    )) as { id: string }[];
    const id = await uow.forBoardWrite((m) =>
      store.insert(m, {
        title: `Queued ${unique()}`,
        meetingDate: '2026-06-18',
        packVersion: 1,
        periodCode: SPRING.code,
        periodName: SPRING.name,
        releaseIds: releaseIds.map((r) => r.id),
        rebuiltFrom: null,
        requestedBy: randomUUID(),
        requestedByName: 'Board test member',
      }),
    );
    const page = await board.get(`/national/board-packs/${id}`).expect(200);
    expect(page.text).not.toContain('http-equiv="refresh"');
    expect(page.text).toContain('data-testid="pack-progress"');
    expect(page.text).toContain(`<a class="govuk-link" href="/national/board-packs/${id}">Refresh</a>`);
    expect(page.text).toContain('Queued');
    expect(page.text).not.toContain('data-testid="pack-downloads"');
    const early = await board.get(`/national/board-packs/${id}/pdf`);
    expect(early.status).toBe(409);
  });
});
