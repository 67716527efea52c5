import type { ValuesOverTime } from '@rep-hub/evaluation-domain';

/** GOV.UK palette: blue bars (5.2:1 on white), black text, mid-grey axis. */
const BLUE = '#1d70b8';
const BLACK = '#0b0c0c';
const GREY = '#505a5f';
const ROW = 58;
const LABEL_Y = 18;
const BAR_Y = 26;
const BAR_HEIGHT = 24;
const BAR_SHARE = 70;
/** The page's font at the size of GOV.UK's small body text on a phone, whatever the chart's width. */
const FONT = 'font-family="arial, sans-serif" font-size="16"';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const showFigure = (v: number | null, unit: string) =>
  v === null ? 'No data' : `${v.toLocaleString('en-GB')}${unit === 'percentage' ? '%' : ''}`;

/**
 * The partnership's figure for each period as a horizontal bar chart in inline SVG (as AP's
 * measures draw theirs: no script, no style attribute, the page's font, named by its <title> and
 * described by its <desc>); the table beside it holds every LA's figures too.
 */
export function valuesChart(
  id: string,
  v: ValuesOverTime,
): { svg: string; table: { head: object[]; rows: object[][] } } {
  const unit = v.definition.unit;
  const bars = v.periods.map((p) => ({ label: p.period.name, value: p.partnership.value }));
  const max = unit === 'percentage' ? 100 : Math.max(1, ...bars.map((b) => b.value ?? 0));
  const height = Math.max(1, bars.length) * ROW;
  const title = `${v.definition.name}: the partnership, by term`;
  const desc = bars.map((b) => `${b.label}: ${showFigure(b.value, unit)}`).join('; ');
  const rows = bars
    .map((b, i) => {
      const y = i * ROW;
      const w = b.value === null ? 0 : Math.round((b.value / max) * BAR_SHARE * 10) / 10;
      return (
        `<text x="0" y="${y + LABEL_Y}" fill="${BLACK}">${escapeHtml(b.label)}</text>` +
        (w > 0 ? `<rect x="0" y="${y + BAR_Y}" width="${w}%" height="${BAR_HEIGHT}" fill="${BLUE}"></rect>` : '') +
        `<text x="${w > 0 ? w + 1 : 0}%" y="${y + BAR_Y + 18}" fill="${BLACK}">${escapeHtml(showFigure(b.value, unit))}</text>`
      );
    })
    .join('');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" class="rephub-chart" width="100%" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc" focusable="false">` +
    `<title id="${id}-title">${escapeHtml(title)}</title><desc id="${id}-desc">${escapeHtml(desc)}</desc>` +
    `<g ${FONT}><line x1="0" y1="${BAR_Y - 2}" x2="0" y2="${height}" stroke="${GREY}" stroke-width="1"></line>${rows}</g></svg>`;
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
