import { ApiWorld, Partnership } from '@rep-hub/api-surface/testing';
import { publishTestRelease, runBoardPackJobs, TEST_PERIODS } from '@rep-hub/national-domain/testing';
import { NIL_TENANT, UnitOfWork } from '@rep-hub/platform';
import { Workbook } from 'exceljs';
import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { NationalApiModule } from './national-api.module';

const BASE = '/api/v1/national/board-packs';
const SPRING = TEST_PERIODS['2025-26-spring'];
const AUTUMN = TEST_PERIODS['2026-27-autumn'];

/** The body of a binary answer, as supertest gives it with `buffer(true)` and this parser. */
const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/**
 * Board packs through the API, as a member of the National Board (a platform role, no
 * partnership) on real PostgreSQL: asked for (202, queued, naming the releases), built by its job
 * (then ready), its PDF and XLSX (409 before), a rebuild (the next version, the same content), and
 * refused to a partnership's lead (403); bad input answers 400 naming the field.
 */
describe('board packs API', () => {
  let world: ApiWorld;
  let p: Partnership;
  let board: string;
  let boardUserId: string;
  const A = { id: randomUUID(), name: `Packs North ${randomUUID().slice(0, 4)}` };
  const B = { id: randomUUID(), name: `Packs South ${randomUUID().slice(0, 4)}` };
  const releases: Record<string, string> = {};

  beforeAll(async () => {
    world = await ApiWorld.start({ modules: [NationalApiModule] });
    p = await world.partnership('npk', ['352', '353']);
    const member = await world.ensureBoardMember();
    board = member.token;
    boardUserId = member.userId;
    const uow = world.app.get(UnitOfWork);
    for (const [key, who, period, value] of [
      ['aSpring', A, SPRING, 30],
      ['bSpring', B, SPRING, null],
      ['aAutumn', A, AUTUMN, 36],
      ['bAutumn', B, AUTUMN, 12],
    ] as const)
      releases[key] = await uow.forPlatform(null, (m) =>
        publishTestRelease(m, {
          partnershipId: who.id,
          partnershipName: who.name,
          period,
          figures: [{ indicatorCode: 'ap.referrals', indicatorName: 'Referrals to AP', value }],
        }),
      );
  }, 60_000);
  afterAll(() => world?.close());

  const as = (token: string) => ({
    get: (path: string) => world.http.get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object = {}) => world.http.post(path).set('Authorization', `Bearer ${token}`).send(body),
  });

  it('refuses a partnership’s lead every board pack route (403)', async () => {
    const lead = as(p.members.lead.token);
    expect((await lead.get(BASE)).status).toBe(403);
    const res = await lead.post(BASE, { title: 'Sneaky', meetingDate: '2026-09-17', period: AUTUMN.code });
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await lead.get(`${BASE}/${randomUUID()}`)).status).toBe(403);
  });

  it('answers bad input with 400 naming each field', async () => {
    const res = await as(board).post(BASE, { title: ' ', meetingDate: '2026-02-30', period: 'summer' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((res.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
      'meetingDate',
      'period',
      'title',
    ]);
    const none = await as(board).post(BASE, {
      title: 'No releases',
      meetingDate: '2026-09-17',
      period: '2019-20-autumn',
    });
    expect(none.status).toBe(400);
    expect(none.body.errors).toEqual([
      { field: 'period', message: 'No partnership has published a release for this period: select another' },
    ]);
  });

  it('queues a pack naming the latest releases (202), builds it by its job, serves its files, and rebuilds it as the next version', async () => {
    const title = `Board ${randomUUID().slice(0, 6)}`;
    const made = await as(board).post(BASE, { title, meetingDate: '2026-12-10', period: AUTUMN.code });
    expect(made.status).toBe(202);
    expect(made.body).toMatchObject({
      title,
      meetingDate: '2026-12-10',
      packVersion: 1,
      status: 'queued',
      progress: 0,
    });
    const ids = (made.body.releases as { id: string }[]).map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(Object.values(releases)));
    const id = made.body.id as string;

    const early = await as(board).get(`${BASE}/${id}/pdf`);
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ status: 409, packStatus: 'queued' });

    expect(await runBoardPackJobs(world.app)).toContain(id);
    const ready = await as(board).get(`${BASE}/${id}`);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', progress: 100 });
    expect(ready.body.xlsxSha256).toMatch(/^[0-9a-f]{64}$/);

    const pdf = await as(board).get(`${BASE}/${id}/pdf`).buffer(true).parse(binary);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toMatch(
      /attachment; filename="board-pack-2026-12-10-board-[a-z0-9]+-v1\.pdf"/,
    );
    expect((pdf.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const xlsx = await as(board).get(`${BASE}/${id}/xlsx`).buffer(true).parse(binary);
    expect(xlsx.status).toBe(200);
    const wb = new Workbook();
    await wb.xlsx.load(xlsx.body as ArrayBuffer);
    const values: unknown[][] = [];
    wb.getWorksheet('Data')!.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
    const mine = values.filter((v) => v[0] === releases['bSpring']);
    expect(mine.map((v) => [v[1], v[13], v[14]])).toEqual([[B.name, 'c', 'c']]);

    const again = await as(board).post(`${BASE}/${id}/rebuild`);
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ packVersion: 2, rebuiltFrom: id, status: 'queued' });
    expect((again.body.releases as { id: string }[]).map((r) => r.id).sort()).toEqual([...ids].sort());
    const busy = await as(board).post(`${BASE}/${again.body.id}/rebuild`);
    expect(busy.status).toBe(409);
    await runBoardPackJobs(world.app);
    const second = await as(board).get(`${BASE}/${again.body.id}`);
    expect(second.body).toMatchObject({ status: 'ready', contentSha256: ready.body.contentSha256 });

    // each request audited under the platform, by the board member (the board role writes no audit row)
    const events = await world.app
      .get(UnitOfWork)
      .forTenant({ tenantId: NIL_TENANT }, (m) =>
        m.query(`SELECT action, actor_id FROM audit_events WHERE subject_ids && $1::uuid[] ORDER BY occurred_at`, [
          [id],
        ]),
      );
    expect(events).toEqual([
      { action: 'national.board_pack.request', actor_id: boardUserId },
      { action: 'national.board_pack.rebuild', actor_id: boardUserId },
    ]);

    const list = await as(board).get(BASE);
    expect(list.status).toBe(200);
    expect(
      (list.body.items as { title: string; packVersion: number }[])
        .filter((i) => i.title === title)
        .map((i) => i.packVersion),
    ).toEqual([2, 1]);
  });

  it('answers 404 for a pack that does not exist', async () => {
    expect((await as(board).get(`${BASE}/${randomUUID()}`)).status).toBe(404);
    expect((await as(board).get(`${BASE}/${randomUUID()}/xlsx`)).status).toBe(404);
    expect((await as(board).post(`${BASE}/${randomUUID()}/rebuild`)).status).toBe(404);
  });
});
