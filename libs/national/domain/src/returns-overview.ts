import { dueOn, ReturnPeriod } from '@rep-hub/reference';
import type { GssSymbol, PartnershipReturn, ReturnsOverview } from './comparison.model';
import type { ReleaseFigureRow, ReleaseRow } from './releases.store';

const DAY = 86_400_000;
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);

/** A moment's day in England (YYYY-MM-DD). */
export const dayInEngland = (at: Date | string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(at));

/**
 * Completeness and timeliness of one period's returns: every partnership that ever published is
 * expected; each published one is judged on the day its first version came (due = period end +
 * RETURN_DUE_DAYS, the programme's rule in @rep-hub/reference), and its latest version's
 * partnership-level figures are counted as a value or a symbol.
 */
export function returnsOverviewOf(input: {
  period: ReturnPeriod;
  today: string;
  expected: readonly { id: string; name: string }[];
  releases: readonly ReleaseRow[];
  firstPublished: readonly { partnershipId: string; publishedOn: string }[];
  figures: readonly ReleaseFigureRow[];
  periods: readonly ReturnPeriod[];
}): ReturnsOverview {
  const due = dueOn(input.period);
  const partnerships = input.expected.map((p): PartnershipReturn => {
    const r = input.releases.find((x) => x.partnershipId === p.id && x.periodCode === input.period.code);
    const symbols: Record<GssSymbol, number> = { c: 0, x: 0, z: 0, low: 0 };
    if (!r)
      return {
        partnershipId: p.id,
        partnershipName: p.name,
        published: false,
        releaseId: null,
        version: null,
        firstPublishedOn: null,
        correctedOn: null,
        onTime: null,
        daysLate: null,
        overdue: input.today > due,
        indicatorsWithValue: 0,
        indicatorsWithSymbol: 0,
        symbols,
      };
    const own = input.figures.filter((f) => f.releaseId === r.id && f.level === 'partnership');
    for (const f of own) if (f.symbol) symbols[f.symbol]++;
    const first =
      input.firstPublished.find((x) => x.partnershipId === p.id)?.publishedOn ?? dayInEngland(r.publishedAt);
    const late = Math.max(0, daysBetween(due, first));
    return {
      partnershipId: p.id,
      partnershipName: r.partnershipName,
      published: true,
      releaseId: r.id,
      version: r.version,
      firstPublishedOn: first,
      correctedOn: r.version > 1 ? dayInEngland(r.publishedAt) : null,
      onTime: late === 0,
      daysLate: late,
      overdue: false,
      indicatorsWithValue: own.filter((f) => f.value !== null).length,
      indicatorsWithSymbol: own.filter((f) => f.symbol !== null).length,
      symbols,
    };
  });
  const published = partnerships.filter((p) => p.published);
  return {
    period: input.period,
    dueOn: due,
    summary: {
      expected: partnerships.length,
      published: published.length,
      onTime: published.filter((p) => p.onTime).length,
      late: published.filter((p) => !p.onTime).length,
      notPublished: partnerships.length - published.length,
      overdue: partnerships.filter((p) => p.overdue).length,
    },
    partnerships,
    periods: [...input.periods],
  };
}
