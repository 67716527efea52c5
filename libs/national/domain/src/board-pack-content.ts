import { createHash } from 'node:crypto';
import type { PackContent, PackDataRow, PackIndicator, PackSections, PackValue } from './board-packs.model';
import { NATIONAL_METHOD, nationalFigure } from './comparison';
import type { ReleaseFigureRow, ReleaseRow } from './releases.store';

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

/**
 * The national figure of one indicator and period, as the comparison pages give it
 * (`nationalFigure`): a pack and the pages never disagree. Withheld as `x` when there is none.
 */
export function nationalValue(
  unit: ReleaseFigureRow['unit'],
  periodCode: string,
  figures: readonly ReleaseFigureRow[],
): PackValue {
  const point = nationalFigure(unit, periodCode, figures);
  return point.value === null ? { value: null, symbol: 'x' } : { value: point.value, symbol: null };
}

const byPeriodThenName = (a: ReleaseRow, b: ReleaseRow) =>
  a.periodFrom.localeCompare(b.periodFrom) ||
  a.partnershipName.localeCompare(b.partnershipName) ||
  a.version - b.version;

/** The indicators a pack's figures publish, in the order the pack shows them. */
export const packIndicatorCodes = (figures: readonly ReleaseFigureRow[]): string[] =>
  [...new Set(figures.map((f) => f.indicatorCode))].sort();

/**
 * One indicator of a pack: each partnership's partnership-level figure over the periods of the
 * releases, and the national figure of each period.
 */
export function packIndicator(
  code: string,
  releases: readonly ReleaseRow[],
  figures: readonly ReleaseFigureRow[],
): PackIndicator {
  const sorted = [...releases].sort(byPeriodThenName);
  const byId = new Map(sorted.map((r) => [r.id, r]));
  const periods: { code: string; name: string }[] = [];
  for (const r of sorted)
    if (!periods.some((p) => p.code === r.periodCode)) periods.push({ code: r.periodCode, name: r.periodName });
  const partnerships = [...new Set(sorted.map((r) => r.partnershipName))].sort((a, b) => a.localeCompare(b));
  const all = figures.filter((f) => f.indicatorCode === code);
  const mine = all.filter((f) => f.level === 'partnership');
  // the name and unit of the newest release that publishes it
  const newest = [...all].sort((a, b) =>
    (byId.get(b.releaseId)?.periodFrom ?? '').localeCompare(byId.get(a.releaseId)?.periodFrom ?? ''),
  )[0];
  const at = (partnership: string, period: string) =>
    mine.find((f) => {
      const r = byId.get(f.releaseId);
      return r?.partnershipName === partnership && r.periodCode === period;
    });
  const unit = newest.unit;
  return {
    code,
    name: newest.indicatorName,
    unit,
    periods,
    series: partnerships.map((name) => ({
      partnershipName: name,
      values: periods.map((p) => {
        const f = at(name, p.code);
        return f ? { value: f.value, symbol: f.symbol } : { value: null, symbol: 'x' as const };
      }),
    })),
    national: periods.map((p) =>
      nationalValue(
        unit,
        p.code,
        mine.filter((f) => byId.get(f.releaseId)?.periodCode === p.code),
      ),
    ),
    nationalNote: NATIONAL_METHOD[unit],
  };
}

/**
 * A pack's content from the releases it names, their figures and its sections, and nothing else:
 * no clock, no reader, so the same releases always give the same content. `indicators`, when
 * given, are the parts already built one by one with `packIndicator` (the builder's progress).
 */
export function packContent(
  pack: { title: string; meetingDate: string; periodCode: string; periodName: string },
  releases: readonly ReleaseRow[],
  figures: readonly ReleaseFigureRow[],
  sections: PackSections,
  indicators: PackIndicator[] = packIndicatorCodes(figures).map((code) => packIndicator(code, releases, figures)),
): PackContent {
  const sorted = [...releases].sort(byPeriodThenName);
  const byId = new Map(sorted.map((r) => [r.id, r]));

  const data: PackDataRow[] = figures
    .map((f) => {
      const r = byId.get(f.releaseId)!;
      return {
        releaseId: f.releaseId,
        partnershipName: r.partnershipName,
        periodCode: r.periodCode,
        releaseVersion: r.version,
        indicatorCode: f.indicatorCode,
        indicatorName: f.indicatorName,
        unit: f.unit,
        level: f.level,
        laNumber: f.laNumber,
        gssCode: f.gssCode,
        laName: f.laName,
        numerator: f.numerator,
        denominator: f.denominator,
        value: f.value,
        symbol: f.symbol,
      };
    })
    .sort(
      (a, b) =>
        (byId.get(a.releaseId)!.periodFrom ?? '').localeCompare(byId.get(b.releaseId)!.periodFrom ?? '') ||
        a.partnershipName.localeCompare(b.partnershipName) ||
        a.indicatorCode.localeCompare(b.indicatorCode) ||
        b.level.localeCompare(a.level) ||
        (a.laName ?? '').localeCompare(b.laName ?? ''),
    );

  return {
    schema: 1,
    title: pack.title,
    meetingDate: pack.meetingDate,
    period: { code: pack.periodCode, name: pack.periodName },
    releases: sorted.map((r) => ({
      id: r.id,
      partnershipId: r.partnershipId,
      partnershipName: r.partnershipName,
      periodCode: r.periodCode,
      periodName: r.periodName,
      version: r.version,
      publishedAt: iso(r.publishedAt),
      returnVersion: r.returnVersion,
      correctionReason: r.correctionReason,
    })),
    methodNotes: [...new Set(sorted.map((r) => r.methodNote))],
    sections,
    indicators,
    data,
  };
}

/** The SHA-256 of a pack's content (JSON in the order it is built): equal content, equal hash. */
export function contentSha256(content: PackContent): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/** A value as the pack prints it: the number (a percentage with %), or the GSS symbol. */
export function showValue(v: PackValue, unit: string): string {
  if (v.value === null) return v.symbol ?? 'x';
  return unit === 'percentage' ? `${v.value}%` : v.value.toLocaleString('en-GB');
}
