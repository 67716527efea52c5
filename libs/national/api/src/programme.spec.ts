import { ApiWorld, Partnership } from '@rep-hub/api-surface/testing';
import { ProgrammeFixture, publishProgramme } from '@rep-hub/national-domain/testing';
import { UnitOfWork } from '@rep-hub/platform';
import { NationalApiModule } from './national-api.module';

interface PartnershipExceptions {
  partnershipId: string;
  partnershipName: string;
  version: number;
  counts: { red: number; amber: number; green: number };
  exceptions: { indicatorCode: string; rag: string; ownerName: string | null; commentary: string }[];
}
interface Reform {
  code: string;
  name: string;
  statusCounts: Record<string, number>;
  partnerships: {
    partnershipId: string;
    periodCode: string;
    version: number;
    las: { laName: string; status: string; reason: string }[];
  }[];
  findings: { partnershipId: string; title: string; findings: string; laNames: string[]; results: unknown[] }[];
}

/**
 * The programme's exceptions and reforms through the API as the National Board reads them: releases
 * of two partnerships published through `national.publish_release` (one corrected), read as the
 * board role; the latest version only; a partnership's lead and officer get 403; a term that is no
 * term gets a 400 naming `period`.
 */
describe('National Board: exceptions and reforms across the programme (API)', () => {
  let world: ApiWorld;
  let board: string;
  let p: Partnership;
  let fx: ProgrammeFixture;

  beforeAll(async () => {
    world = await ApiWorld.start({ modules: [NationalApiModule] });
    board = (await world.ensureBoardMember('npa-board')).token;
    p = await world.partnership('npa', ['352', '353']);
    fx = await world.app.get(UnitOfWork).forPlatform(null, (m) => publishProgramme(m));
  });
  afterAll(() => world?.close());

  const get = (token: string, path: string) => world.http.get(path).set('Authorization', `Bearer ${token}`);

  it('gives the board each partnership’s RAG counts and exceptions with commentary, from the latest version only', async () => {
    const res = await get(board, '/api/v1/national/exceptions?period=2025-26-summer');
    expect(res.status).toBe(200);
    expect(res.body.period).toEqual({ code: '2025-26-summer', name: 'Summer term 2025 to 2026' });
    expect(res.body.periods.map((x: { code: string }) => x.code)).toEqual(
      expect.arrayContaining(['2025-26-summer', '2025-26-spring']),
    );
    const mine = (res.body.partnerships as PartnershipExceptions[]).filter((x) =>
      [fx.a.id, fx.b.id].includes(x.partnershipId),
    );
    expect(mine.map((x) => [x.partnershipName, x.version, x.counts])).toEqual([
      [fx.a.name, 2, { red: 1, amber: 1, green: 0 }],
      [fx.b.name, 1, { red: 1, amber: 0, green: 1 }],
    ]);
    expect(mine[0].exceptions).toEqual([
      {
        indicatorCode: 'evaluation.ehcp_20_weeks',
        indicatorName: 'EHC plans within 20 weeks',
        rag: 'red',
        ownerName: 'Pat Owner',
        commentary: fx.shown,
      },
    ]);
    expect(mine[1].exceptions.map((x) => [x.indicatorCode, x.ownerName])).toEqual([
      ['evaluation.suspensions_sen', 'Kim Owner'],
    ]);
    expect(JSON.stringify(res.body)).not.toContain(fx.superseded);
    // another term: A's spring release, all green, no exception
    const spring = await get(board, '/api/v1/national/exceptions?period=2025-26-spring');
    const a = (spring.body.partnerships as PartnershipExceptions[]).find((x) => x.partnershipId === fx.a.id)!;
    expect([a.counts, a.exceptions]).toEqual([{ red: 0, amber: 0, green: 2 }, []]);
    expect(spring.body.partnerships.some((x: PartnershipExceptions) => x.partnershipId === fx.b.id)).toBe(false);
  });

  it('answers a term that is no term with a 400 naming period, and a term nobody published with none', async () => {
    const bad = await get(board, '/api/v1/national/exceptions?period=summer-2026');
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['period']);
    const none = await get(board, '/api/v1/national/exceptions?period=2030-31-autumn');
    expect([none.status, none.body.partnerships, none.body.period.code]).toEqual([200, [], '2030-31-autumn']);
  });

  it('gives the board each reform with the partnerships and LAs testing it, their statuses and findings', async () => {
    const res = await get(board, '/api/v1/national/reforms');
    expect(res.status).toBe(200);
    const reforms = res.body.reforms as Reform[];
    const mediation = reforms.find((r) => r.code === 'mediation')!;
    const mine = mediation.partnerships.filter((x) => [fx.a.id, fx.b.id].includes(x.partnershipId));
    // A from its newest release (summer, version 2), not its spring one nor summer version 1
    expect(
      mine.map((x) => [x.partnershipId, x.periodCode, x.version, x.las.map((l) => `${l.laName}:${l.status}`)]),
    ).toEqual([
      [fx.a.id, '2025-26-summer', 2, ['Halton:active', 'Lancashire:paused']],
      [fx.b.id, '2025-26-summer', 1, ['Kent:stopped']],
    ]);
    expect(mine[0].las.find((l) => l.laName === 'Lancashire')!.reason).toBe('The mediation contract ended.');
    const panels = reforms.find((r) => r.code === 'multi_agency_panels')!;
    const finding = panels.findings.find((f) => f.partnershipId === fx.a.id)!;
    expect(finding).toMatchObject({
      laNames: ['Halton'],
      results: [{ recordedOn: '2026-06-20', summary: 'Half term: 5.5 weeks on average.' }],
    });
    expect(finding.findings).toContain('Decisions take 5.5 weeks');
    expect(panels.partnerships.some((x) => x.partnershipId === fx.b.id)).toBe(false);
  });

  it('refuses a partnership’s lead and officer (403), and anyone not signed in (401)', async () => {
    for (const who of ['lead', 'la1'])
      for (const path of ['/api/v1/national/exceptions', '/api/v1/national/reforms']) {
        const res = await get(p.members[who].token, path);
        expect([who, path, res.status]).toEqual([who, path, 403]);
      }
    expect((await world.http.get('/api/v1/national/reforms')).status).toBe(401);
  });
});
