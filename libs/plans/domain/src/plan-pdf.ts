import { loadPdfKit, longDate, schoolToday } from '@rep-hub/platform';
import type { PlanMemberDecision, PlanSectionView, PlanVersionSummary } from './plans.model';
import { PLAN_STATUS_LABELS } from './plans.model';

const MARGIN = 56;

export interface PlanPdfData {
  title: string;
  partnership: string;
  periodStart: string;
  periodEnd: string;
  reviewOn: string;
  las: { id: string; name: string }[];
  version: PlanVersionSummary;
  sections: Omit<PlanSectionView, 'canEdit'>[];
  decisions: PlanMemberDecision[];
}

/** A date, or the day in England of a timestamp, as GOV.UK writes it. */
const day = (d: string | null) => (d ? longDate(d.length === 10 ? d : schoolToday(new Date(d))) : '');

/** A safe-text line as the PDF shows it: links as "text (address)", table rows as cells. */
const plain = (s: string) => s.replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, '$1 ($2)');

/**
 * A version of a plan as a PDF: a cover (title, partnership, LAs, period, version and dates), each
 * section with its plan-wide part then each LA's part, with their themes, and the sign-off summary
 * (each member organisation's decision, dissents with their reasons).
 */
export function planPdf(data: PlanPdfData, options: { compress?: boolean } = {}): Promise<Buffer> {
  const PDFDocument = loadPdfKit();
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    compress: options.compress ?? true,
    info: {
      Title: `${data.title}, version ${data.version.number}`,
      Author: 'REP Hub',
      Subject: 'Local inclusion plan',
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * MARGIN;
  const heading = (t: string, size: number) => {
    if (doc.y > doc.page.height - 140) doc.addPage();
    doc.moveDown(0.6).font('Helvetica-Bold').fontSize(size).text(t, { width }).moveDown(0.3);
  };
  const body = (t: string, opts: { indent?: number } = {}) =>
    doc
      .font('Helvetica')
      .fontSize(11)
      .text(t, { width: width - (opts.indent ?? 0), indent: opts.indent ?? 0 });

  // cover
  doc.font('Helvetica-Bold').fontSize(26).text(data.title, { width });
  doc.moveDown(0.5).font('Helvetica').fontSize(14).text('Local inclusion plan', { width });
  doc.moveDown(1.5).fontSize(12);
  for (const [k, v] of [
    ['Partnership', data.partnership],
    ['Local authorities', data.las.map((l) => l.name).join(', ')],
    ['Period', `${day(data.periodStart)} to ${day(data.periodEnd)}`],
    ['Review date', day(data.reviewOn)],
    ['Version', `${data.version.number} (${PLAN_STATUS_LABELS[data.version.status].toLowerCase()})`],
    ['Signed off', day(data.version.signedOffAt)],
    ['Published', day(data.version.publishedAt)],
  ] as const)
    if (v) doc.font('Helvetica-Bold').text(`${k}: `, { continued: true }).font('Helvetica').text(v);

  // sections, each with its plan-wide part and then each LA's part
  let lastKey = '';
  for (const s of data.sections) {
    if (s.key !== lastKey) {
      doc.addPage();
      doc.font('Helvetica-Bold').fontSize(18).text(s.name, { width });
      lastKey = s.key;
    }
    if (s.laId) heading(`${s.laName ?? 'Local authority'}: its own part`, 14);
    if (s.themes.length)
      doc
        .moveDown(0.2)
        .font('Helvetica-Oblique')
        .fontSize(10)
        .text(`Themes: ${s.themes.map((t) => t.name).join('; ')}`, { width });
    doc.moveDown(0.4);
    if (!s.body.trim()) body('Nothing written yet.');
    for (const raw of s.body.split('\n')) {
      const line = raw.trim();
      if (!line) doc.moveDown(0.4);
      else if (/^#{2,3} /.test(line)) heading(plain(line.replace(/^#+ /, '')), line.startsWith('###') ? 12 : 13);
      else if (/^[-*] /.test(line)) body(`•  ${plain(line.slice(2))}`, { indent: 12 });
      else if (/^\d{1,3}\. /.test(line)) body(plain(line), { indent: 12 });
      else if (/^\|/.test(line)) {
        if (/^\|[\s:|-]+\|?$/.test(line)) continue;
        body(
          plain(line)
            .replace(/^\||\|$/g, '')
            .split('|')
            .map((c) => c.trim())
            .join('   |   '),
        );
      } else body(plain(line));
    }
  }

  // the sign-off summary
  doc.addPage();
  doc.font('Helvetica-Bold').fontSize(18).text('Sign-off', { width });
  doc.moveDown(0.5);
  if (!data.decisions.length) body('No member organisation is recorded.');
  for (const d of data.decisions) {
    const what = d.decision === 'signed_off' ? 'signed off' : d.decision === 'dissent' ? 'dissented' : 'no decision';
    doc.font('Helvetica-Bold').fontSize(11).text(`${d.name}: `, { continued: true }).font('Helvetica').text(what);
    if (d.decision === 'dissent' && d.reason) body(`Reason: ${d.reason}`, { indent: 12 });
    if (d.recordedOnBehalf && d.recordedBy) body(`Recorded by ${d.recordedBy.name}`, { indent: 12 });
    doc.moveDown(0.3);
  }

  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(i);
    doc
      .font('Helvetica')
      .fontSize(9)
      .text(
        `${data.title}, version ${data.version.number}: page ${i + 1} of ${pages.count}`,
        MARGIN,
        doc.page.height - 40,
        {
          width,
          align: 'center',
          lineBreak: false,
        },
      );
  }
  doc.end();
  return done;
}
