import { parse } from 'csv-parse/sync';
import { cellText, csvCell, declaredUnzippedBytes, loadExcel, MAX_XLSX_UNZIPPED_BYTES } from '@rep-hub/platform';

/** The columns of an attendance file, in template order; case_reference, date, session and code are required. */
export const ATTENDANCE_COLUMNS = ['case_reference', 'date', 'session', 'code', 'note'] as const;
export type AttendanceColumn = (typeof ATTENDANCE_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly AttendanceColumn[] = ['case_reference', 'date', 'session', 'code'];

/** At most this many data rows in one file (a term of a large provision's registers). */
export const MAX_ATTENDANCE_ROWS = 20_000;
/** At most this many bytes in one file. */
export const MAX_ATTENDANCE_FILE_BYTES = 5 * 1024 * 1024;

export type AttendanceFileFormat = 'csv' | 'xlsx';

/** One data row as written in the file (trimmed text; dates of XLSX date cells as YYYY-MM-DD). */
export interface AttendanceFileRow {
  /** The spreadsheet row number (the header is row 1). */
  row: number;
  values: Record<AttendanceColumn, string>;
}

/** A problem with one row (or, for row 1, the header): `field` is `rows[<row>].<column>`, as the other field errors name their fields. */
export interface AttendanceRowError {
  field: string;
  row: number;
  column: string;
  message: string;
}

export const attendanceRowError = (row: number, column: string, message: string): AttendanceRowError => ({
  field: `rows[${row}].${column}`,
  row,
  column,
  message,
});

/** A file that cannot be read at all: its format, or its header. */
export class AttendanceFileError extends Error {
  constructor(
    readonly errors: AttendanceRowError[],
    message = 'The file cannot be read',
  ) {
    super(message);
  }
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** CSV or XLSX, by content first (an XLSX file is a zip) and then by the name's extension. */
export function detectFormat(bytes: Buffer, filename: string | undefined): AttendanceFileFormat {
  if (bytes.subarray(0, 4).equals(ZIP_MAGIC)) return 'xlsx';
  if (/\.xlsx$/i.test(filename ?? ''))
    throw new AttendanceFileError([
      attendanceRowError(
        1,
        'file',
        'The file is named .xlsx but is not an Excel workbook: save it again as .xlsx or as CSV',
      ),
    ]);
  return 'csv';
}

/**
 * Reads an attendance file into rows. Structural problems (not CSV or XLSX, no header, a required
 * column missing, too many rows) throw AttendanceFileError; each row's values are checked by the
 * service, which knows the placements.
 */
export async function readAttendanceFile(
  bytes: Buffer,
  filename: string | undefined,
): Promise<{ format: AttendanceFileFormat; rows: AttendanceFileRow[] }> {
  const format = detectFormat(bytes, filename);
  const table = format === 'xlsx' ? await xlsxTable(bytes) : csvTable(bytes);
  return { format, rows: toRows(table) };
}

/** Every record of a CSV as text cells; empty lines stay (as empty records) so numbers match the spreadsheet's rows. */
function csvTable(bytes: Buffer): string[][] {
  const text = bytes.toString('utf8');
  if (text.includes('\uFFFD') || bytes.includes(0))
    throw new AttendanceFileError([
      attendanceRowError(1, 'file', 'The file must be a CSV file saved as UTF-8, or an Excel workbook (.xlsx)'),
    ]);
  try {
    return parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false, trim: true }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new AttendanceFileError([
      attendanceRowError(line ?? 1, 'file', 'The CSV file cannot be read: check its quotes and separators (commas)'),
    ]);
  }
}

// the zip-bomb guard is the platform's, shared by every upload (re-exported for this module's callers)
export { declaredUnzippedBytes, MAX_XLSX_UNZIPPED_BYTES };

/** The first worksheet's cells as text; date cells become YYYY-MM-DD. */
async function xlsxTable(bytes: Buffer): Promise<string[][]> {
  const unzipped = declaredUnzippedBytes(bytes);
  if (unzipped === null || unzipped > MAX_XLSX_UNZIPPED_BYTES) {
    throw new AttendanceFileError([
      attendanceRowError(
        1,
        'file',
        unzipped === null
          ? 'The Excel workbook cannot be read: save it again as .xlsx or as CSV'
          : 'The Excel workbook is too large once opened: split it, or save it as CSV',
      ),
    ]);
  }
  const workbook = new (loadExcel().Workbook)();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new AttendanceFileError([
      attendanceRowError(1, 'file', 'The Excel workbook cannot be read: save it again as .xlsx or as CSV'),
    ]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new AttendanceFileError([attendanceRowError(1, 'file', 'The workbook has no worksheet')]);
  if (sheet.actualRowCount > MAX_ATTENDANCE_ROWS + 1) throw tooMany();
  const table: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    table[n - 1] = Array.from(cells, (c) => c ?? '');
  });
  return Array.from(table, (r) => r ?? []);
}

const tooMany = () =>
  new AttendanceFileError([
    attendanceRowError(
      1,
      'file',
      `The file has more than ${MAX_ATTENDANCE_ROWS.toLocaleString('en-GB')} rows: split it into smaller files`,
    ),
  ]);

function toRows(table: string[][]): AttendanceFileRow[] {
  const header = (table[0] ?? []).map((h) => h.trim().toLowerCase().replace(/\s+/g, '_'));
  if (!header.some((h) => h !== ''))
    throw new AttendanceFileError([
      attendanceRowError(1, 'file', `The first row must name the columns: ${ATTENDANCE_COLUMNS.join(', ')}`),
    ]);
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length)
    throw new AttendanceFileError(
      missing.map((c) => attendanceRowError(1, c, `The first row must have a column named ${c}`)),
    );
  const index = Object.fromEntries(ATTENDANCE_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<
    AttendanceColumn,
    number
  >;
  const rows: AttendanceFileRow[] = [];
  for (let i = 1; i < table.length; i++) {
    const cells = table[i] ?? [];
    if (!cells.some((c) => (c ?? '').trim() !== '')) continue; // an empty row is not a session
    if (rows.length === MAX_ATTENDANCE_ROWS) throw tooMany();
    const values = Object.fromEntries(
      ATTENDANCE_COLUMNS.map((c) => [c, index[c] >= 0 ? (cells[index[c]] ?? '').trim() : '']),
    ) as Record<AttendanceColumn, string>;
    rows.push({ row: i + 1, values });
  }
  return rows;
}

/** A template: the header and the given rows, as CSV (with a BOM, so Excel reads UTF-8) or as an XLSX workbook with a sheet of the codes. */
export async function attendanceTemplate(
  format: AttendanceFileFormat,
  rows: { caseReference: string; date: string }[],
  codes: readonly { code: string; label: string; category: string; requiresNote: boolean }[],
  version: string,
): Promise<Buffer> {
  if (format === 'csv') {
    const lines = [
      ATTENDANCE_COLUMNS.join(','),
      ...rows.map((r) => [r.caseReference, r.date, 'AM', '', ''].map(csvCell).join(',')),
    ];
    return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
  }
  const workbook = new (loadExcel().Workbook)();
  workbook.creator = 'REP Hub';
  const sheet = workbook.addWorksheet('Attendance');
  sheet.columns = [
    { header: 'case_reference', key: 'case_reference', width: 16 },
    { header: 'date', key: 'date', width: 12 },
    { header: 'session', key: 'session', width: 9 },
    { header: 'code', key: 'code', width: 7 },
    { header: 'note', key: 'note', width: 40 },
  ];
  sheet.getRow(1).font = { bold: true };
  // dates as text YYYY-MM-DD, so no locale turns them into 12/01/2026 (a date cell is read too)
  sheet.getColumn('date').numFmt = '@';
  for (const r of rows)
    sheet.addRow({ case_reference: r.caseReference, date: r.date, session: 'AM', code: '', note: '' });
  const list = workbook.addWorksheet('Codes');
  list.columns = [
    { header: 'code', key: 'code', width: 7 },
    { header: 'meaning', key: 'meaning', width: 70 },
    { header: 'category', key: 'category', width: 30 },
    { header: 'note_required', key: 'note_required', width: 14 },
  ];
  list.getRow(1).font = { bold: true };
  for (const c of codes)
    list.addRow({
      code: c.code,
      meaning: c.label,
      category: c.category.replace(/_/g, ' '),
      note_required: c.requiresNote ? 'yes' : 'no',
    });
  list.addRow({});
  list.addRow({
    code: '',
    meaning: `DfE attendance codes, version ${version}. A code that needs a note must have one in the note column (up to 500 characters).`,
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
