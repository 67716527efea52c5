import { loadPdfKit } from '@rep-hub/platform';
import type { SubjectAccessExport } from './subject-access.service';

type Json = Record<string, unknown>;

const MARGIN = 50;

/** "familyViews" → "Family views". */
const label = (k: string) => {
  const words = k
    .replace(/([A-Z])/g, ' $1')
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** A value as one line of text. */
function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return 'None recorded';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (Array.isArray(v))
    return v.length
      ? v
          .map((x) =>
            typeof x === 'object' && x !== null
              ? Object.entries(x)
                  .map(([k, y]) => `${label(k)}: ${show(y)}`)
                  .join('; ')
              : show(x),
          )
          .join(' | ')
      : 'None recorded';
  if (typeof v === 'object') {
    const entries = Object.entries(v as Json);
    return entries.length ? entries.map(([k, y]) => `${label(k)}: ${show(y)}`).join('; ') : 'None recorded';
  }
  return String(v);
}

/**
 * The subject access draft as a readable PDF: a title page saying it is a draft for redaction and
 * naming the controller, then a section per kind of record with label and value lines, attendance
 * as counts per month and code (the JSON has every session), any other module's sections of the
 * draft, and page numbers.
 */
export function subjectAccessPdf(data: SubjectAccessExport, options: { compress?: boolean } = {}): Promise<Buffer> {
  const PDFDocument = loadPdfKit();
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    compress: options.compress ?? true,
    info: {
      Title: 'Subject access: DRAFT for redaction, not for release',
      Author: 'REP Hub',
      Subject: 'Subject access request draft',
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - 2 * MARGIN;
  const heading = (t: string, size = 16) => {
    if (doc.y > doc.page.height - 150) doc.addPage();
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(size).text(t, { width }).moveDown(0.3);
  };
  const line = (k: string, v: unknown) => {
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .text(`${label(k)}: `, { continued: true, width })
      .font('Helvetica')
      .text(show(v), { width });
  };
  const lines = (row: Json, skip: string[] = []) => {
    for (const [k, v] of Object.entries(row)) if (!skip.includes(k)) line(k, v);
  };

  // title page
  doc.font('Helvetica-Bold').fontSize(24).text('Subject access request', { width });
  doc
    .moveDown(0.5)
    .fillColor('#d4351c')
    .fontSize(18)
    .text('DRAFT for redaction: not for release', { width })
    .fillColor('black');
  doc.moveDown(1).font('Helvetica').fontSize(11).text(data.notice, { width });
  doc.moveDown(1);
  line('dataController', data.controller.name);
  line('pupil', `${show(data.pupil['givenName'])} ${show(data.pupil['familyName'])}`);
  line('generatedBy', data.generatedBy.name ?? data.generatedBy.userId);
  line('generatedAt', data.generatedAt);
  line('cases', data.cases.length);
  line('attendanceSessions', data.attendance.length);

  doc.addPage();
  heading('The pupil’s record');
  lines(data.pupil);

  heading('UPN match requests');
  if (!data.matchRequests.length) doc.font('Helvetica').fontSize(10).text('None.');
  for (const mr of data.matchRequests) lines(mr as unknown as Json);

  data.cases.forEach((c) => {
    heading(`Case ${String(c['reference'])}`);
    lines(c, ['timeline', 'placement', 'reviews', 'followUps', 'alerts']);
    heading('Timeline', 13);
    if (!c.timeline.length) doc.font('Helvetica').fontSize(10).text('None.');
    for (const e of c.timeline) {
      lines(e);
      doc.moveDown(0.4);
    }
    heading('Placement', 13);
    if (c.placement) lines(c.placement);
    else doc.font('Helvetica').fontSize(10).text('None.');
    for (const [title, rows] of [
      ['Reviews', c.reviews],
      ['Follow-ups after the return', c.followUps],
      ['Alerts', c.alerts],
    ] as const) {
      heading(title, 13);
      if (!rows.length) doc.font('Helvetica').fontSize(10).text('None.');
      for (const r of rows) {
        lines(r);
        doc.moveDown(0.4);
      }
    }
  });

  // attendance: counts per month and code
  heading('Attendance by month');
  doc
    .font('Helvetica')
    .fontSize(10)
    .text(
      'Sessions recorded per month, counted by attendance code. The JSON export lists every session with its date, session (AM or PM), code and note.',
      { width },
    );
  const months = new Map<string, Map<string, number>>();
  for (const a of data.attendance) {
    const month = String(a['sessionDate']).slice(0, 7);
    const codes = months.get(month) ?? new Map<string, number>();
    codes.set(String(a['code']), (codes.get(String(a['code'])) ?? 0) + 1);
    months.set(month, codes);
  }
  const allCodes = [...new Set(data.attendance.map((a) => String(a['code'])))].sort();
  if (!months.size) doc.moveDown(0.5).text('No attendance recorded.');
  else {
    const cols = ['Month', ...allCodes, 'Total'];
    const colWidth = Math.min(70, width / cols.length);
    const row = (cells: string[], bold = false) => {
      if (doc.y > doc.page.height - 80) doc.addPage();
      const y = doc.y;
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
      cells.forEach((cell, i) => doc.text(cell, MARGIN + i * colWidth, y, { width: colWidth - 4 }));
      doc.x = MARGIN;
      doc.y = y + 14;
    };
    doc.moveDown(0.5);
    row(cols, true);
    for (const [month, codes] of [...months.entries()].sort()) {
      const counts = allCodes.map((code) => codes.get(code) ?? 0);
      row([month, ...counts.map(String), String(counts.reduce((a, b) => a + b, 0))]);
    }
  }

  // another module's sections (registered beside AP's), as label and value lines
  const ours = new Set([
    'status',
    'notice',
    'generatedAt',
    'generatedBy',
    'controller',
    'pupil',
    'matchRequests',
    'cases',
    'attendance',
    'auditTrail',
  ]);
  for (const [key, value] of Object.entries(data).filter(([k]) => !ours.has(k))) {
    heading(label(key));
    const rows = value === null || value === undefined ? [] : Array.isArray(value) ? value : [value];
    if (!rows.length) doc.font('Helvetica').fontSize(10).text('None.');
    for (const r of rows) {
      if (r && typeof r === 'object' && !Array.isArray(r)) lines(r as Json);
      else line(key, r);
      doc.moveDown(0.4);
    }
  }

  heading('Who accessed or changed the records');
  if (!data.auditTrail.length) doc.font('Helvetica').fontSize(10).text('None.');
  for (const t of data.auditTrail) {
    doc
      .font('Helvetica')
      .fontSize(9)
      .text(`${t.at}  ${t.actor.name ?? t.actor.userId ?? 'The system'}  ${t.action} (${t.subjectType})`, { width });
  }

  // page numbers
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(8)
      .text(`DRAFT for redaction: not for release. Page ${i + 1} of ${range.count}`, MARGIN, doc.page.height - 30, {
        width,
        align: 'center',
      });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
