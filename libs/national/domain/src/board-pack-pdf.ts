import { loadPdfKit, longDate } from '@rep-hub/platform';
import { showValue } from './board-pack-content';
import { PackContent, PackIndicator } from './board-packs.model';
import { GSS_KEY } from './comparison';

const MARGIN = 50;
type Marker = 'circle' | 'square' | 'triangle' | 'diamond' | 'cross' | 'plus' | 'down';
interface SeriesStyle {
  colour: string;
  dash: number[] | null;
  marker: Marker;
}
const COLOURS = ['#1d70b8', '#d4351c', '#00703c', '#912b88', '#f47738', '#28a197', '#5694ca', '#801650'];
const MARKERS: Marker[] = ['circle', 'square', 'triangle', 'diamond', 'cross', 'plus', 'down'];
const DASHES: (number[] | null)[] = [null, [6, 3], [2, 2], [8, 3]];
/**
 * The style of the i-th partnership's line: a colour, and a marker and a dash, so that no two
 * lines (up to 28) look alike even without colour.
 */
const styleOf = (i: number): SeriesStyle => ({
  colour: COLOURS[i % COLOURS.length],
  marker: MARKERS[i % MARKERS.length],
  dash: DASHES[Math.floor(i / MARKERS.length) % DASHES.length],
});
const NATIONAL_STYLE: SeriesStyle = { colour: '#0b0c0c', dash: null, marker: 'square' };

type Doc = PDFKit.PDFDocument;

function marker(doc: Doc, kind: Marker, x: number, y: number, colour: string): void {
  const r = 3.2;
  doc.save().lineWidth(1).undash();
  if (kind === 'circle') doc.circle(x, y, r).fill(colour);
  else if (kind === 'square') doc.rect(x - r, y - r, 2 * r, 2 * r).fill(colour);
  else if (kind === 'triangle') doc.polygon([x, y - r - 1], [x + r + 1, y + r], [x - r - 1, y + r]).fill(colour);
  else if (kind === 'diamond') doc.polygon([x, y - r - 1], [x + r + 1, y], [x, y + r + 1], [x - r - 1, y]).fill(colour);
  else if (kind === 'down') doc.polygon([x - r - 1, y - r], [x + r + 1, y - r], [x, y + r + 1]).fill(colour);
  else if (kind === 'plus')
    doc
      .lineWidth(1.6)
      .moveTo(x - r - 1, y)
      .lineTo(x + r + 1, y)
      .moveTo(x, y - r - 1)
      .lineTo(x, y + r + 1)
      .stroke(colour);
  else
    doc
      .lineWidth(1.6)
      .moveTo(x - r, y - r)
      .lineTo(x + r, y + r)
      .moveTo(x + r, y - r)
      .lineTo(x - r, y + r)
      .stroke(colour);
  doc.restore();
}

/**
 * One indicator's line chart, drawn with PDFKit's vector paths: a line per partnership over the
 * periods and the national figure (thicker, black), each with its own dash and marker, and a
 * legend that names them with the same dash and marker. A withheld value (a GSS symbol) breaks
 * the line: it is never drawn as a number. The table that follows carries every value.
 */
function chart(doc: Doc, ind: PackIndicator, x: number, y: number, w: number, h: number): number {
  const lines = [
    ...ind.series.map((s, i) => ({
      name: s.partnershipName,
      values: s.values,
      style: styleOf(i),
      width: 1.5,
    })),
    ind.unit === 'count'
      ? // a national sum would dwarf every partnership's line: the chart shows the mean per partnership (the table the sum)
        { name: 'National mean per partnership', values: nationalMean(ind), style: NATIONAL_STYLE, width: 2.5 }
      : { name: 'National', values: ind.national, style: NATIONAL_STYLE, width: 2.5 },
  ];
  const shown = lines.flatMap((l) => l.values.map((v) => v.value).filter((v): v is number => v !== null));
  const max = shown.length ? Math.max(...shown) : 1;
  const top = ind.unit === 'percentage' ? Math.max(10, Math.ceil(max / 10) * 10) : niceTop(max);
  const plot = { x: x + 44, y, w: w - 54, h };
  // axes and grid, with the value scale
  doc.save().lineWidth(0.5).strokeColor('#b1b4b6');
  for (let i = 0; i <= 4; i++) {
    const gy = plot.y + plot.h - (plot.h * i) / 4;
    doc
      .moveTo(plot.x, gy)
      .lineTo(plot.x + plot.w, gy)
      .stroke();
    const label = ((top * i) / 4).toLocaleString('en-GB', { maximumFractionDigits: 1 });
    doc
      .font('Helvetica')
      .fontSize(7)
      .fillColor('#0b0c0c')
      .text(`${label}${ind.unit === 'percentage' ? '%' : ''}`, x, gy - 4, { width: 40, align: 'right' });
  }
  doc.restore();
  const n = ind.periods.length;
  // the periods inset from the plot's edges, so each label sits under its point (two lines when they are close)
  const pad = 40;
  const px = (i: number) => plot.x + pad + (n === 1 ? (plot.w - 2 * pad) / 2 : ((plot.w - 2 * pad) * i) / (n - 1));
  const py = (v: number) => plot.y + plot.h - (plot.h * v) / top;
  const labelWidth = Math.min(2 * pad, n === 1 ? 2 * pad : (plot.w - 2 * pad) / (n - 1) - 4);
  ind.periods.forEach((p, i) =>
    doc
      .font('Helvetica')
      .fontSize(7)
      .fillColor('#0b0c0c')
      .text(p.name, px(i) - labelWidth / 2, plot.y + plot.h + 4, { width: labelWidth, align: 'center' }),
  );
  for (const l of lines) {
    doc.save().lineWidth(l.width).strokeColor(l.style.colour);
    if (l.style.dash) doc.dash(l.style.dash[0], { space: l.style.dash[1] });
    let open = false;
    l.values.forEach((v, i) => {
      if (v.value === null) {
        open = false;
        return;
      }
      if (!open) doc.moveTo(px(i), py(v.value));
      else doc.lineTo(px(i), py(v.value));
      open = true;
    });
    doc.stroke();
    doc.restore();
    l.values.forEach((v, i) => v.value !== null && marker(doc, l.style.marker, px(i), py(v.value), l.style.colour));
  }
  // the legend: dash, marker and name
  let ly = plot.y + plot.h + 28;
  let lx = plot.x;
  for (const l of lines) {
    const label = l.name;
    const width = 34 + doc.font('Helvetica').fontSize(8).widthOfString(label) + 14;
    if (lx + width > plot.x + plot.w) {
      lx = plot.x;
      ly += 14;
    }
    doc.save().lineWidth(l.width).strokeColor(l.style.colour);
    if (l.style.dash) doc.dash(l.style.dash[0], { space: l.style.dash[1] });
    doc
      .moveTo(lx, ly + 4)
      .lineTo(lx + 28, ly + 4)
      .stroke();
    doc.restore();
    marker(doc, l.style.marker, lx + 14, ly + 4, l.style.colour);
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor('#0b0c0c')
      .text(label, lx + 34, ly, { lineBreak: false });
    lx += width;
  }
  return ly + 18;
}

/** A count's national figure per partnership that published one (one decimal place), period by period. */
function nationalMean(ind: PackIndicator): PackIndicator['national'] {
  return ind.national.map((v, i) => {
    const n = ind.series.filter((s) => s.values[i].value !== null).length;
    return v.value === null || n === 0 ? v : { value: Math.round((v.value / n) * 10) / 10, symbol: null };
  });
}

function niceTop(max: number): number {
  if (max <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(max));
  return Math.ceil(max / step) * step;
}

/**
 * A pack as a PDF: the cover (title, meeting date, period, every release it names with its
 * version and date published, the disclosure method), the RAG summary, the exceptions with their
 * commentary, each indicator's chart and table (partnership by period, GSS symbols in place of
 * withheld values, the national figure), and the reforms' status.
 */
export function boardPackPdf(c: PackContent, meta: { packVersion: number }): Promise<Buffer> {
  const PDFDocument = loadPdfKit();
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: `${c.title}, version ${meta.packVersion}`, Author: 'REP Hub', Subject: 'National Board pack' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (b: Buffer) => chunks.push(b));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN - 20;
  const room = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage();
  };
  const h1 = (t: string) =>
    doc.font('Helvetica-Bold').fontSize(18).fillColor('#0b0c0c').text(t, MARGIN, doc.y, { width }).moveDown(0.4);
  const h2 = (t: string) => {
    room(60);
    doc.moveDown(0.4).font('Helvetica-Bold').fontSize(13).text(t, MARGIN, doc.y, { width }).moveDown(0.2);
  };
  const body = (t: string) => doc.font('Helvetica').fontSize(10).text(t, MARGIN, doc.y, { width });
  const grid = (headers: string[], rows: string[][], widths: number[]) => {
    const draw = (cells: string[], bold: boolean) => {
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5);
      const hgt = Math.max(...cells.map((cell, i) => doc.heightOfString(cell, { width: widths[i] - 6 }))) + 6;
      room(hgt);
      const y = doc.y;
      let x = MARGIN;
      cells.forEach((cell, i) => {
        doc.text(cell, x + 3, y + 3, { width: widths[i] - 6 });
        x += widths[i];
      });
      doc
        .save()
        .lineWidth(0.4)
        .strokeColor('#b1b4b6')
        .moveTo(MARGIN, y + hgt)
        .lineTo(MARGIN + widths.reduce((a, b) => a + b, 0), y + hgt)
        .stroke()
        .restore();
      doc.x = MARGIN;
      doc.y = y + hgt;
    };
    draw(headers, true);
    for (const r of rows) draw(r, false);
    doc.moveDown(0.5);
  };

  // cover
  doc.font('Helvetica-Bold').fontSize(24).text(c.title, { width });
  doc.moveDown(0.3).font('Helvetica').fontSize(13).text('SEND and AP Implementation Board: board pack', { width });
  doc.moveDown(1).fontSize(11);
  for (const [k, v] of [
    ['Meeting date', longDate(c.meetingDate)],
    ['Period', c.period.name],
    ['Pack version', String(meta.packVersion)],
    ['Partnerships', String(new Set(c.releases.map((r) => r.partnershipId)).size)],
  ])
    doc.font('Helvetica-Bold').text(`${k}: `, { continued: true }).font('Helvetica').text(v);
  h2('The releases this pack is built from');
  grid(
    ['Partnership', 'Period', 'Version', 'Published'],
    c.releases.map((r) => [
      r.partnershipName,
      r.periodName,
      `${r.version}${r.correctionReason ? ' (correction)' : ''}`,
      longDate(r.publishedAt.slice(0, 10)),
    ]),
    [180, 160, 70, width - 410],
  );
  h2('Disclosure control');
  for (const n of c.methodNotes) body(n);
  doc.moveDown(0.3);
  body(`Symbols: ${GSS_KEY.join('; ')}.`);
  body(
    'Every figure here is as the partnership published it, already controlled for disclosure; none is about a child.',
  );

  // RAG summary and exceptions
  doc.addPage();
  h1('RAG summary');
  if (!c.sections.ratings.length) body('No ratings were published with these releases.');
  else
    grid(
      ['Partnership', 'Indicator', 'RAG'],
      c.sections.ratings.map((r) => [r.partnershipName, r.indicatorName, r.rag.toUpperCase()]),
      [160, width - 230, 70],
    );
  h2('Exceptions');
  if (!c.sections.exceptions.length) body('No exceptions were published with these releases.');
  else
    grid(
      ['Partnership', 'Indicator', 'Owner', 'Commentary'],
      c.sections.exceptions.map((e) => [e.partnershipName, e.indicatorName, e.ownerName ?? '', e.commentary]),
      [110, 130, 90, width - 330],
    );

  // each indicator: its chart and its table
  for (const ind of c.indicators) {
    doc.addPage();
    h1(ind.name);
    body(`${ind.code}, ${ind.unit === 'percentage' ? 'a percentage' : ind.unit === 'days' ? 'days' : 'a count'}.`);
    doc.moveDown(0.5);
    const end = chart(doc, ind, MARGIN, doc.y, width, 180);
    doc.x = MARGIN;
    doc.y = end + 6;
    const first = 150;
    const col = (width - first) / Math.max(1, ind.periods.length);
    grid(
      ['Partnership', ...ind.periods.map((p) => p.name)],
      [
        ...ind.series.map((s) => [s.partnershipName, ...s.values.map((v) => showValue(v, ind.unit))]),
        ['National', ...ind.national.map((v) => showValue(v, ind.unit))],
      ],
      [first, ...ind.periods.map(() => col)],
    );
    body(ind.nationalNote);
    if (ind.unit === 'count')
      body(
        'The chart’s national line is that sum divided by the partnerships that published a count, so it sits on their scale.',
      );
  }

  // reforms
  doc.addPage();
  h1('Reform status');
  if (!c.sections.reforms.length) body('No reform statuses were published with these releases.');
  else
    grid(
      ['Partnership', 'Reform', 'Local authority', 'Status'],
      c.sections.reforms.map((r) => [r.partnershipName, r.reform, r.laName ?? 'All', r.status]),
      [130, width - 330, 110, 90],
    );

  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0; // the footer sits below the text's margin: no new page for it
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor('#505a5f')
      .text(`${c.title}, version ${meta.packVersion}: page ${i + 1} of ${pages.count}`, MARGIN, doc.page.height - 36, {
        width,
        align: 'center',
        lineBreak: false,
      });
  }
  doc.end();
  return done;
}
