import { shortPeriodLabel, showFigure } from '@rep-hub/national-domain';
import type {
  DashboardFigure,
  DashboardPeriod,
  IndicatorMeaning,
  IndicatorUnit,
  NationalPoint,
} from '@rep-hub/national-domain';
import { ChartLine, ChartTable, nationalFigureText, renderLineChart } from './svg-chart';

/** One line of a dashboard chart: a name and its figures by term (a term missing: not published). */
export interface DashboardLine {
  name: string;
  figures: readonly DashboardFigure[];
}

export const UNIT_TEXT: Record<IndicatorUnit, string> = { count: 'Count', percentage: 'Percentage', days: 'Days' };

export const DIRECTION_TEXT: Record<IndicatorMeaning['direction'], string> = {
  higher_is_better: 'Higher is better',
  lower_is_better: 'Lower is better',
  neither: 'Neither higher nor lower is better in itself',
  unknown: 'Not known',
};

/** A figure of a term in words: its value, the meaning of its symbol, or "Not published". */
export function figureText(figures: readonly DashboardFigure[], periodCode: string, unit: IndicatorUnit): string {
  const f = figures.find((x) => x.periodCode === periodCode);
  return f ? showFigure(f, unit) : 'Not published';
}

/** A count for a table cell ("–" when not shown). */
export const countText = (n: number | null) => (n === null ? '–' : n.toLocaleString('en-GB'));

/**
 * A line chart over the terms (one line per named series, then the national figure) and the
 * table of the same figures, a row per line and a column per term: what every dashboard page
 * draws, through the board's accessible SVG chart (svg-chart.ts).
 */
export function dashboardChart(
  id: string,
  spec: {
    title: string;
    /** Who the lines are, for the chart's description ("2 partnerships", "Manchester and its partnership"). */
    what: string;
    unit: IndicatorUnit;
    periods: readonly DashboardPeriod[];
    lines: readonly DashboardLine[];
    national: readonly NationalPoint[];
    /** The first column's heading. */
    rowHeading: string;
  },
): { svg: string; table: ChartTable } {
  const { unit, periods } = spec;
  const nationalShown = spec.national.some((x) => x.value !== null);
  const value = (figures: readonly DashboardFigure[], code: string) =>
    figures.find((f) => f.periodCode === code)?.value ?? null;
  const lines: ChartLine[] = [
    ...spec.lines.map((l) => ({ name: l.name, values: periods.map((p) => value(l.figures, p.code)) })),
    ...(nationalShown ? [{ name: 'National figure', values: spec.national.map((x) => x.value), reference: true }] : []),
  ];
  const first = periods[0];
  const last = periods[periods.length - 1];
  const description =
    `A line chart of ${spec.what}${nationalShown ? ' and the national figure' : ''}` +
    (first ? (first === last ? ` for ${first.name}.` : ` from ${first.name} to ${last.name}.`) : '.') +
    ' A withheld or unpublished figure is a gap in its line. The table after the chart gives every figure.';
  const svg = renderLineChart({
    id,
    title: spec.title,
    description,
    unit,
    xLabels: periods.map((p) => shortPeriodLabel(p.code)),
    lines,
  });
  const table: ChartTable = {
    caption: `${spec.title} (the chart’s figures)`,
    head: [{ text: spec.rowHeading }, ...periods.map((p) => ({ text: p.name, format: 'numeric' }))],
    rows: [
      ...spec.lines.map((l) => [
        { text: l.name },
        ...periods.map((p) => ({ text: figureText(l.figures, p.code, unit), format: 'numeric' })),
      ]),
      [
        { text: 'National figure' },
        ...spec.national.map((x) => ({ text: nationalFigureText(x, unit), format: 'numeric' })),
      ],
    ],
  };
  return { svg, table };
}
