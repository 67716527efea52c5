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
 * The pages every subject access draft shares, whichever module lays out its sections: the
 * document (A4, the draft's title), a title page saying it is a draft for redaction with the
 * notice and the facts given, headings and label-and-value lines, and at the end the audit trail
 * and the page numbers. `subjectAccessDraftPdf` lays out any draft from the registry's sections;
 * a module may lay out its own (alternative provision's attendance as a table) with the same parts.
 */
export class DraftPdf {
  /** A section's key as a title: "familyViews" → "Family views". */
  static readonly label = label;
  // pdfkit's document (loaded lazily: it is large)
  readonly doc: ReturnType<typeof createDocument>;
  readonly width: number;
  /** The PDF's bytes, once `finish` has ended the document. */
  readonly done: Promise<Buffer>;

  constructor(options: { compress?: boolean } = {}) {
    this.doc = createDocument(options.compress ?? true);
    const chunks: Buffer[] = [];
    this.done = new Promise<Buffer>((resolve, reject) => {
      this.doc.on('data', (c: Buffer) => chunks.push(c));
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
    });
    this.width = this.doc.page.width - 2 * MARGIN;
  }

  /** The title page: what it is, that it is a draft for redaction, the notice, then `facts` as lines; the sections start on the next page. */
  titlePage(notice: string, facts: [string, unknown][]): void {
    const { doc, width } = this;
    doc.font('Helvetica-Bold').fontSize(24).text('Subject access request', { width });
    doc
      .moveDown(0.5)
      .fillColor('#d4351c')
      .fontSize(18)
      .text('DRAFT for redaction: not for release', { width })
      .fillColor('black');
    doc.moveDown(1).font('Helvetica').fontSize(11).text(notice, { width });
    doc.moveDown(1);
    for (const [k, v] of facts) this.line(k, v);
    doc.addPage();
  }

  heading(t: string, size = 16): void {
    if (this.doc.y > this.doc.page.height - 150) this.doc.addPage();
    this.doc.moveDown(0.8).font('Helvetica-Bold').fontSize(size).text(t, { width: this.width }).moveDown(0.3);
  }

  none(): void {
    this.doc.font('Helvetica').fontSize(10).text('None.', { width: this.width });
  }

  line(k: string, v: unknown): void {
    this.doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .text(`${label(k)}: `, { continued: true, width: this.width })
      .font('Helvetica')
      .text(show(v), { width: this.width });
  }

  /** A record's fields as lines, but `skip`. */
  lines(row: Json, skip: readonly string[] = []): void {
    for (const [k, v] of Object.entries(row)) if (!skip.includes(k)) this.line(k, v);
  }

  /** A record's fields as lines; a list of records inside it under its own smaller heading. */
  record(row: Json, depth = 0): void {
    const nested = Object.entries(row).filter(([, v]) => Array.isArray(v) && v.some(isRow));
    this.lines(
      row,
      nested.map(([k]) => k),
    );
    for (const [k, v] of nested) {
      this.heading(label(k), Math.max(10, 13 - depth));
      for (const r of v as unknown[]) {
        if (isRow(r)) this.record(r, depth + 1);
        else this.line(k, r);
        this.doc.moveDown(0.3);
      }
    }
  }

  /** A section of the draft: its title, then each of its records (a single value is one). */
  section(title: string, key: string, value: unknown, write: (row: Json) => void = (r) => this.record(r)): void {
    this.heading(title);
    const rows = value === null || value === undefined ? [] : Array.isArray(value) ? value : [value];
    if (!rows.length) this.none();
    for (const r of rows) {
      if (isRow(r)) write(r);
      else this.line(key, r);
      this.doc.moveDown(0.4);
    }
  }

  /** The audit trail, the page numbers on every page, and the end of the document: returns the bytes. */
  finish(draft: Pick<SubjectAccessDraft, 'auditTrail'>): Promise<Buffer> {
    const { doc, width } = this;
    this.heading('Who accessed or changed the records');
    if (!draft.auditTrail.length) this.none();
    for (const t of draft.auditTrail) {
      doc
        .font('Helvetica')
        .fontSize(9)
        .text(`${t.at}  ${t.actor.name ?? t.actor.userId ?? 'The system'}  ${t.action} (${t.subjectType})`, { width });
    }
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
    return this.done;
  }
}

function createDocument(compress: boolean) {
  const PDFDocument = loadPdfKit();
  return new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    compress,
    info: {
      Title: 'Subject access: DRAFT for redaction, not for release',
      Author: 'REP Hub',
      Subject: 'Subject access request draft',
    },
  });
}

/**
 * Any subject access draft as a readable PDF, laid out from the registry's sections alone (it
 * knows no module): the title page naming the controller and the subject, then each section by
 * its title, its records as label and value lines (a list of records inside one, such as a
 * history, under its own heading), the agreements it is shared under, the audit trail, and page
 * numbers.
 */
export function subjectAccessDraftPdf(
  draft: SubjectAccessDraft,
  about: { subject: string; sections: readonly SubjectAccessSection[] },
  options: { compress?: boolean } = {},
): Promise<Buffer> {
  const pdf = new DraftPdf(options);
  pdf.titlePage(draft.notice, [
    ['dataController', draft.controller.name],
    ['dataSubject', about.subject],
    ['generatedBy', draft.generatedBy.name ?? draft.generatedBy.userId],
    ['generatedAt', draft.generatedAt],
  ]);
  for (const s of about.sections) pdf.section(s.title, s.key, draft[s.key]);
  pdf.heading('Shared under agreements');
  if (!draft.sharing.length) pdf.none();
  for (const a of draft.sharing)
    pdf.line(a.title, `${a.grants.join(', ')} with ${a.otherParties.map((o) => o.name).join(', ') || 'no other LA'}`);
  return pdf.finish(draft);
}
