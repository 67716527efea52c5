import { parse } from 'csv-parse/sync';
import { csvCell } from '@rep-hub/platform';

/** The columns of a file of submitted figures, in template order; la_number may be left out (your own LA). */
export const SUBMITTED_COLUMNS = ['la_number', 'indicator_code', 'period', 'numerator', 'denominator'] as const;
export type SubmittedColumn = (typeof SUBMITTED_COLUMNS)[number];
const REQUIRED: readonly SubmittedColumn[] = ['indicator_code', 'period', 'numerator'];

/** At most this many bytes in one file (far more than an LA's figures for years). */
export const MAX_SUBMITTED_FILE_BYTES = 1024 * 1024;
/** At most this many data rows in one file. */
export const MAX_SUBMITTED_ROWS = 5_000;

/** One data row as written in the file (trimmed text). */
export interface SubmittedFileRow {
  /** The spreadsheet row number (the header is row 1). */
  row: number;
  values: Record<SubmittedColumn, string>;
}

/** A problem with one row (row 1: the header or the whole file), named `rows[<row>].<column>`. */
export interface SubmittedRowError {
  field: string;
  row: number;
  column: string;
  message: string;
}

export const submittedRowError = (row: number, column: string, message: string): SubmittedRowError => ({
  field: `rows[${row}].${column}`,
  row,
  column,
  message,
});

/** A file that cannot be read at all. */
export class SubmittedFileError extends Error {
  constructor(readonly errors: SubmittedRowError[]) {
    super('The file cannot be read');
  }
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * Reads a CSV file of submitted figures into rows. Structural problems (not a UTF-8 CSV, no
 * header, a required column missing, too many rows) throw SubmittedFileError; each row's values
 * are checked by the service against the indicators' definitions.
 */
export function readSubmittedFile(bytes: Buffer): SubmittedFileRow[] {
  const whole = (message: string) => new SubmittedFileError([submittedRowError(1, 'file', message)]);
  if (bytes.subarray(0, 4).equals(ZIP_MAGIC))
    throw whole('The file is a workbook: save it as CSV (comma separated, UTF-8) and upload that');
  const text = bytes.toString('utf8');
  if (text.includes('\uFFFD') || bytes.includes(0)) throw whole('The file must be a CSV file saved as UTF-8');
  let table: string[][];
  try {
    table = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false, trim: true }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new SubmittedFileError([
      submittedRowError(line ?? 1, 'file', 'The CSV file cannot be read: check its quotes and separators (commas)'),
    ]);
  }
  const header = (table[0] ?? []).map((h) => h.trim().toLowerCase().replace(/\s+/g, '_'));
  if (!header.some((h) => h !== ''))
    throw whole(`The first row must name the columns: ${SUBMITTED_COLUMNS.join(', ')}`);
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length)
    throw new SubmittedFileError(
      missing.map((c) => submittedRowError(1, c, `The first row must have a column named ${c}`)),
    );
  if (table.length - 1 > MAX_SUBMITTED_ROWS)
    throw whole(
      `The file has more than ${MAX_SUBMITTED_ROWS.toLocaleString('en-GB')} rows: split it into smaller files`,
    );
  const index = Object.fromEntries(SUBMITTED_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<
    SubmittedColumn,
    number
  >;
  const rows: SubmittedFileRow[] = [];
  table.slice(1).forEach((cells, i) => {
    if (!cells.some((c) => c.trim() !== '')) return;
    const values = Object.fromEntries(
      SUBMITTED_COLUMNS.map((c) => [c, index[c] >= 0 ? (cells[index[c]] ?? '').trim() : '']),
    ) as Record<SubmittedColumn, string>;
    rows.push({ row: i + 2, values });
  });
  return rows;
}

/** A CSV template: the header, and one row per indicator for the period given (numbers left empty). */
export function submittedTemplate(
  laNumber: string | null,
  period: string,
  indicators: readonly { code: string; unit: string }[],
): string {
  const lines = [SUBMITTED_COLUMNS.join(',')];
  for (const d of indicators) lines.push([laNumber ?? '', d.code, period, '', ''].map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
