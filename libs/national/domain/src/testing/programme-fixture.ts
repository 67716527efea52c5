import { randomUUID } from 'node:crypto';
import type { PublishedRag, PublishedReformStatus } from '@rep-hub/contracts';
import { EntityManager } from 'typeorm';
import { publishTestRelease, TEST_PERIODS } from './releases-fixture';

const rating = (code: string, rag: PublishedRag, commentary = '', ownerName: string | null = null) => ({
  indicatorCode: code,
  indicatorName: code === 'evaluation.ehcp_20_weeks' ? 'EHC plans within 20 weeks' : 'Suspensions of pupils with SEN',
  rag,
  exception: rag === 'red',
  ownerName,
  commentary,
});

const reform = (
  code: string,
  name: string,
  la: [string, string, string],
  status: PublishedReformStatus,
  reason = '',
) => ({
  reformCode: code,
  reformName: name,
  reformsVersion: '2026-1',
  laNumber: la[0],
  gssCode: la[1],
  laName: la[2],
  status,
  since: '2026-02-01',
  reason,
});

const LA_A: [string, string, string] = ['888', 'E10000017', 'Lancashire'];
const LA_A2: [string, string, string] = ['876', 'E06000006', 'Halton'];
const LA_B: [string, string, string] = ['886', 'E10000016', 'Kent'];

/** The programme the board suites read: what each partnership published, with words to look for. */
export interface ProgrammeFixture {
  a: { id: string; name: string };
  b: { id: string; name: string };
  /** Words of a superseded version (never shown) and of the version shown. */
  superseded: string;
  shown: string;
}

/**
 * Two partnerships' releases with ratings, reforms and findings, as the evaluation module
 * publishes them (through `national.publish_release`, as the app role, in the caller's unit of
 * work): A's spring release, and its summer release corrected once (version 2 replaces 1, with
 * other commentary and statuses); B's summer release. Unique names, so suites sharing a database
 * find their own.
 */
export async function publishProgramme(m: EntityManager): Promise<ProgrammeFixture> {
  const tag = randomUUID().slice(0, 6);
  const a = { id: randomUUID(), name: `Alpha ${tag}` };
  const b = { id: randomUUID(), name: `Bravo ${tag}` };
  const superseded = `Old commentary ${tag}`;
  const shown = `Panels rebooked ${tag}`;
  const figures = [{ indicatorCode: 'evaluation.ehcp_20_weeks', value: 40 }];
  await publishTestRelease(m, {
    partnershipId: a.id,
    partnershipName: a.name,
    period: TEST_PERIODS['2025-26-spring'],
    figures,
    ratings: [rating('evaluation.ehcp_20_weeks', 'green'), rating('evaluation.suspensions_sen', 'green')],
    reforms: [reform('mediation', 'Mediation', LA_A, 'planned')],
    findings: [],
  });
  await publishTestRelease(m, {
    partnershipId: a.id,
    partnershipName: a.name,
    period: TEST_PERIODS['2025-26-summer'],
    figures,
    ratings: [
      rating('evaluation.ehcp_20_weeks', 'red', superseded, 'Pat Owner'),
      rating('evaluation.suspensions_sen', 'green'),
    ],
    reforms: [reform('mediation', 'Mediation', LA_A, 'active')],
    findings: [],
  });
  await publishTestRelease(m, {
    partnershipId: a.id,
    partnershipName: a.name,
    period: TEST_PERIODS['2025-26-summer'],
    version: 2,
    replacesVersion: 1,
    correctionReason: 'Halton resubmitted',
    figures,
    ratings: [
      rating('evaluation.ehcp_20_weeks', 'red', shown, 'Pat Owner'),
      rating('evaluation.suspensions_sen', 'amber', 'Watching this one'),
    ],
    reforms: [
      reform('mediation', 'Mediation', LA_A, 'paused', 'The mediation contract ended.'),
      reform('mediation', 'Mediation', LA_A2, 'active'),
      reform('multi_agency_panels', 'Multi-agency panels', LA_A2, 'active', 'Weekly panel since September.'),
    ],
    findings: [
      {
        title: `Panels decide within six weeks ${tag}`,
        reformCode: 'multi_agency_panels',
        reformName: 'Multi-agency panels',
        status: 'running',
        startsOn: '2025-09-08',
        endsOn: '2026-07-20',
        laNames: ['Halton'],
        findings: `Decisions take 5.5 weeks ${tag}`,
        lessons: 'Meet at the same time each week.',
        results: [{ recordedOn: '2026-06-20', summary: 'Half term: 5.5 weeks on average.' }],
      },
    ],
  });
  await publishTestRelease(m, {
    partnershipId: b.id,
    partnershipName: b.name,
    period: TEST_PERIODS['2025-26-summer'],
    figures,
    ratings: [
      rating('evaluation.ehcp_20_weeks', 'green'),
      rating('evaluation.suspensions_sen', 'red', `Suspensions rose in one school ${tag}`, 'Kim Owner'),
    ],
    reforms: [reform('mediation', 'Mediation', LA_B, 'stopped', 'No provider.')],
  });
  return { a, b, superseded, shown };
}
