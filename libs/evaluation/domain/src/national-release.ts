import {
  CellInput,
  CellRef,
  ControlledRelease,
  DisclosureRuleBook,
  GSS,
  ReleaseInput,
  releaseRows,
  SumInput,
} from '@rep-hub/disclosure';
import { NationalFigure, NationalReleasePayload } from './national-release.model';
import { dueOn } from './reference';
import { ReturnSnapshot, SnapshotFigure } from './return-snapshot.model';

/** The kind of release (and so the disclosure rules) of an evidence return sent to the national level. */
export const EVALUATION_RETURN_RELEASE = 'evaluation-return';

/**
 * The programme's rules (DOMAIN.md §5.2): counts from 1 to 4 suppressed, secondary suppression so
 * they cannot be worked back, GSS symbols. Totals are not rounded: a correction of a release with
 * rounded totals cannot be controlled together with its earlier versions (the library refuses it),
 * and every sent return may be corrected.
 */
export const EVALUATION_DISCLOSURE_RULES: DisclosureRuleBook = { [EVALUATION_RETURN_RELEASE]: { threshold: 5 } };

/** The marker the national function looks for: only a release with this method note is published. */
export const CONTROLLED_BY = 'disclosure-control';

const TABLE = 'evaluation-return';
/** The geography coordinate of the partnership's own figure (an LA's is its id). */
const PARTNERSHIP = 'partnership';

/** A figure of the snapshot that cannot be put through disclosure control as it is. */
export class NationalPublicationError extends Error {
  override name = 'NationalPublicationError';
}

const geographyOf = (f: SnapshotFigure) => f.laId ?? PARTNERSHIP;
const at = (geography: string, indicator: string, part: string) => ({ geography, indicator, part });
const ref = (geography: string, indicator: string, part: string): CellRef => ({
  table: TABLE,
  at: at(geography, indicator, part),
});

function whole(f: SnapshotFigure, what: string, v: number | null): number | typeof GSS.notAvailable {
  if (v === null) return GSS.notAvailable;
  if (!Number.isInteger(v) || v < 0)
    throw new NationalPublicationError(
      `${f.indicatorCode} (${f.laName ?? 'the partnership'}): the ${what} ${v} is not a whole count, so it cannot be controlled for disclosure`,
    );
  return v;
}

/** The count parts of a figure by unit: what is summed across LAs and suppressed when small. */
const COUNT_PARTS: Record<SnapshotFigure['unit'], string[]> = {
  count: ['count'],
  percentage: ['numerator', 'denominator'],
  days: ['denominator'],
};

/**
 * A sent return's figures as a release for disclosure control: one table (geography × indicator ×
 * part). A count is one count cell; a percentage is its numerator and denominator counts and the
 * rate over them (computed by the library, so it is suppressed with either count); days are a
 * statistic over the count of cases it describes (the snapshot figure's numerator, as the indicator
 * contract puts it; published as the figure's denominator, what it is over), unknown when that
 * count is.
 * For every count part, the partnership's figure is declared the sum of its LAs' where it is one
 * (so a suppressed LA cannot be worked back from the total and the other LAs); a partnership
 * figure that is not the sum (a count of distinct children, an LA missing) is left unrelated.
 */
export function returnRelease(snapshot: ReturnSnapshot, version: number): ReleaseInput {
  const cells: CellInput[] = [];
  const counts = new Map<string, number | typeof GSS.notAvailable>();
  const count = (g: string, indicator: string, part: string, v: number | typeof GSS.notAvailable) => {
    counts.set(`${g}\u001f${indicator}\u001f${part}`, v);
    cells.push({ at: at(g, indicator, part), count: v });
  };
  for (const f of snapshot.figures) {
    const g = geographyOf(f);
    const code = f.indicatorCode;
    if (f.unit === 'count') {
      count(g, code, 'count', whole(f, 'count', f.numerator ?? f.value));
    } else if (f.unit === 'percentage') {
      count(g, code, 'numerator', whole(f, 'numerator', f.numerator));
      count(g, code, 'denominator', whole(f, 'denominator', f.denominator));
      cells.push({
        at: at(g, code, 'value'),
        rate: { numerator: ref(g, code, 'numerator'), denominator: ref(g, code, 'denominator') },
      });
    } else {
      // the cases a days figure is over are its numerator (the indicator contract: a number of days
      // has no denominator; ApIndicators counts the cases there); published as the figure's denominator
      const cases = whole(f, 'number of cases (numerator)', f.numerator);
      count(g, code, 'denominator', cases);
      cells.push({
        at: at(g, code, 'value'),
        // a statistic over cases nobody can count is not published: it could describe one child
        statistic: cases === GSS.notAvailable || f.value === null ? GSS.notAvailable : f.value,
        dependsOn: [ref(g, code, 'denominator')],
      });
    }
  }
  const sums: SumInput[] = [];
  const indicators = new Map<string, SnapshotFigure['unit']>();
  for (const f of snapshot.figures) indicators.set(f.indicatorCode, f.unit);
  for (const [code, unit] of indicators) {
    const las = snapshot.figures.filter((f) => f.indicatorCode === code && f.laId !== null).map(geographyOf);
    if (las.length === 0) continue;
    for (const part of COUNT_PARTS[unit]) {
      const total = counts.get(`${PARTNERSHIP}\u001f${code}\u001f${part}`);
      const parts = las.map((la) => counts.get(`${la}\u001f${code}\u001f${part}`));
      if (typeof total !== 'number' || parts.some((p) => typeof p !== 'number')) continue;
      if ((parts as number[]).reduce((a, b) => a + b, 0) !== total) continue;
      sums.push({ total: ref(PARTNERSHIP, code, part), parts: las.map((la) => ref(la, code, part)) });
    }
  }
  return { kind: EVALUATION_RETURN_RELEASE, version, tables: [{ name: TABLE, dimensions: DIMENSIONS, cells }], sums };
}

const DIMENSIONS = [{ name: 'geography' }, { name: 'indicator' }, { name: 'part' }];

/** What the national level receives: the controlled release's figures in tidy form, nothing else of the snapshot's. */
export function nationalPayload(
  snapshot: ReturnSnapshot,
  controlled: ControlledRelease,
  replaces: { version: number; reason: string } | null,
): NationalReleasePayload {
  const shown = new Map<string, number | string>();
  for (const row of releaseRows(controlled)) {
    shown.set(`${row.at['geography']}\u001f${row.at['indicator']}\u001f${row.at['part']}`, row.value);
  }
  const cell = (f: SnapshotFigure, part: string) => {
    const v = shown.get(`${geographyOf(f)}\u001f${f.indicatorCode}\u001f${part}`);
    if (v === undefined) throw new NationalPublicationError(`the controlled release lacks ${f.indicatorCode} ${part}`);
    return v;
  };
  const num = (v: number | string | null) => (typeof v === 'number' ? v : null);
  const figures = snapshot.figures.map((f): NationalFigure => {
    const [numerator, denominator, value] =
      f.unit === 'count'
        ? [cell(f, 'count'), null, cell(f, 'count')]
        : f.unit === 'percentage'
          ? [cell(f, 'numerator'), cell(f, 'denominator'), cell(f, 'value')]
          : [null, cell(f, 'denominator'), cell(f, 'value')];
    return {
      indicatorCode: f.indicatorCode,
      indicatorName: f.indicatorName,
      unit: f.unit,
      level: f.laId === null ? 'partnership' : 'local_authority',
      laNumber: f.laId === null ? null : f.laNumber,
      gssCode: f.laId === null ? null : f.gssCode,
      laName: f.laId === null ? null : f.laName,
      numerator: num(numerator),
      denominator: num(denominator),
      value: num(value),
      symbol: typeof value === 'number' ? null : (value as NationalFigure['symbol']),
    };
  });
  const names = new Map(snapshot.figures.map((f) => [f.indicatorCode, f.indicatorName]));
  return {
    partnership: { id: snapshot.tenantId, name: snapshot.partnershipName },
    period: { ...snapshot.period, dueOn: dueOn(snapshot.period) },
    version: controlled.version,
    replacesVersion: replaces?.version ?? null,
    correctionReason: replaces?.reason ?? null,
    returnVersion: snapshot.returnVersion,
    disclosure: { controlledBy: CONTROLLED_BY, kind: controlled.kind, ...controlled.note },
    figures,
    // the lead's ratings, and the register and test and learn as sent: words and statuses, no figure about a child
    ratings: snapshot.ratings.map((r) => ({
      indicatorCode: r.indicatorCode,
      indicatorName: names.get(r.indicatorCode) ?? r.indicatorCode,
      rag: r.rag,
      exception: r.exception,
      ownerName: r.ownerName,
      commentary: r.commentary,
    })),
    ...(snapshot.reforms
      ? {
          reforms: snapshot.reforms.map((r) => ({
            reformCode: r.reformCode,
            reformName: r.reformName,
            reformsVersion: r.reformsVersion,
            laNumber: r.laNumber,
            gssCode: r.gssCode,
            laName: r.laName,
            status: r.status,
            since: r.since,
            reason: r.reason,
          })),
        }
      : {}),
    ...(snapshot.findings
      ? {
          findings: snapshot.findings.map((t) => ({
            title: t.title,
            reformCode: t.reformCode,
            reformName: t.reformName,
            status: t.status,
            startsOn: t.startsOn,
            endsOn: t.endsOn,
            laNames: t.laNames,
            findings: t.findings,
            lessons: t.lessons,
            results: t.results.map((x) => ({ recordedOn: x.recordedOn, summary: x.summary })),
          })),
        }
      : {}),
  };
}
