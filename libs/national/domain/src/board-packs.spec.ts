import { Test } from '@nestjs/testing';
import {
  JobContext,
  JobQueue,
  JobsModule,
  loadConfig,
  NIL_TENANT,
  PlatformModule,
  UnitOfWork,
} from '@rep-hub/platform';
import { embeddedDataDir, testConfig } from '@rep-hub/platform/testing';
import { Workbook } from 'exceljs';
import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { BoardPackBuilder, BUILD_BOARD_PACK_JOB, BuildBoardPackHandler } from './board-pack.job';
import { BoardPackSectionsReader } from './board-pack-sections';
import { ProgrammeStore } from './programme.store';
import { BoardPacksStore } from './board-packs.store';
import { ReleasesStore } from './releases.store';
import { publishTestRelease, TEST_PERIODS, TestFigure } from './testing';

/**
 * Board packs built from published test releases on PostgreSQL, as the board role: the job's
 * progress, the PDF and the XLSX (with GSS symbols, never a withheld value), and reproducibility:
 * a pack is built from the releases it names, whatever was published after it was asked for.
 */

const SPRING = TEST_PERIODS['2025-26-spring'];
const SUMMER = TEST_PERIODS['2025-26-summer'];
const A = { id: randomUUID(), name: `Northfield ${randomUUID().slice(0, 4)}` };
const B = { id: randomUUID(), name: `Southmoor ${randomUUID().slice(0, 4)}` };

const referrals = (partnership: number, la: number | null): TestFigure[] => [
  { indicatorCode: 'ap.referrals', indicatorName: 'Referrals to AP', unit: 'count', value: partnership },
  {
    indicatorCode: 'ap.referrals',
    indicatorName: 'Referrals to AP',
    unit: 'count',
    level: 'local_authority',
    laNumber: '888',
    gssCode: 'E10000017',
    laName: 'Lancashire',
    value: la,
  },
];
const ehcp = (numerator: number | null, denominator: number, value: number | null): TestFigure => ({
  indicatorCode: 'evaluation.ehcp_20_weeks',
  indicatorName: 'EHC plans issued within 20 weeks',
  unit: 'percentage',
  numerator,
  denominator,
  value,
});

describe('board packs, built by their job from the releases they name', () => {
  let app: INestApplicationContext;
  let uow: UnitOfWork;
  let store: BoardPacksStore;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const ref = await Test.createTestingModule({
      imports: [PlatformModule.forRoot(await testConfig(), 'test'), JobsModule.forRoot('producer')],
      providers: [
        ReleasesStore,
        ProgrammeStore,
        BoardPacksStore,
        BoardPackSectionsReader,
        BoardPackBuilder,
        BuildBoardPackHandler,
      ],
    }).compile();
    app = await ref.init();
    uow = app.get(UnitOfWork);
    store = app.get(BoardPacksStore);
    const publish = (
      p: typeof A,
      period: { code: string; name: string; from: string; to: string },
      figures: TestFigure[],
      ratings?: Record<string, unknown>[],
    ) =>
      uow.forPlatform(null, (m) =>
        publishTestRelease(m, { partnershipId: p.id, partnershipName: p.name, period, figures, ratings }),
      );
    ids['aSpring'] = await publish(A, SPRING, [...referrals(40, null), ehcp(30, 60, 50)]);
    ids['bSpring'] = await publish(B, SPRING, [...referrals(25, 25), ehcp(null, 20, null)]);
    ids['aSummer'] = await publish(A, SUMMER, [...referrals(44, 39), ehcp(33, 60, 55)]);
    ids['bSummer'] = await publish(
      B,
      SUMMER,
      [...referrals(20, 20), ehcp(12, 30, 40)],
      [
        {
          indicatorCode: 'ap.referrals',
          indicatorName: 'Referrals to AP',
          rag: 'red',
          exception: true,
          ownerName: 'Head of inclusion',
          commentary: 'Panels met late in the summer term.',
        },
      ],
    );
  }, 60_000);
  afterAll(() => app?.close());

  const named = () => [ids['aSpring'], ids['bSpring'], ids['aSummer'], ids['bSummer']];

  /** A pack asked for as the service does: its row and its job, in one board unit of work. */
  const requestPack = (title: string, releaseIds: string[]) =>
    uow.forBoardWrite(async (m) => {
      const id = await store.insert(m, {
        title,
        meetingDate: '2026-09-17',
        packVersion: await store.nextVersion(m, '2026-09-17', title),
        periodCode: SUMMER.code,
        periodName: SUMMER.name,
        releaseIds,
        rebuiltFrom: null,
        requestedBy: randomUUID(),
        requestedByName: 'Board member',
      });
      const queued = await app
        .get(JobQueue)
        .enqueue(BUILD_BOARD_PACK_JOB, { packId: id }, { idempotencyKey: `national-board-pack:${id}` });
      expect(queued).toEqual({ enqueued: true });
      return id;
    });
  const ctx = (packId: string) =>
    ({
      envelope: { v: 1, name: BUILD_BOARD_PACK_JOB.name, tenantId: NIL_TENANT, payload: { packId } },
      attempt: 1,
      work: () => Promise.reject(new Error('the build works as the board, never as platform work')),
    }) as unknown as JobContext;
  const build = (packId: string) => app.get(BuildBoardPackHandler).handle(ctx(packId), { packId });
  const files = (id: string) =>
    uow.forBoard(
      async (m) =>
        (await m.query(`SELECT pdf, xlsx, content_sha256 AS sha FROM national.board_packs WHERE id = $1`, [id]))[0] as {
          pdf: Buffer;
          xlsx: Buffer;
          sha: string;
        },
    );
  const dataSheet = async (xlsx: Buffer) => {
    const wb = new Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Data')!;
    const head = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const rows: Record<string, unknown>[] = [];
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const v = (row.values as unknown[]).slice(1);
      rows.push(Object.fromEntries(head.map((h, i) => [h, v[i] ?? null])));
    });
    return { wb, rows };
  };

  it('writes a platform job for the pack in the board’s own transaction (the board role cannot touch the outbox itself)', async () => {
    const id = await requestPack(`Outbox ${randomUUID().slice(0, 6)}`, named());
    const [job] = await uow.forPlatform(null, (m) =>
      m.query(
        `SELECT tenant_id, job_name, queue, actor_id, payload, status FROM job_outbox WHERE idempotency_key = $1`,
        [`national-board-pack:${id}`],
      ),
    );
    expect(job).toEqual({
      tenant_id: NIL_TENANT,
      job_name: 'national.build_board_pack',
      queue: 'reports',
      actor_id: null,
      payload: { packId: id },
      status: 'pending',
    });
    await expect(uow.forBoardWrite((m) => m.query(`SELECT count(*) FROM public.job_outbox`))).rejects.toThrow(
      /permission denied/,
    );
    // a pack asked for in a transaction that rolls back leaves no job behind
    const key = randomUUID();
    await expect(
      uow.forBoardWrite(async () => {
        await app.get(JobQueue).enqueue(BUILD_BOARD_PACK_JOB, { packId: key }, { idempotencyKey: `t:${key}` });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const left = await uow.forPlatform(null, (m) =>
      m.query(`SELECT 1 FROM job_outbox WHERE idempotency_key = $1`, [`t:${key}`]),
    );
    expect(left).toEqual([]);
  });

  it('builds a PDF and an XLSX with the figures and GSS symbols, saying how far it has got as it goes', async () => {
    const id = await requestPack(`Board ${randomUUID().slice(0, 6)}`, named());
    const steps: [number, string][] = [];
    const progress = jest.spyOn(store, 'progress').mockImplementation(async function (
      this: BoardPacksStore,
      m,
      packId,
      p,
      text,
    ) {
      const [row] = await m.query(`SELECT status FROM national.board_packs WHERE id = $1`, [packId]);
      expect(row.status).toBe('building');
      steps.push([p, text]);
      return BoardPacksStore.prototype.progress.call(this, m, packId, p, text);
    });
    try {
      await build(id);
    } finally {
      progress.mockRestore();
    }
    expect(steps.map(([, t]) => t)).toEqual([
      'Read 4 releases and 2 indicators',
      'Indicator 1 of 2: Referrals to AP',
      'Indicator 2 of 2: EHC plans issued within 20 weeks',
      'Writing the PDF',
      'Writing the spreadsheet',
    ]);
    expect(steps.map(([p]) => p)).toEqual([...steps.map(([p]) => p)].sort((a, b) => a - b));
    const pack = await uow.forBoard((m) => store.get(m, id));
    expect(pack).toMatchObject({ status: 'ready', progress: 100, progressText: 'Ready', error: null });
    expect(pack!.pdfSha256).toMatch(/^[0-9a-f]{64}$/);

    const f = await files(id);
    expect(f.pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(f.pdf.length).toBeGreaterThan(3000);
    const { wb, rows } = await dataSheet(f.xlsx);
    expect(wb.worksheets.map((s) => s.name)).toEqual([
      'Cover',
      'RAG summary',
      'Exceptions',
      'Reforms',
      'Indicators',
      'Data',
    ]);
    const a = (code: string, period: string, level = 'partnership') =>
      rows.find(
        (r) =>
          r['Partnership'] === A.name && r['Indicator code'] === code && r['Period'] === period && r['Level'] === level,
      );
    expect(a('ap.referrals', SPRING.code)).toMatchObject({ Value: 40, Symbol: null });
    expect(a('ap.referrals', SPRING.code, 'local_authority')).toMatchObject({
      'Local authority': 'Lancashire',
      Value: 'c',
      Symbol: 'c',
    });
    expect(
      rows.find(
        (r) =>
          r['Partnership'] === B.name &&
          r['Indicator code'] === 'evaluation.ehcp_20_weeks' &&
          r['Period'] === SPRING.code,
      ),
    ).toMatchObject({ Value: 'c', Symbol: 'c' });
    // only the releases it names, and no count from 1 to 4 anywhere (suppressed values stay symbols)
    expect(new Set(rows.map((r) => r['Release id']))).toEqual(new Set(named()));
    for (const r of rows.filter((r) => r['Unit'] === 'count'))
      for (const k of ['Numerator', 'Value']) {
        const v = r[k];
        if (typeof v === 'number') expect(v === 0 || v >= 5).toBe(true);
      }
    expect(rows.filter((r) => r['Symbol'] === 'c').every((r) => r['Value'] === 'c')).toBe(true);
    // the indicators' sheet: a partnership by period table with the national figure
    const ind = wb.getWorksheet('Indicators')!;
    const lines: unknown[][] = [];
    ind.eachRow((row) => lines.push((row.values as unknown[]).slice(1)));
    const start = lines.findIndex((l) => String(l[0]).startsWith('Referrals to AP'));
    expect(lines.slice(start + 1, start + 5)).toEqual([
      ['Partnership', SPRING.name, SUMMER.name],
      ...[
        [A.name, 40, 44],
        [B.name, 25, 20],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
      ['National', 65, 64],
    ]);
    // the exceptions a partnership marked, with its owner and commentary, as published
    const exceptions: unknown[][] = [];
    wb.getWorksheet('Exceptions')!.eachRow((row) => exceptions.push((row.values as unknown[]).slice(1)));
    expect(exceptions.flat()).toEqual(
      expect.arrayContaining([B.name, 'Head of inclusion', 'Panels met late in the summer term.']),
    );
    const pct = lines.findIndex((l) => String(l[0]).startsWith('EHC plans'));
    // spring: B's is suppressed, so A's alone (30 / 60), as the comparison pages give it; summer: (33 + 12) / (60 + 30)
    expect(lines[pct + 4]).toEqual(['National', 50, 50]);
  });

  it('builds the same figures again from the same releases, whatever was published since: a rebuild is a new version', async () => {
    const title = `Reproducible ${randomUUID().slice(0, 6)}`;
    const first = await requestPack(title, named());
    // A corrects its spring release after the pack was asked for
    const corrected = await uow.forPlatform(null, (m) =>
      publishTestRelease(m, {
        partnershipId: A.id,
        partnershipName: A.name,
        period: SPRING,
        version: 2,
        replacesVersion: 1,
        correctionReason: 'Lancashire resubmitted its referrals',
        figures: [...referrals(97, 91), ehcp(30, 60, 50)],
      }),
    );
    await build(first);
    const again = await requestPack(title, named()); // a rebuild: the same releases
    await build(again);
    const [one, two] = [await files(first), await files(again)];
    expect(two.sha).toBe(one.sha);
    const [d1, d2] = [await dataSheet(one.xlsx), await dataSheet(two.xlsx)];
    expect(d2.rows).toEqual(d1.rows);
    expect(d1.rows.some((r) => r['Release id'] === corrected)).toBe(false);
    expect(d1.rows.some((r) => r['Value'] === 97)).toBe(false);
    const versions = await uow.forBoard((m) =>
      m.query(`SELECT pack_version FROM national.board_packs WHERE title = $1 ORDER BY pack_version`, [title]),
    );
    expect(versions).toEqual([{ pack_version: 1 }, { pack_version: 2 }]);

    // a pack naming the corrected release has other figures
    const latest = await requestPack(title, [corrected, ids['bSpring'], ids['aSummer'], ids['bSummer']]);
    await build(latest);
    const three = await files(latest);
    expect(three.sha).not.toBe(one.sha);
    expect((await dataSheet(three.xlsx)).rows.some((r) => r['Value'] === 97)).toBe(true);
  });

  it('leaves a ready pack alone when its job runs twice, and keeps a failed build as failed with a safe error', async () => {
    const id = await requestPack(`Twice ${randomUUID().slice(0, 6)}`, named());
    await build(id);
    const before = await files(id);
    expect(await app.get(BoardPackBuilder).build(id)).toBe('skipped');
    expect((await files(id)).sha).toBe(before.sha);

    const broken = await requestPack(`Broken ${randomUUID().slice(0, 6)}`, named());
    const figures = jest.spyOn(app.get(ReleasesStore), 'figures').mockRejectedValueOnce(new TypeError('boom 3 pupils'));
    await expect(build(broken)).rejects.toThrow(TypeError);
    figures.mockRestore();
    const pack = await uow.forBoard((m) => store.get(m, broken));
    expect(pack).toMatchObject({ status: 'failed', error: 'The pack could not be built (TypeError). Build it again.' });
  });
});

describe('a board pack on embedded PGlite (one session: the board takes its role per transaction)', () => {
  let app: INestApplicationContext;
  let data: { dataDir: string; remove: () => void } | undefined;
  afterAll(async () => {
    await app?.close();
    data?.remove();
  });

  it('queues its job through the board’s door into the outbox and builds it as the board', async () => {
    // a copy of the migrated template folder (embeddedDataDir), opened as any later start opens it
    data = await embeddedDataDir('rephub-packs-');
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: data.dataDir });
    const ref = await Test.createTestingModule({
      imports: [PlatformModule.forRoot(config, 'test'), JobsModule.forRoot('producer')],
      providers: [
        ReleasesStore,
        ProgrammeStore,
        BoardPacksStore,
        BoardPackSectionsReader,
        BoardPackBuilder,
        BuildBoardPackHandler,
      ],
    }).compile();
    app = await ref.init();
    const uow = app.get(UnitOfWork);
    const store = app.get(BoardPacksStore);
    const release = await uow.forPlatform(null, (m) =>
      publishTestRelease(m, {
        partnershipId: randomUUID(),
        partnershipName: 'Embedded partnership',
        period: SPRING,
        figures: [{ indicatorCode: 'ap.referrals', indicatorName: 'Referrals to AP', value: 12 }],
      }),
    );
    const id = await uow.forBoardWrite(async (m) => {
      const packId = await store.insert(m, {
        title: 'Embedded',
        meetingDate: '2026-09-17',
        packVersion: 1,
        periodCode: SPRING.code,
        periodName: SPRING.name,
        releaseIds: [release],
        rebuiltFrom: null,
        requestedBy: randomUUID(),
        requestedByName: 'Board member',
      });
      await app
        .get(JobQueue)
        .enqueue(BUILD_BOARD_PACK_JOB, { packId }, { idempotencyKey: `national-board-pack:${packId}` });
      return packId;
    });
    const [job] = await uow.forPlatform(null, (m) =>
      m.query(`SELECT tenant_id, status FROM job_outbox WHERE idempotency_key = $1`, [`national-board-pack:${id}`]),
    );
    expect(job).toEqual({ tenant_id: NIL_TENANT, status: 'pending' });
    expect(await app.get(BoardPackBuilder).build(id)).toBe('ready');
    const pack = await uow.forBoard((m) => store.get(m, id));
    expect(pack).toMatchObject({ status: 'ready', progress: 100 });
    // and the app role is itself again, with no privilege on the packs
    await expect(uow.forPlatform(null, (m) => m.query(`SELECT id FROM national.board_packs`))).rejects.toThrow(
      /permission denied/,
    );
  }, 120_000);
});
