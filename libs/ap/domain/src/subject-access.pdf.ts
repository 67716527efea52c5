import { DraftPdf } from '@rep-hub/contracts';
import type { SubjectAccessExport } from './subject-access.service';

type Json = Record<string, unknown>;

/**
 * The subject access draft as a readable PDF, on the pages every draft shares (the core's
 * DraftPdf: the title page saying it is a draft for redaction and naming the controller, the
 * audit trail, page numbers): a section per kind of record with label and value lines, attendance
 * as counts per month and code (the JSON has every session), and any other module's sections of
 * the draft.
 */
export function subjectAccessPdf(data: SubjectAccessExport, options: { compress?: boolean } = {}): Promise<Buffer> {
  const pdf = new DraftPdf(options);
  const { doc, width } = pdf;
  pdf.titlePage(data.notice, [
    ['dataController', data.controller.name],
    ['pupil', `${String(data.pupil['givenName'] ?? '')} ${String(data.pupil['familyName'] ?? '')}`.trim()],
    ['generatedBy', data.generatedBy.name ?? data.generatedBy.userId],
    ['generatedAt', data.generatedAt],
    ['cases', data.cases.length],
    ['attendanceSessions', data.attendance.length],
  ]);

  pdf.heading('The pupil’s record');
  pdf.lines(data.pupil);

  pdf.heading('UPN match requests');
  if (!data.matchRequests.length) pdf.none();
  for (const mr of data.matchRequests) pdf.lines(mr as unknown as Json);

  data.cases.forEach((c) => {
    pdf.heading(`Case ${String(c['reference'])}`);
    pdf.lines(c, ['timeline', 'placement', 'reviews', 'followUps', 'alerts']);
    pdf.heading('Timeline', 13);
    if (!c.timeline.length) pdf.none();
    for (const e of c.timeline) {
      pdf.lines(e);
      doc.moveDown(0.4);
    }
    pdf.heading('Placement', 13);
    if (c.placement) pdf.lines(c.placement);
    else pdf.none();
    for (const [title, rows] of [
      ['Reviews', c.reviews],
      ['Follow-ups after the return', c.followUps],
      ['Alerts', c.alerts],
    ] as const) {
      pdf.heading(title, 13);
      if (!rows.length) pdf.none();
      for (const r of rows) {
        pdf.lines(r);
        doc.moveDown(0.4);
      }
    }
  });

  // attendance: counts per month and code
  pdf.heading('Attendance by month');
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
    const left = doc.page.margins.left;
    const row = (cells: string[], bold = false) => {
      if (doc.y > doc.page.height - 80) doc.addPage();
      const y = doc.y;
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
      cells.forEach((cell, i) => doc.text(cell, left + i * colWidth, y, { width: colWidth - 4 }));
      doc.x = left;
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
  for (const [key, value] of Object.entries(data).filter(([k]) => !ours.has(k)))
    pdf.section(DraftPdf.label(key), key, value, (r) => pdf.lines(r));

  return pdf.finish(data);
}
