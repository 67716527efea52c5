import type { ValuesOverTime } from '@rep-hub/evaluation-domain';
import { barChart } from '@rep-hub/web-surface';

export const showFigure = (v: number | null, unit: string) =>
  v === null ? 'No data' : `${v.toLocaleString('en-GB')}${unit === 'percentage' ? '%' : ''}`;

/**
 * The partnership's figure for each period as the web kit's horizontal bar chart (inline SVG, as
 * every module draws its figures); the table beside it holds every LA's figures too.
 */
export function valuesChart(
  id: string,
  v: ValuesOverTime,
): { svg: string; table: { head: object[]; rows: object[][] } } {
  const unit = v.definition.unit;
  const bars = v.periods.map((p) => ({ label: p.period.name, value: p.partnership.value }));
  const svg = barChart(id, `${v.definition.name}: the partnership, by term`, bars, unit === 'percentage' ? '%' : '');
  const table = {
    head: [
      { text: 'Term' },
      ...v.las.map((l) => ({ text: l.name, format: 'numeric' })),
      { text: 'Partnership', format: 'numeric' },
    ],
    rows: v.periods.map((p) => [
      { text: p.period.name },
      ...v.las.map((l) => {
        const f = p.las.find((x) => x.laId === l.id);
        return { text: showFigure(f ? f.value : null, unit), format: 'numeric' };
      }),
      { text: showFigure(p.partnership.value, unit), format: 'numeric' },
    ]),
  };
  return { svg, table };
}
