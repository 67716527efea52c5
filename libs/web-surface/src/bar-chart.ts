/**
 * Horizontal bar charts as inline SVG for a module's figures: the web kit's, so each module draws
 * the same accessible chart, with a table of the same figures beside it.
 */

/** Escapes text for HTML and SVG. */
export const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export interface Bar {
  label: string;
  value: number | null;
}

/** GOV.UK palette: blue bars (5.2:1 on white), black text, mid-grey axis. */
const BLUE = '#1d70b8';
const BLACK = '#0b0c0c';
const GREY = '#505a5f';

/** Each bar's row: its label on a line of its own, then the bar and its value (user units are CSS pixels). */
const ROW = 58;
const LABEL_Y = 18;
const BAR_Y = 26;
const BAR_HEIGHT = 24;
/** The share of the width a full bar takes: the rest is for its value beside it. */
const BAR_SHARE = 70;
/** The page's font at the size of GOV.UK's small body text on a phone, whatever the chart's width. */
const FONT = 'font-family="arial, sans-serif" font-size="16"';

const show = (v: number | null, unit: string) => (v === null ? 'No data' : `${v.toLocaleString('en-GB')}${unit}`);

/**
 * A horizontal bar chart as inline SVG (no script, no style attribute: the CSP forbids them),
 * named by its <title> and described by its <desc>; the table beside it holds the same figures.
 * It has no viewBox: it is as wide as its column and its text keeps the page's font and size at
 * any width (320 px, 400% zoom), each label on its own line above its bar, the bars in percentages.
 */
export function barChart(id: string, title: string, bars: Bar[], unit = ''): string {
  const max = unit === '%' ? 100 : Math.max(1, ...bars.map((b) => b.value ?? 0));
  const height = bars.length * ROW;
  const desc = bars.map((b) => `${b.label}: ${show(b.value, unit)}`).join('; ');
  const rows = bars
    .map((b, i) => {
      const y = i * ROW;
      const w = b.value === null ? 0 : Math.round((b.value / max) * BAR_SHARE * 10) / 10;
      return (
        `<text x="0" y="${y + LABEL_Y}" fill="${BLACK}">${escapeHtml(b.label)}</text>` +
        (w > 0 ? `<rect x="0" y="${y + BAR_Y}" width="${w}%" height="${BAR_HEIGHT}" fill="${BLUE}"></rect>` : '') +
        `<text x="${w > 0 ? w + 1 : 0}%" y="${y + BAR_Y + 18}" fill="${BLACK}">${escapeHtml(show(b.value, unit))}</text>`
      );
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="rephub-chart" width="100%" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc" focusable="false">` +
    `<title id="${id}-title">${escapeHtml(title)}</title><desc id="${id}-desc">${escapeHtml(desc)}</desc>` +
    `<g ${FONT}>` +
    `<line x1="0" y1="${BAR_Y - 2}" x2="0" y2="${height}" stroke="${GREY}" stroke-width="1"></line>` +
    rows +
    `</g></svg>`
  );
}
