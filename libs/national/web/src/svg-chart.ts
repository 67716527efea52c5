import { shortPeriodLabel, showFigure } from '@rep-hub/national-domain';
import type { ComparisonSeries, IndicatorUnit } from '@rep-hub/national-domain';

/**
 * Server-side line charts as inline SVG: a pure function of its data, no script, no style
 * attribute (the CSP allows none), the page's own font (the root carries `govuk-body`, whose font
 * its text inherits: the page's body itself is not in it), named by its
 * `<title>` and described by its `<desc>` (`role="img"`, `aria-labelledby`), and always followed
 * on the page by a table of the same figures.
 *
 * Readable at 320px: the chart is as wide as its container (width 100%), but rather than a
 * viewBox that would shrink its text with the width, the horizontal positions are percentages of
 * the width and everything vertical (and all text) is in pixels at the page's small body size, so
 * the text is 16px at any width. Lines are told apart without colour: each partnership has its own
 * dash pattern and marker shape (the national figure a thick solid black line with squares), and
 * the legend draws each line's sample beside its name.
 */

/** One line: its name and a value per point on the x axis (null: a gap). */
export interface ChartLine {
  name: string;
  values: readonly (number | null)[];
  /** The reference line (the national figure): thick, solid, black. */
  reference?: boolean;
}

export interface LineChartSpec {
  /** A page-unique id: the chart's title, desc and marker ids start with it. */
  id: string;
  title: string;
  /** What a listener hears after the title: the chart in a sentence or two. */
  description: string;
  unit: IndicatorUnit;
  /** Labels of the x axis (short: they must fit at 320px; at most four are drawn). */
  xLabels: readonly string[];
  lines: readonly ChartLine[];
}

/** GOV.UK colours each at least 3:1 against white (WCAG 1.4.11); never the only difference. */
const PALETTE = ['#1d70b8', '#d4351c', '#00703c', '#4c2c92', '#912b88', '#505a5f', '#6f72af', '#942514', '#005a30'];
/** Every partnership's line is dashed its own way; only the national figure is solid. */
const DASHES = ['8 4', '2 4', '12 4 2 4', '6 3 2 3', '1 3', '16 6', '4 2 4 8', '10 2', '3 6'];
const MARKERS = ['circle', 'triangle', 'diamond', 'triangle-down', 'cross', 'plus', 'ring', 'hollow-square'] as const;
const BLACK = '#0b0c0c';
const GRID = '#b1b4b6';
const FONT = 'font-size="16"';

const TOP = 28;
const PLOT = 200;
const AXIS = TOP + PLOT + 24;
const LEGEND = AXIS + 24;
const ROW = 28;
/** A legend line's characters at most: its text starts 46px in, so at 320px about 250px are left for 16px text. */
const LEGEND_CHARS = 28;
/** The extra lines of a wrapped legend name sit this much lower than the one before. */
const WRAP = 20;

/** A legend name in lines of LEGEND_CHARS at most (words kept whole; a longer word stands alone). */
export function legendLines(name: string): string[] {
  const out: string[] = [];
  for (const word of name.split(/\s+/).filter(Boolean)) {
    const last = out.at(-1);
    if (last !== undefined && `${last} ${word}`.length <= LEGEND_CHARS) out[out.length - 1] = `${last} ${word}`;
    else out.push(word);
  }
  return out.length ? out : [''];
}
/**
 * The plot's left and right edges in percent of the width: on the left, room for the scale's
 * labels (about 40px at 320px wide), so no marker sits under them; on the right, for a marker.
 */
const LEFT = 13;
const RIGHT = 96;

const SHAPES: Record<(typeof MARKERS)[number] | 'square', string> = {
  circle: '<circle r="5"></circle>',
  square: '<rect x="-5" y="-5" width="10" height="10"></rect>',
  triangle: '<path d="M0 -6 L6 5 L-6 5 Z"></path>',
  diamond: '<path d="M0 -7 L7 0 L0 7 L-7 0 Z"></path>',
  'triangle-down': '<path d="M0 6 L6 -5 L-6 -5 Z"></path>',
  cross: '<path d="M-5 -5 L5 5 M5 -5 L-5 5" fill="none" stroke-width="3"></path>',
  plus: '<path d="M0 -6 V6 M-6 0 H6" fill="none" stroke-width="3"></path>',
  ring: '<circle r="5" fill="#ffffff" stroke-width="2"></circle>',
  'hollow-square': '<rect x="-5" y="-5" width="10" height="10" fill="#ffffff" stroke-width="2"></rect>',
};

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** How each line is drawn: colour, dash pattern and marker (the reference line its own). */
export function lineStyles(
  lines: readonly ChartLine[],
): { colour: string; dash: string; marker: keyof typeof SHAPES; width: number }[] {
  let i = 0;
  return lines.map((l) => {
    if (l.reference) return { colour: BLACK, dash: '', marker: 'square', width: 3 };
    const k = i++;
    return {
      colour: PALETTE[k % PALETTE.length],
      dash: DASHES[k % DASHES.length],
      marker: MARKERS[k % MARKERS.length],
      width: 2,
    };
  });
}

/** A scale from 0 to a round maximum with four or five gridlines (a percentage never past 100). */
export function yScale(unit: IndicatorUnit, values: readonly number[]): { max: number; ticks: number[] } {
  const top = Math.max(0, ...values);
  if (unit === 'percentage' && top > 50) return { max: 100, ticks: [0, 25, 50, 75, 100] };
  if (top === 0) return { max: 1, ticks: [0, 1] };
  const rough = top / 4;
  const mag = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((s) => s * mag).find((s) => s >= rough)!;
  const max = step * Math.ceil(top / step);
  const ticks: number[] = [];
  for (let t = 0; t <= max + step / 1000; t += step) ticks.push(Math.round(t * 1000) / 1000);
  return { max, ticks };
}

const tickText = (v: number, unit: IndicatorUnit) =>
  `${v.toLocaleString('en-GB', { maximumFractionDigits: 1 })}${unit === 'percentage' ? '%' : ''}`;

/** Which x labels to draw (each about 70px wide, and the chart may be 320px): up to four, else the first, middle and last. */
function labelled(n: number): number[] {
  if (n <= 4) return [...Array(n).keys()];
  return [0, Math.round((n - 1) / 2), n - 1];
}

/** The line chart as an inline SVG string. */
export function renderLineChart(c: LineChartSpec): string {
  const n = c.xLabels.length;
  const xAt = (i: number) => (n <= 1 ? 50 : Math.round((LEFT + (i * (RIGHT - LEFT)) / (n - 1)) * 100) / 100);
  const all = c.lines.flatMap((l) => l.values.filter((v): v is number => v !== null));
  const { max, ticks } = yScale(c.unit, all);
  const yAt = (v: number) => Math.round((TOP + PLOT - (v / max) * PLOT) * 10) / 10;
  const styles = lineStyles(c.lines);
  // each legend entry one row, and a line more for each line its name wraps to
  const wrapped = c.lines.map((l) => legendLines(l.name));
  const rowY: number[] = [];
  let below = LEGEND;
  for (const w of wrapped) {
    rowY.push(below);
    below += ROW + (w.length - 1) * WRAP;
  }
  const height = below;
  const id = c.id;

  const defs = Object.entries(SHAPES)
    .map(([name, shape]) => shape.replace(/^<(\w+)/, `<$1 id="${id}-${name}"`))
    .join('');
  const grid = ticks
    .map(
      (t) =>
        `<line x1="0" x2="100%" y1="${yAt(t)}" y2="${yAt(t)}" stroke="${t === 0 ? BLACK : GRID}" stroke-width="1"></line>`,
    )
    .join('');
  const scale = ticks
    .map(
      (t) =>
        `<text x="0" y="${yAt(t) - 5}" fill="${BLACK}" stroke="#ffffff" stroke-width="4" paint-order="stroke">${escapeHtml(tickText(t, c.unit))}</text>`,
    )
    .join('');
  const shown = labelled(n);
  const xAxis = shown
    .map((i) => {
      const anchor = n > 1 && i === n - 1 ? 'end' : 'middle';
      const x = anchor === 'end' ? 100 : xAt(i);
      return `<text x="${x}%" y="${AXIS}" text-anchor="${anchor}" fill="${BLACK}">${escapeHtml(c.xLabels[i])}</text>`;
    })
    .join('');
  const lines = c.lines
    .map((l, k) => {
      const s = styles[k];
      const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
      let out = '';
      for (let i = 0; i + 1 < l.values.length; i++) {
        const a = l.values[i];
        const b = l.values[i + 1];
        if (a === null || b === null) continue;
        out += `<line x1="${xAt(i)}%" y1="${yAt(a)}" x2="${xAt(i + 1)}%" y2="${yAt(b)}" stroke="${s.colour}" stroke-width="${s.width}"${dash} stroke-linecap="round"></line>`;
      }
      l.values.forEach((v, i) => {
        if (v !== null)
          out += `<use href="#${id}-${s.marker}" x="${xAt(i)}%" y="${yAt(v)}" fill="${s.colour}" stroke="${s.colour}"></use>`;
      });
      return `<g>${out}</g>`;
    })
    .join('');
  const legend = c.lines
    .map((l, k) => {
      const s = styles[k];
      const y = rowY[k];
      const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
      const [first, ...more] = wrapped[k];
      const text = more.length
        ? `${escapeHtml(first)}${more.map((w) => `<tspan x="46" dy="${WRAP}">${escapeHtml(w)}</tspan>`).join('')}`
        : escapeHtml(l.name);
      return (
        `<line x1="0" x2="36" y1="${y - 5}" y2="${y - 5}" stroke="${s.colour}" stroke-width="${s.width}"${dash}></line>` +
        `<use href="#${id}-${s.marker}" x="18" y="${y - 5}" fill="${s.colour}" stroke="${s.colour}"></use>` +
        `<text x="46" y="${y}" fill="${BLACK}">${text}</text>`
      );
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="rephub-chart govuk-body" width="100%" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc" focusable="false">` +
    `<title id="${id}-title">${escapeHtml(c.title)}</title><desc id="${id}-desc">${escapeHtml(c.description)}</desc>` +
    `<defs>${defs}</defs>` +
    `<g ${FONT}>${grid}${lines}${scale}${xAxis}${legend}</g></svg>`
  );
}

/** A GOV.UK table's data (for `govukTable`), its caption first. */
export interface ChartTable {
  caption: string;
  head: { text: string; format?: string }[];
  rows: { text: string; format?: string }[][];
}

/**
 * An indicator over time as the board compares it: the chart (one line per partnership, then the
 * national figure) and its table (a row per partnership and the national figure, a column per
 * term; a suppressed figure is its symbol's meaning, never a number).
 */
/** The national figure in words: its value, or why there is none ("Not combined" for days without denominators). */
export function nationalFigureText(x: { value: number | null; method: string }, unit: IndicatorUnit): string {
  if (x.value !== null) return showFigure({ value: x.value, symbol: null }, unit);
  return x.method === 'not_combined' ? 'Not combined' : 'No national figure';
}

export function comparisonChart(id: string, s: ComparisonSeries): { svg: string; table: ChartTable; title: string } {
  const unit = s.indicator.unit;
  const title = `${s.indicator.name}, by term: each partnership and the national figure`;
  const nationalShown = s.national.some((x) => x.value !== null);
  const lines: ChartLine[] = [
    ...s.partnerships.map((p) => ({ name: p.partnershipName, values: p.points.map((x) => x.value) })),
    ...(nationalShown ? [{ name: 'National figure', values: s.national.map((x) => x.value), reference: true }] : []),
  ];
  const first = s.periods[0];
  const last = s.periods[s.periods.length - 1];
  const nat = s.national
    .map((x, i) =>
      x.value === null ? null : `${tickText(x.value, unit)}${unit === 'days' ? ' days' : ''} in ${s.periods[i].name}`,
    )
    .filter(Boolean);
  const description =
    `A line chart of ${s.partnerships.length} ${s.partnerships.length === 1 ? 'partnership' : 'partnerships'}` +
    `${nationalShown ? ' and the national figure' : ''}` +
    (first ? ` from ${first.name} to ${last.name}.` : '.') +
    (nat.length ? ` The national figure is ${nat.join(', ')}.` : ' There is no national figure.') +
    ' A suppressed or unpublished figure is a gap in its line. The table after the chart gives every figure.';
  const svg = renderLineChart({
    id,
    title,
    description,
    unit,
    xLabels: s.periods.map((p) => shortPeriodLabel(p.code)),
    lines,
  });
  const table: ChartTable = {
    caption: `${s.indicator.name}: each partnership and the national figure, by term (the chart’s figures)`,
    head: [{ text: 'Partnership' }, ...s.periods.map((p) => ({ text: p.name, format: 'numeric' }))],
    rows: [
      ...s.partnerships.map((p) => [
        { text: p.partnershipName },
        ...p.points.map((x) => ({ text: showFigure(x, unit), format: 'numeric' })),
      ]),
      [
        { text: 'National figure' },
        ...s.national.map((x) => ({
          text: nationalFigureText(x, unit),
          format: 'numeric',
        })),
      ],
      [
        { text: 'Partnerships left out of the national figure' },
        ...s.national.map((x) => ({ text: String(x.partnershipsLeftOut), format: 'numeric' })),
      ],
    ],
  };
  return { svg, table, title };
}
