import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { loadConfig, PlatformModule, UnitOfWork } from '@rep-hub/platform';
import { embeddedDataDir, testConfig } from '@rep-hub/platform/testing';
import { randomUUID } from 'node:crypto';
import { publishTestRelease, TEST_PERIODS } from './testing';
import './migrations';

/**
 * The open-data role's walls (`UnitOfWork.forOpenData`, a visitor with no sign-in), on PostgreSQL
 * and on the embedded PGlite: it reads the published releases, their figures and the published
 * indicators (one row per indicator, kept by the database), and nothing else
 * (not the board's context of a release, its packs or decisions, no tenant or platform table), and
 * writes nothing, not even through the functions the app and board roles may call.
 */

const DENIED = /permission denied|read-only transaction/;

function wallsSuite(open: () => Promise<{ uow: UnitOfWork; close: () => Promise<void> }>) {
  let uow: UnitOfWork;
  let close: () => Promise<void>;
  const partnershipId = randomUUID();

  beforeAll(async () => {
    ({ uow, close } = await open());
    await uow.forPlatform(null, (m) =>
      publishTestRelease(m, {
        partnershipId,
        partnershipName: 'Open data walls',
        period: TEST_PERIODS['2025-26-summer'],
        figures: [{ indicatorCode: 'evaluation.ehcp_20_weeks', value: 61.5, numerator: 40, denominator: 65 }],
      }),
    );
  });
  afterAll(() => close?.());

  it('reads the published releases and their figures as the open-data role', async () => {
    const rows = await uow.forOpenData((m) =>
      m.query(
        `SELECT current_user AS role, r.partnership_name AS name, f.value::float AS value
           FROM national.releases r JOIN national.release_figures f ON f.release_id = r.id
          WHERE r.partnership_id = $1`,
        [partnershipId],
      ),
    );
    expect(rows).toEqual([{ role: 'rephub_open_data', name: 'Open data walls', value: 61.5 }]);
  });

  it('reads the published indicators the database keeps as releases are published', async () => {
    const rows = await uow.forOpenData((m) =>
      m.query(
        `SELECT indicator_code AS code, partnerships >= 1 AS published FROM national.published_indicators
          WHERE indicator_code = 'evaluation.ehcp_20_weeks'`,
      ),
    );
    expect(rows).toEqual([{ code: 'evaluation.ehcp_20_weeks', published: true }]);
  });

  it.each([
    ['the board’s context of a release', 'national.release_ratings'],
    ['the board’s context of a release', 'national.release_findings'],
    ['the indicators of each release version', 'national.release_indicators'],
    ['board packs', 'national.board_packs'],
    ['the board’s decisions', 'national.board_decisions'],
    ['partnerships', 'public.tenants'],
    ['people', 'public.users'],
    ['pupils', 'public.pupils'],
  ])('refuses %s (%s)', async (_what, table) => {
    await expect(uow.forOpenData((m) => m.query(`SELECT 1 FROM ${table} LIMIT 1`))).rejects.toThrow(DENIED);
  });

  it('writes nothing: no insert, no function that publishes or queues', async () => {
    await expect(uow.forOpenData((m) => m.query(`DELETE FROM national.release_figures WHERE false`))).rejects.toThrow(
      DENIED,
    );
    await expect(uow.forOpenData((m) => m.query(`SELECT national.publish_release('{}'::jsonb)`))).rejects.toThrow(
      DENIED,
    );
    await expect(
      uow.forOpenData((m) => m.query(`SELECT national.enqueue_board_job('a', 'b', null, null, '{}'::jsonb, null)`)),
    ).rejects.toThrow(DENIED);
    await expect(uow.forOpenData((m) => m.query(`SELECT national.summarise_indicators(NULL)`))).rejects.toThrow(DENIED);
  });
}

describe('the open-data role’s walls on PostgreSQL (taken on the board role’s connection)', () => {
  wallsSuite(async () => {
    @Module({ imports: [PlatformModule.forRoot(await testConfig(), 'test')] })
    class M {}
    const app = await (await Test.createTestingModule({ imports: [M] }).compile()).init();
    return { uow: app.get(UnitOfWork), close: () => app.close() };
  });
});

describe('the open-data role’s walls on embedded PGlite (one session takes the role per transaction)', () => {
  wallsSuite(async () => {
    // a copy of the migrated template folder (embeddedDataDir), opened as any later start opens it
    const data = await embeddedDataDir('rephub-open-data-');
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
