import type { PublishedFigure } from '@rep-hub/contracts';
import { EntityManager } from 'typeorm';

/** A figure of a test release, as `national.publish_release` takes it: the code and value, the rest defaulted. */
export type TestFigure = Pick<PublishedFigure, 'indicatorCode' | 'value'> &
  Partial<Omit<PublishedFigure, 'indicatorCode' | 'value'>>;

/** Test periods: code, name and dates as the evaluation module's reference data has them. */
export const TEST_PERIODS = {
  '2025-26-spring': { code: '2025-26-spring', name: 'Spring term 2025 to 2026', from: '2026-01-01', to: '2026-03-31' },
  '2025-26-summer': { code: '2025-26-summer', name: 'Summer term 2025 to 2026', from: '2026-04-01', to: '2026-08-31' },
  '2026-27-autumn': { code: '2026-27-autumn', name: 'Autumn term 2026 to 2027', from: '2026-09-01', to: '2026-12-31' },
} as const;

/**
 * Publishes a release as a sent return would (through `national.publish_release`, as the app role,
 * inside the caller's unit of work): for tests of what the board reads. The figures must already
 * be controlled (no count from 1 to 4 shown); the function refuses them otherwise.
 */
export async function publishTestRelease(
  m: EntityManager,
  release: {
    partnershipId: string;
    partnershipName: string;
    period: { code: string; name: string; from: string; to: string };
    version?: number;
    replacesVersion?: number | null;
    correctionReason?: string | null;
    figures: TestFigure[];
    /** What a sent return publishes besides its figures (issue 23), in `national.publish_release`'s shape. */
    ratings?: Record<string, unknown>[];
    reforms?: Record<string, unknown>[];
    findings?: Record<string, unknown>[];
  },
): Promise<string> {
  const figures = release.figures.map((f) => ({
    indicatorName: f.indicatorCode,
    unit: 'count',
    level: 'partnership',
    laNumber: null,
    gssCode: null,
    laName: null,
    numerator: f.unit === 'percentage' ? (f.numerator ?? null) : (f.value ?? null),
    denominator: null,
    symbol: f.value === null ? 'c' : null,
    ...f,
  }));
  const payload = {
    partnership: { id: release.partnershipId, name: release.partnershipName },
    period: release.period,
    version: release.version ?? 1,
    replacesVersion: release.replacesVersion ?? null,
    correctionReason: release.correctionReason ?? null,
    returnVersion: release.version ?? 1,
    disclosure: {
      controlledBy: 'disclosure-control',
      kind: 'evaluation-return',
      threshold: 5,
      lines: ['Counts from 1 to 4 are suppressed (c), with secondary suppression so they cannot be worked back.'],
    },
    figures,
    ...(release.ratings ? { ratings: release.ratings } : {}),
    ...(release.reforms ? { reforms: release.reforms } : {}),
    ...(release.findings ? { findings: release.findings } : {}),
  };
  const [{ id }] = await m.query(`SELECT national.publish_release($1::jsonb) AS id`, [JSON.stringify(payload)]);
  return id;
}
