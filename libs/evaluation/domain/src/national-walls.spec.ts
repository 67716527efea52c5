import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  PUBLISHED_FINDING_STATUSES,
  PUBLISHED_LEVELS,
  PUBLISHED_RAGS,
  PUBLISHED_REFORM_STATUSES,
  PUBLISHED_SYMBOLS,
  PUBLISHED_UNITS,
} from '@rep-hub/contracts';
import { loadConfig, PlatformModule, UnitOfWork } from '@rep-hub/platform';
import { embeddedDataDir, testConfig, workerDatabase } from '@rep-hub/platform/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { EntityManager } from 'typeorm';
import { NationalPublicationStore } from './national-publication.store';
import { NationalPublisher } from './national-publisher';
import { RETURN_PUBLISHER, ReturnPublisher } from './return-publisher';
import { ReturnSnapshot, SnapshotFigure } from './return-snapshot.model';

/**
 * The national layer's walls, as each role: the app role reaches the national tables only through
 * `national.publish_release` (which refuses a small count shown), the board role reads the
 * national schema and no tenant table; on PostgreSQL and on the embedded PGlite (one session,
 * where the board's units of work take the board role). And the publisher end to end: what
 * reaches the national tables is the controlled release, never the partnership's small counts.
 */

const PERIOD = { code: '2025-26-autumn', name: 'Autumn term 2025', from: '2025-09-01', to: '2025-12-31' };
const LAS = [
  { laId: randomUUID(), laNumber: '888', gssCode: 'E10000017', laName: 'Lancashire' },
  { laId: randomUUID(), laNumber: '876', gssCode: 'E06000006', laName: 'Halton' },
  { laId: randomUUID(), laNumber: '890', gssCode: 'E06000009', laName: 'Blackpool' },
];

/** A good controlled release for the function (as the publisher builds it), with `figures` as given. */
function payload(partnershipId: string, figures: Record<string, unknown>[], extra: Record<string, unknown> = {}) {
  return {
    partnership: { id: partnershipId, name: 'Walls test' },
    period: PERIOD,
    version: 1,
    replacesVersion: null,
    correctionReason: null,
    returnVersion: 1,
    disclosure: {
      controlledBy: 'disclosure-control',
      kind: 'evaluation-return',
      threshold: 5,
      lines: ['Counts of 1 to 4 are suppressed.'],
    },
    figures,
    ...extra,
  };
}
const figure = (over: Record<string, unknown> = {}) => ({
  indicatorCode: 'ap.referrals',
  indicatorName: 'Referrals to AP',
  unit: 'count',
  level: 'partnership',
  laNumber: null,
  gssCode: null,
  laName: null,
  numerator: 12,
  denominator: null,
  value: 12,
  symbol: null,
  ...over,
});

const RATING = {
  indicatorCode: 'ap.referrals',
  indicatorName: 'Referrals to AP',
  rag: 'red',
  exception: true,
  ownerName: 'Pat Lead',
  commentary: 'Two panels were cancelled; both are rebooked.',
};
const REFORM = {
  reformCode: 'mediation',
  reformName: 'Mediation',
  reformsVersion: '2026-1',
  laNumber: '888',
  gssCode: 'E10000017',
  laName: 'Lancashire',
  status: 'paused',
  since: '2025-11-02',
  reason: 'The contract ended.',
};
const FINDING = {
  title: 'Panels decide within six weeks',
  reformCode: 'multi_agency_panels',
  reformName: 'Multi-agency panels',
  status: 'running',
  startsOn: '2025-09-01',
  endsOn: '2026-07-31',
  laNames: ['Lancashire', 'Halton'],
  findings: 'Decisions take 5.5 weeks.',
  lessons: 'Meet at the same time each week.',
  results: [{ recordedOn: '2025-11-20', summary: 'Half term: 5.5 weeks on average.' }],
};

const PERMISSION_DENIED = /permission denied/;

/** The walls both databases must hold, given a unit of work and a way to run SQL as the app role. */
function wallsSuite(open: () => Promise<{ uow: UnitOfWork; close: () => Promise<void> }>) {
  let uow: UnitOfWork;
  let close: () => Promise<void>;
  const partnership = randomUUID();
  beforeAll(async () => ({ uow, close } = await open()));
  afterAll(() => close?.());

  const asApp = <T>(work: (m: EntityManager) => Promise<T>) => uow.forPlatform(null, work);

  it('refuses the app role any read or write of the national tables', async () => {
    for (const sql of [
      `SELECT * FROM national.releases`,
      `SELECT * FROM national.release_figures`,
      `SELECT * FROM national.release_ratings`,
      `SELECT * FROM national.release_reforms`,
      `SELECT * FROM national.release_findings`,
      `DELETE FROM national.release_ratings`,
      `INSERT INTO national.releases (partnership_id) VALUES (gen_random_uuid())`,
      `UPDATE national.release_figures SET value = 1`,
      `DELETE FROM national.releases`,
    ])
      await expect(asApp((m) => m.query(sql))).rejects.toThrow(PERMISSION_DENIED);
  });

  it('refuses through the function a release that shows a count of 3, or that carries no method note', async () => {
    await expect(
      asApp((m) =>
        m.query(`SELECT national.publish_release($1::jsonb)`, [
          JSON.stringify(
            payload(partnership, [
              figure(),
              figure({ level: 'local_authority', ...LAS[0], laId: undefined, numerator: 3, value: 3 }),
            ]),
          ),
        ]),
      ),
    ).rejects.toThrow(/refused: figure 2 \(ap\.referrals, LA 888\) shows a numerator of 3/);
    await expect(
      asApp((m) =>
        m.query(`SELECT national.publish_release($1::jsonb)`, [
          JSON.stringify(payload(partnership, [figure()], { disclosure: undefined })),
        ]),
      ),
    ).rejects.toThrow(/no disclosure method note/);
  });

  it('refuses through the function ratings, reforms or findings of the wrong shape, and a dueOn that is no date', async () => {
    const publish = (extra: Record<string, unknown>) =>
      asApp((m) =>
        m.query(`SELECT national.publish_release($1::jsonb)`, [
          JSON.stringify(payload(randomUUID(), [figure()], extra)),
        ]),
      );
    await expect(publish({ ratings: [{ ...RATING, rag: 'purple' }] })).rejects.toThrow(/rating 1 is not a rating/);
    await expect(publish({ ratings: [RATING, { ...RATING, exception: 'yes' }] })).rejects.toThrow(
      /rating 2 is not a rating/,
    );
    await expect(publish({ reforms: [{ ...REFORM, status: 'done' }] })).rejects.toThrow(/reform 1 is not a reform/);
    await expect(publish({ findings: [{ ...FINDING, laNames: [7] }] })).rejects.toThrow(/finding 1 is not a finding/);
    await expect(publish({ findings: [{ ...FINDING, results: [{ summary: 'no date' }] }] })).rejects.toThrow(
      /finding 1 is not a finding/,
    );
    await expect(publish({ findings: { title: 'not a list' } })).rejects.toThrow(/findings must be an array/);
    await expect(publish({ period: { ...PERIOD, dueOn: 'soon' } })).rejects.toThrow(/period.dueOn must be a date/);
  });

  it('publishes ratings, reforms and findings with a release, which the board reads and the app role cannot', async () => {
    const other = randomUUID();
    const [{ id }] = await asApp((m) =>
      m.query(`SELECT national.publish_release($1::jsonb) AS id`, [
        JSON.stringify(
          payload(other, [figure()], {
            ratings: [
              RATING,
              { ...RATING, indicatorCode: 'ap.other', rag: 'green', exception: false, ownerName: null, commentary: '' },
            ],
            reforms: [REFORM],
            findings: [FINDING],
          }),
        ),
      ]),
    );
    const read = (sql: string) => uow.forBoard((m) => m.query(sql, [id]));
    expect(await read(`SELECT due_on::text AS due FROM national.releases WHERE id = $1`)).toEqual([
      { due: '2026-02-11' },
    ]);
    expect(
      await read(
        `SELECT indicator_code, rag, exception, owner_name, commentary FROM national.release_ratings WHERE release_id = $1 ORDER BY indicator_code`,
      ),
    ).toEqual([
      { indicator_code: 'ap.other', rag: 'green', exception: false, owner_name: null, commentary: '' },
      {
        indicator_code: 'ap.referrals',
        rag: 'red',
        exception: true,
        owner_name: 'Pat Lead',
        commentary: 'Two panels were cancelled; both are rebooked.',
      },
    ]);
    expect(
      await read(
        `SELECT reform_code, la_number, la_name, status, since::text AS since, reason FROM national.release_reforms WHERE release_id = $1`,
      ),
    ).toEqual([
      {
        reform_code: 'mediation',
        la_number: '888',
        la_name: 'Lancashire',
        status: 'paused',
        since: '2025-11-02',
        reason: 'The contract ended.',
      },
    ]);
    expect(
      await read(
        `SELECT position, title, status, la_names, findings, results FROM national.release_findings WHERE release_id = $1`,
      ),
    ).toEqual([
      {
        position: 1,
        title: 'Panels decide within six weeks',
        status: 'running',
        la_names: ['Lancashire', 'Halton'],
        findings: 'Decisions take 5.5 weeks.',
        results: [{ recordedOn: '2025-11-20', summary: 'Half term: 5.5 weeks on average.' }],
      },
    ]);
    // a release without them (as before issue 23) is still published, with the due date from the rule
    const [{ id: bare }] = await asApp((m) =>
      m.query(`SELECT national.publish_release($1::jsonb) AS id`, [JSON.stringify(payload(randomUUID(), [figure()]))]),
    );
    const [{ n, due }] = await uow.forBoard((m) =>
      m.query(
        `SELECT (SELECT count(*)::int FROM national.release_ratings WHERE release_id = $1) AS n,
                (SELECT due_on::text FROM national.releases WHERE id = $1) AS due`,
        [bare],
      ),
    );
    expect({ n, due }).toEqual({ n: 0, due: '2026-02-11' });
  });

  it('publishes a good controlled release through the function, which the board reads back', async () => {
    const [{ id }] = await asApp((m) =>
      m.query(`SELECT national.publish_release($1::jsonb) AS id`, [
        JSON.stringify(
          payload(partnership, [
            figure(),
            figure({ level: 'local_authority', ...LAS[0], laId: undefined, numerator: null, value: null, symbol: 'c' }),
          ]),
        ),
      ]),
    );
    const rows = await uow.forBoard((m) =>
      m.query(
        `SELECT r.partnership_id, r.release_version, f.geography_level, f.la_number, f.value, f.symbol
           FROM national.releases r JOIN national.release_figures f ON f.release_id = r.id
          WHERE r.id = $1 ORDER BY f.geography_level DESC`,
        [id],
      ),
    );
    expect(rows).toEqual([
      {
        partnership_id: partnership,
        release_version: 1,
        geography_level: 'partnership',
        la_number: null,
        value: '12',
        symbol: null,
      },
      {
        partnership_id: partnership,
        release_version: 1,
        geography_level: 'local_authority',
        la_number: '888',
        value: null,
        symbol: 'c',
      },
    ]);
  });

  it('gives the board role the national schema and no tenant or platform table, read only', async () => {
    for (const table of ['tenants', 'organisations', 'users', 'evaluation_returns', 'evaluation_publications'])
      await expect(uow.forBoard((m) => m.query(`SELECT * FROM public.${table} LIMIT 1`))).rejects.toThrow(
        PERMISSION_DENIED,
      );
    await expect(uow.forBoard((m) => m.query(`SELECT national.publish_release('{}'::jsonb)`))).rejects.toThrow(
      PERMISSION_DENIED,
    );
    await expect(uow.forBoard((m) => m.query(`DELETE FROM national.release_figures`))).rejects.toThrow(
      /read-only transaction|permission denied/,
    );
    const [{ role }] = await uow.forBoard((m) => m.query(`SELECT current_user AS role`));
    expect(role).toBe('rephub_board');
    // and the app role is itself again after the board's unit of work
    const [{ role: after }] = await asApp((m) => m.query(`SELECT current_user AS role`));
    expect(after).toBe('rephub_app');
  });
}

describe('the national walls on PostgreSQL, as the app and board roles', () => {
  let publisher: ReturnPublisher;
  let uow: UnitOfWork;
  let admin: Client;
  let close: () => Promise<void>;
  const tenant = randomUUID();

  wallsSuite(async () => {
    const db = await workerDatabase();
    const board = new URL(db.appUrl);
    board.username = 'rephub_board';
    board.password = '';
    @Module({
      imports: [PlatformModule.forRoot(await testConfig({ BOARD_DATABASE_URL: board.toString() }), 'test')],
      // the publisher as the evaluation module provides it (the module's other services need a signed-in caller)
      providers: [
        NationalPublicationStore,
        NationalPublisher,
        { provide: RETURN_PUBLISHER, useExisting: NationalPublisher },
      ],
    })
    class M {}
    const app = await (await Test.createTestingModule({ imports: [M] }).compile()).init();
    uow = app.get(UnitOfWork);
    publisher = app.get(RETURN_PUBLISHER);
    admin = new Client({ connectionString: db.adminUrl });
    await admin.connect();
    await admin.query(`INSERT INTO tenants (id, slug, name) VALUES ($1, $2, 'National walls')`, [
      tenant,
      `walls-${tenant.slice(0, 8)}`,
    ]);
    close = async () => {
      await admin.end();
      await app.close();
    };
    return { uow, close: () => close() };
  });

  const sentReturn = async (version: number, corrects: string | null) => {
    const [{ id }] = (
      await admin.query(
        `INSERT INTO evaluation_returns (tenant_id, period, return_version, status, corrects_return_id, correction_reason)
         VALUES ($1, $2, $3, 'sent', $4, $5) RETURNING id`,
        [tenant, PERIOD.code, version, corrects, corrects ? 'Halton resubmitted its referrals' : null],
      )
    ).rows;
    return id as string;
  };
  const snapshot = (
    returnId: string,
    version: number,
    figures: SnapshotFigure[],
    corrects: string | null = null,
  ): ReturnSnapshot => ({
    schema: 1,
    tenantId: tenant,
    partnershipName: 'National walls',
    returnId,
    returnVersion: version,
    correctsReturnId: corrects,
    correctionReason: corrects ? 'Halton resubmitted its referrals' : null,
    period: PERIOD,
    narrative: '',
    figures,
    ratings: [
      {
        indicatorCode: 'ap.referrals',
        rag: 'red',
        exception: true,
        ownerName: 'Pat Lead',
        commentary: `Referrals fell (return ${version})`,
      },
    ],
    reforms: [
      {
        reformCode: 'mediation',
        reformName: 'Mediation',
        reformsVersion: '2026-1',
        laId: LAS[1].laId,
        laNumber: LAS[1].laNumber,
        gssCode: LAS[1].gssCode,
        laName: LAS[1].laName,
        status: 'active',
        since: '2025-09-01',
        reason: '',
      },
    ],
    findings: [],
    laSignOffs: [],
    leadSignedOffBy: 'Lead',
    leadSignedOffAt: '2026-01-10T10:00:00Z',
    sentBy: 'Lead',
    sentAt: '2026-01-10T10:00:00Z',
  });
  const fig = (
    code: string,
    unit: SnapshotFigure['unit'],
    la: (typeof LAS)[number] | null,
    numerator: number | null,
    denominator: number | null = null,
    value: number | null = numerator,
  ): SnapshotFigure => ({
    indicatorCode: code,
    indicatorName: code,
    unit,
    definitionVersion: 1,
    source: 'computed',
    laId: la?.laId ?? null,
    laNumber: la?.laNumber ?? null,
    gssCode: la?.gssCode ?? null,
    laName: la?.laName ?? null,
    numerator,
    denominator,
    value,
    lineage: { kind: 'computed', module: 'ap', queryVersion: 1, computedAt: '2026-01-01T00:00:00Z' },
  });
  const nationalFigures = (version: number) =>
    uow.forBoard((m) =>
      m.query(
        `SELECT f.indicator_code AS code, coalesce(f.la_number, 'all') AS la, f.numerator::float AS num,
                f.denominator::float AS den, f.value::float AS value, f.symbol
           FROM national.releases r JOIN national.release_figures f ON f.release_id = r.id
          WHERE r.partnership_id = $1 AND r.release_version = $2 ORDER BY 1, 2`,
        [tenant, version],
      ),
    ) as Promise<
      {
        code: string;
        la: string;
        num: number | null;
        den: number | null;
        value: number | null;
        symbol: string | null;
      }[]
    >;

  it('publishes a sent return controlled: an LA count of 2 as c with its secondary suppression, the partnership keeps its figures', async () => {
    const returnId = await sentReturn(1, null);
    const figures = [
      fig('ap.referrals', 'count', LAS[0], 2),
      fig('ap.referrals', 'count', LAS[1], 10),
      fig('ap.referrals', 'count', LAS[2], 7),
      fig('ap.referrals', 'count', null, 19),
      fig('ap.reintegrated', 'percentage', LAS[0], 3, 20, 15),
      fig('ap.reintegrated', 'percentage', LAS[1], 12, 40, 30),
      fig('ap.reintegrated', 'percentage', LAS[2], 0, 0, null),
      fig('ap.reintegrated', 'percentage', null, 15, 60, 25),
    ];
    await uow.forTenant({ tenantId: tenant }, (m) => publisher.publish(m, snapshot(returnId, 1, figures)));

    const rows = await nationalFigures(1);
    const at = (code: string, la: string) => rows.find((r) => r.code === code && r.la === la)!;
    expect(rows).toHaveLength(8);
    expect(at('ap.referrals', '888')).toEqual({
      code: 'ap.referrals',
      la: '888',
      num: null,
      den: null,
      value: null,
      symbol: 'c',
    });
    // secondary: with the partnership's 19 shown, at least one other LA is withheld too
    const referrals = ['876', '890', 'all'].map((la) => at('ap.referrals', la));
    expect(referrals.filter((r) => r.symbol === 'c').length).toBeGreaterThanOrEqual(1);
    const shownSum = ['876', '890'].map((la) => at('ap.referrals', la).value);
    if (at('ap.referrals', 'all').value !== null) expect(shownSum.some((v) => v === null)).toBe(true);
    // a percentage over a numerator of 3 is withheld, and so is what would let the 3 be worked back
    expect(at('ap.reintegrated', '888')).toMatchObject({ num: null, value: null, symbol: 'c' });
    expect(at('ap.reintegrated', '890')).toMatchObject({ num: 0, den: 0, value: null, symbol: 'z' });
    const nums = ['876', 'all'].map((la) => at('ap.reintegrated', la).num);
    expect(nums.some((n) => n === null)).toBe(true);
    // no count from 1 to 4 left, anywhere
    expect(
      rows
        .flatMap((r) => [r.num, r.den, r.code === 'ap.referrals' ? r.value : null])
        .filter((n) => n !== null && n > 0 && n < 5),
    ).toEqual([]);

    // the partnership keeps its own unsuppressed figures and a record of what it sent
    const [kept] = await uow.forTenant({ tenantId: tenant }, (m) =>
      m.query(
        `SELECT p.release_version, s.snapshot IS NULL AS no_snapshot, p.source::text LIKE '%"count": 2%' AS has_two,
                p.published::text LIKE '%"count": 2%' AS sent_two
           FROM evaluation_publications p LEFT JOIN evaluation_return_snapshots s ON s.tenant_id = p.tenant_id AND s.return_id = p.return_id
          WHERE p.return_id = $1`,
        [returnId],
      ),
    );
    expect(kept).toMatchObject({ release_version: 1, has_two: true, sent_two: false });
  });

  it('publishes a correction as a new version naming the one it replaces, with what was withheld still withheld', async () => {
    const [{ id: first }] = (
      await admin.query(`SELECT return_id AS id FROM evaluation_publications WHERE tenant_id = $1`, [tenant])
    ).rows;
    const returnId = await sentReturn(2, first);
    // Lancashire's 2 is unchanged; Halton corrected 10 to 11 (and the total to 20)
    const figures = [
      fig('ap.referrals', 'count', LAS[0], 2),
      fig('ap.referrals', 'count', LAS[1], 11),
      fig('ap.referrals', 'count', LAS[2], 7),
      fig('ap.referrals', 'count', null, 20),
      fig('ap.reintegrated', 'percentage', LAS[0], 3, 20, 15),
      fig('ap.reintegrated', 'percentage', LAS[1], 12, 40, 30),
      fig('ap.reintegrated', 'percentage', LAS[2], 0, 0, null),
      fig('ap.reintegrated', 'percentage', null, 15, 60, 25),
    ];
    await uow.forTenant({ tenantId: tenant }, (m) => publisher.publish(m, snapshot(returnId, 2, figures, first)));
    const [release] = await uow.forBoard((m) =>
      m.query(
        `SELECT release_version, replaces_version, correction_reason, return_version, method_note LIKE '%' AS noted
           FROM national.releases WHERE partnership_id = $1 AND release_version = 2`,
        [tenant],
      ),
    );
    expect(release).toEqual({
      release_version: 2,
      replaces_version: 1,
      correction_reason: 'Halton resubmitted its referrals',
      return_version: 2,
      noted: true,
    });
    const rows = await nationalFigures(2);
    const at = (la: string) => rows.find((r) => r.code === 'ap.referrals' && r.la === la)!;
    expect(at('888').symbol).toBe('c');
    // the ratings and the register are published again with the new version, as the correction sent them
    const context = await uow.forBoard((m) =>
      m.query(
        `SELECT r.release_version AS v, g.commentary, g.indicator_name AS name,
                (SELECT string_agg(f.la_name || ':' || f.status, ',') FROM national.release_reforms f WHERE f.release_id = r.id) AS reforms
           FROM national.releases r JOIN national.release_ratings g ON g.release_id = r.id
          WHERE r.partnership_id = $1 ORDER BY 1`,
        [tenant],
      ),
    );
    expect(context).toEqual([
      { v: 1, commentary: 'Referrals fell (return 1)', name: 'ap.referrals', reforms: 'Halton:active' },
      { v: 2, commentary: 'Referrals fell (return 2)', name: 'ap.referrals', reforms: 'Halton:active' },
    ]);
    // the two versions together must not give the 2 away: v2's shown figures, with v1's, leave it unknown
    const v1 = await nationalFigures(1);
    const shown = (rs: typeof rows, la: string) => rs.find((r) => r.code === 'ap.referrals' && r.la === la)!.value;
    const recoverable = (rs: typeof rows) => ['876', '890', 'all'].every((la) => shown(rs, la) !== null);
    expect(recoverable(rows)).toBe(false);
    expect(recoverable(v1)).toBe(false);
    // Lancashire's 2 = total − Halton − Blackpool in either version, unless one of them is withheld:
    // and mixing versions (v1's Blackpool with v2's total and Halton) is the same sum, so it must fail too
    const mixed =
      shown(rows, 'all') !== null && shown(rows, '876') !== null && (shown(rows, '890') ?? shown(v1, '890')) !== null;
    expect(mixed).toBe(false);
  });

  it('refuses a second publication of the same period without a correction reason, leaving nothing half-written', async () => {
    const returnId = await sentReturn(
      3,
      (await admin.query(`SELECT id FROM evaluation_returns WHERE tenant_id = $1 AND return_version = 2`, [tenant]))
        .rows[0].id,
    );
    const s = { ...snapshot(returnId, 3, [fig('ap.referrals', 'count', null, 20)]), correctionReason: null };
    await expect(uow.forTenant({ tenantId: tenant }, (m) => publisher.publish(m, s))).rejects.toThrow(
      /a correction needs the reason/,
    );
    // the national release is written, then the partnership's record of it fails (no such return):
    // one transaction, so the national release goes too
    const orphan = { ...snapshot(randomUUID(), 3, [fig('ap.referrals', 'count', null, 20)], returnId) };
    await expect(uow.forTenant({ tenantId: tenant }, (m) => publisher.publish(m, orphan))).rejects.toThrow(
      /foreign key/,
    );
    const [{ n }] = await uow.forBoard((m) =>
      m.query(`SELECT count(*)::int AS n FROM national.releases WHERE partnership_id = $1`, [tenant]),
    );
    expect(n).toBe(2);
  });

  it('holds in its CHECKs exactly the values the published contract names (units, levels, symbols, RAGs, statuses)', async () => {
    /** The values a column's CHECK allows, as PostgreSQL prints it: `(col = ANY (ARRAY['a'::text, ...]))`. */
    const allowed = async (table: string, column: string) => {
      const defs: string[] = (
        await admin.query(
          `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'c'`,
          [table],
        )
      ).rows.map((r: { def: string }) => r.def);
      const def = defs.find((d) => d.includes(`(${column} = ANY (ARRAY[`));
      return [...(def ?? '').matchAll(/'([^']*)'::text/g)].map((x) => x[1]).sort();
    };
    const sorted = (values: readonly string[]) => [...values].sort();
    expect(await allowed('national.release_figures', 'unit')).toEqual(sorted(PUBLISHED_UNITS));
    expect(await allowed('national.release_figures', 'geography_level')).toEqual(sorted(PUBLISHED_LEVELS));
    expect(await allowed('national.release_figures', 'symbol')).toEqual(sorted(PUBLISHED_SYMBOLS));
    expect(await allowed('national.release_ratings', 'rag')).toEqual(sorted(PUBLISHED_RAGS));
    expect(await allowed('national.release_reforms', 'status')).toEqual(sorted(PUBLISHED_REFORM_STATUSES));
    expect(await allowed('national.release_findings', 'status')).toEqual(sorted(PUBLISHED_FINDING_STATUSES));
  });
});

describe('the national walls on embedded PGlite (one session: the board takes its role per transaction)', () => {
  wallsSuite(async () => {
    // a copy of the migrated template folder (embeddedDataDir), opened as any later start opens it
    const data = await embeddedDataDir('rephub-national-');
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: data.dataDir });
    @Module({ imports: [PlatformModule.forRoot(config, 'test')] })
    class M {}
    const app = await (await Test.createTestingModule({ imports: [M] }).compile()).init();
    return {
      uow: app.get(UnitOfWork),
      close: async () => {
        await app.close();
        data.remove();
      },
    };
  });
});
