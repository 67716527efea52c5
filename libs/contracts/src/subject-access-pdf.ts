import { loadPdfKit } from '@rep-hub/platform';
import { SubjectAccessDraft, SubjectAccessSection } from './subject-access';

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

const isRow = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value as one line of text. */
function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return 'None recorded';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (Array.isArray(v)) return v.length ? v.map((x) => (isRow(x) ? showRow(x) : show(x))).join(' | ') : 'None recorded';
  if (isRow(v)) return showRow(v);
  return String(v);
}

const showRow = (row: Json) => {
  const entries = Object.entries(row);
  return entries.length ? entries.map(([k, y]) => `${label(k)}: ${show(y)}`).join('; ') : 'None recorded';
};

/**
 * Any subject access draft as a readable PDF, laid out from the registry's sections alone (it
 * knows no module): a title page saying it is a draft for redaction and naming the controller and
 * the subject, then each section by its title, its records as label and value lines (a list of
 * records inside one, such as a history, under its own heading), the agreements it is shared
 * under, the audit trail, and page numbers.
 */
export function subjectAccessDraftPdf(
  draft: SubjectAccessDraft,
  about: { subject: string; sections: readonly SubjectAccessSection[] },
  options: { compress?: boolean } = {},
): Promise<Buffer> {
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
  const none = () => doc.font('Helvetica').fontSize(10).text('None.', { width });
  const line = (k: string, v: unknown) => {
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .text(`${label(k)}: `, { continued: true, width })
      .font('Helvetica')
      .text(show(v), { width });
  };
  /** A record's fields as lines; a list of records inside it under its own smaller heading. */
  const record = (row: Json, depth: number) => {
    const nested = Object.entries(row).filter(([, v]) => Array.isArray(v) && v.some(isRow));
    for (const [k, v] of Object.entries(row)) if (!nested.some(([n]) => n === k)) line(k, v);
    for (const [k, v] of nested) {
      heading(label(k), Math.max(10, 13 - depth));
      for (const r of v as unknown[]) {
        if (isRow(r)) record(r, depth + 1);
        else line(k, r);
        doc.moveDown(0.3);
      }
    }
  };

  // title page
  doc.font('Helvetica-Bold').fontSize(24).text('Subject access request', { width });
  doc
    .moveDown(0.5)
    .fillColor('#d4351c')
    .fontSize(18)
    .text('DRAFT for redaction: not for release', { width })
    .fillColor('black');
  doc.moveDown(1).font('Helvetica').fontSize(11).text(draft.notice, { width });
  doc.moveDown(1);
  line('dataController', draft.controller.name);
  line('dataSubject', about.subject);
  line('generatedBy', draft.generatedBy.name ?? draft.generatedBy.userId);
  line('generatedAt', draft.generatedAt);

  doc.addPage();
  for (const s of about.sections) {
    heading(s.title);
    const value = draft[s.key];
    const rows = value === null || value === undefined ? [] : Array.isArray(value) ? value : [value];
    if (!rows.length) none();
    for (const r of rows) {
      if (isRow(r)) record(r, 0);
      else line(s.key, r);
      doc.moveDown(0.4);
    }
  }

  heading('Shared under agreements');
  if (!draft.sharing.length) none();
  for (const a of draft.sharing)
    line(a.title, `${a.grants.join(', ')} with ${a.otherParties.map((o) => o.name).join(', ') || 'no other LA'}`);

  heading('Who accessed or changed the records');
  if (!draft.auditTrail.length) none();
  for (const t of draft.auditTrail) {
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
