import { parse as parseCsv } from 'csv-parse';
import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { looksLikeFormula } from './csv';
import { loadExcel } from './heavy-libraries';

/**
 * Reading an uploaded table (CSV or XLSX) for a module's bulk upload, with the guards every such
 * upload needs: the format by content (an XLSX file is a zip), UTF-8 only for CSV, a zip bomb
 * refused unread (the central directory's declared sizes), the first worksheet only, a header
 * naming the columns, a row limit, and (optionally) formulas refused cell by cell. What the
 * values mean is the module's to check; every problem names its spreadsheet row (the header is
 * row 1) and column, as `rows[<row>].<column>`.
 */

export type TabularFormat = 'csv' | 'xlsx';

/** A problem with one row (row 1: the header, or the whole file when `column` is `file`). */
export interface TabularRowError {
  field: string;
  row: number;
  column: string;
  message: string;
}

export const tabularRowError = (row: number, column: string, message: string): TabularRowError => ({
  field: `rows[${row}].${column}`,
  row,
  column,
  message,
});

/** A file that cannot be read at all (its format, encoding, size once opened, or header), or has formulas. */
export class TabularFileError extends Error {
  constructor(readonly errors: TabularRowError[]) {
    super('The file cannot be read');
  }
}

/** One data row as written in the file: trimmed text, a date cell of a workbook as YYYY-MM-DD. */
export interface TabularRow<C extends string> {
  row: number;
  values: Record<C, string>;
}

export interface TabularSpec<C extends string> {
  /** Every column, in template order. */
  columns: readonly C[];
  /** The columns the header must name. */
  required: readonly C[];
  /** At most this many data rows. */
  maxRows: number;
  /** Refuse a cell holding a formula (a workbook's formula, or CSV text a spreadsheet would run). */
  refuseFormulas?: boolean;
  /** Refuse a header naming a column not in `columns` (a wrong template). */
  refuseUnknownColumns?: boolean;
}

/** What a workbook may hold once unzipped: far above a large upload, far below what would strain the process. */
export const MAX_XLSX_UNZIPPED_BYTES = 64 * 1024 * 1024;

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const whole = (message: string) => new TabularFileError([tabularRowError(1, 'file', message)]);

/** CSV or XLSX, by content first and then by the name's extension. */
export function detectTabularFormat(bytes: Buffer, filename: string | undefined): TabularFormat {
  if (bytes.subarray(0, 4).equals(ZIP_MAGIC)) return 'xlsx';
  if (/\.xlsx$/i.test(filename ?? ''))
    throw whole('The file is named .xlsx but is not an Excel workbook: save it again as .xlsx or as CSV');
  return 'csv';
}

/**
 * The total unzipped size a zip's central directory declares (null: no readable directory, or
 * ZIP64 sizes). Checked before exceljs inflates the workbook, so a small file that inflates to
 * gigabytes (a zip bomb) is refused unread.
 */
export function declaredUnzippedBytes(bytes: Buffer): number | null {
  // the end-of-central-directory record: 22 bytes plus a comment of up to 65,535
  for (let eocd = bytes.length - 22; eocd >= Math.max(0, bytes.length - 22 - 65_535); eocd--) {
    if (bytes.readUInt32LE(eocd) !== 0x06054b50) continue;
    const entries = bytes.readUInt16LE(eocd + 10);
    let at = bytes.readUInt32LE(eocd + 16);
    let total = 0;
    for (let i = 0; i < entries; i++) {
      if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) return null;
      const size = bytes.readUInt32LE(at + 24);
      if (size === 0xffffffff) return null;
      total += size;
      at += 46 + bytes.readUInt16LE(at + 28) + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    }
    return total;
  }
  return null;
}

/**
 * Opens an uploaded table and reads its header, or throws TabularFileError listing what is wrong
 * with the file as a whole (format, encoding, a zip bomb, the header, a workbook's formulas). The
 * rows then come one at a time as they are parsed, so the file is never held as every cell and
 * every row at once: a CSV is parsed from its bytes as a stream, a workbook's first worksheet is
 * read as a stream (exceljs's WorkbookReader) from the zip. Reading them may still throw
 * TabularFileError: a file that cannot be parsed further on, more rows than `maxRows`, or (once
 * every row has been read) the cells that hold formulas. A caller that refuses the whole file on
 * any problem either writes nothing until the last row has been read, or writes in a transaction
 * it rolls back when reading throws.
 */
export async function openTabularFile<C extends string>(
  bytes: Buffer,
  filename: string | undefined,
  spec: TabularSpec<C>,
): Promise<{ format: TabularFormat; rows: AsyncIterable<TabularRow<C>> }> {
  if (!bytes.length) throw whole('The file is empty: choose a CSV or Excel file');
  const format = detectTabularFormat(bytes, filename);
  const formulas: { row: number; col: number }[] = [];
  const records: AsyncIterator<string[]> = format === 'xlsx' ? xlsxRecords(bytes, formulas) : csvRecords(bytes);
  try {
    const first = await records.next();
    const header = (first.done ? [] : first.value).map((h) => columnName(h ?? ''));
    checkHeader(header, spec);
    if (spec.refuseFormulas && formulas.length) throw formulaProblems(formulas, header);
    return {
      format,
      rows: dataRows(
        records,
        header,
        spec,
        spec.refuseFormulas === true ? (format === 'csv' ? 'csv' : formulas) : null,
      ),
    };
  } catch (error) {
    await records.return?.();
    throw error;
  }
}

/** Reads an uploaded table into rows (every row in memory), or throws TabularFileError listing what is wrong. */
export async function readTabularFile<C extends string>(
  bytes: Buffer,
  filename: string | undefined,
  spec: TabularSpec<C>,
): Promise<{ format: TabularFormat; rows: TabularRow<C>[] }> {
  const { format, rows } = await openTabularFile(bytes, filename, spec);
  const all: TabularRow<C>[] = [];
  for await (const r of rows) all.push(r);
  return { format, rows: all };
}

const REPLACEMENT_CHARACTER = Buffer.from('\uFFFD', 'utf8');
/** Bytes per piece fed to the CSV parser. */
const CSV_PIECE = 64 * 1024;

/** A CSV file's records, parsed as a stream from its bytes (UTF-8 only: checked first, without decoding the whole file). */
async function* csvRecords(bytes: Buffer): AsyncGenerator<string[]> {
  if (!isUtf8(bytes) || bytes.includes(REPLACEMENT_CHARACTER) || bytes.includes(0))
    throw whole('The file must be a CSV file saved as UTF-8, or an Excel workbook (.xlsx)');
  const parser = parseCsv({ bom: true, relax_column_count: true, skip_empty_lines: false, trim: true });
  const pieces = function* () {
    for (let at = 0; at < bytes.length; at += CSV_PIECE) yield bytes.subarray(at, at + CSV_PIECE);
  };
  Readable.from(pieces(), { objectMode: false }).pipe(parser);
  try {
    for await (const record of parser) yield record as string[];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new TabularFileError([
      tabularRowError(line ?? 1, 'file', 'The CSV file cannot be read: check its quotes and separators (commas)'),
    ]);
  } finally {
    parser.destroy();
  }
}

/** A worksheet's last row (Excel's limit): a row numbered past it is a broken file, not a gap to fill. */
const XLSX_MAX_ROW = 1_048_576;

/**
 * A workbook's first worksheet's records, read as a stream from the zip (exceljs's WorkbookReader:
 * the shared strings and styles cached, the rows parsed as the worksheet's XML is inflated), never
 * the whole workbook as cells at once. A zip bomb is refused unread (the central directory's
 * declared sizes), and the text read is counted against the same limit. A formula cell is noted in
 * `formulas` (its result read as text).
 */
async function* xlsxRecords(bytes: Buffer, formulas: { row: number; col: number }[]): AsyncGenerator<string[]> {
  const unzipped = declaredUnzippedBytes(bytes);
  if (unzipped === null) throw unreadableWorkbook();
  if (unzipped > MAX_XLSX_UNZIPPED_BYTES)
    throw whole('The Excel workbook is too large once opened: split it, or save it as CSV');
  const reader = new (loadExcel().stream.xlsx.WorkbookReader)(Readable.from([bytes]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // a date cell is a number with a date format
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let text = 0;
  const sheetIterator = reader[Symbol.asyncIterator]();
  try {
    const sheet = await sheetIterator.next().catch(() => {
      throw unreadableWorkbook();
    });
    if (sheet.done) throw whole('The workbook has no worksheet');
    const rows = sheet.value[Symbol.asyncIterator]();
    let next = 1;
    for (;;) {
      const got = await rows.next().catch(() => {
        throw unreadableWorkbook();
      });
      if (got.done) break;
      const row = got.value;
      if (row.number > XLSX_MAX_ROW) throw unreadableWorkbook();
      for (; next < row.number; next++) yield []; // the rows left out of the XML are empty
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        const v = cell.value;
        if (v && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v))
          formulas.push({ row: row.number, col: col - 1 });
        const t = cellText(v);
        text += t.length;
        cells[col - 1] = t;
      });
      if (text > MAX_XLSX_UNZIPPED_BYTES)
        throw whole('The Excel workbook is too large once opened: split it, or save it as CSV');
      next = row.number + 1;
      yield Array.from(cells, (c) => c ?? '');
    }
  } finally {
    // the other worksheets are not read: the zip's stream is let go
    await sheetIterator.return(undefined).catch(() => undefined);
  }
}

const unreadableWorkbook = () => whole('The Excel workbook cannot be read: save it again as .xlsx or as CSV');

/** A workbook cell as text: a date as its ISO day, a formula as its result, rich text and links as their text. */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  // exceljs reads a date cell as a Date at midnight UTC of the day shown
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('result' in v) return cellText((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('richText' in v)
      return (v as ExcelJS.CellRichTextValue).richText
        .map((t) => t.text)
        .join('')
        .trim();
    if ('text' in v) return String((v as ExcelJS.CellHyperlinkValue).text).trim();
    return '';
  }
  return String(v).trim();
}

const tooMany = (max: number) =>
  whole(`The file has more than ${max.toLocaleString('en-GB')} rows: split it into smaller files`);

const columnName = (h: string) => h.trim().toLowerCase().replace(/\s+/g, '_');

function checkHeader<C extends string>(header: string[], spec: TabularSpec<C>): void {
  if (!header.some((h) => h !== '')) throw whole(`The first row must name the columns: ${spec.columns.join(', ')}`);
  const problems: TabularRowError[] = spec.required
    .filter((c) => !header.includes(c))
    .map((c) => tabularRowError(1, c, `The first row must have a column named ${c}`));
  if (spec.refuseUnknownColumns)
    header.forEach((h) => {
      if (h && !(spec.columns as readonly string[]).includes(h))
        problems.push(tabularRowError(1, h, `${h} is not a column of this template: use ${spec.columns.join(', ')}`));
    });
  if (problems.length) throw new TabularFileError(problems);
}

const formulaProblems = (formulas: { row: number; col: number }[], header: string[]) =>
  new TabularFileError(
    formulas
      .slice(0, 1000)
      .map((f) =>
        tabularRowError(
          f.row,
          header[f.col] || `column_${f.col + 1}`,
          'The cell holds a formula: type the value itself (formulas are not read)',
        ),
      ),
  );

/** The data rows under the header, one at a time (a row's number is its record's; the header is row 1). */
async function* dataRows<C extends string>(
  records: AsyncIterator<string[]>,
  header: string[],
  spec: TabularSpec<C>,
  /** refuse formulas: a CSV's looked for here, a workbook's noted by its reader in this list; or null */
  refuse: 'csv' | { row: number; col: number }[] | null,
): AsyncGenerator<TabularRow<C>> {
  const index = Object.fromEntries(spec.columns.map((c) => [c, header.indexOf(c)])) as Record<C, number>;
  const csvFormulas = refuse === 'csv';
  const formulas: { row: number; col: number }[] = Array.isArray(refuse) ? refuse : [];
  let count = 0;
  try {
    for (let row = 2; ; row++) {
      const next = await records.next();
      if (next.done) break;
      const cells = next.value;
      if (csvFormulas)
        cells.forEach((c, col) => {
          if (formulas.length < 1000 && looksLikeFormula(c ?? '')) formulas.push({ row, col });
        });
      if (!cells.some((c) => (c ?? '').trim() !== '')) continue; // an empty row is no row
      if (count === spec.maxRows) throw tooMany(spec.maxRows);
      count++;
      const values = Object.fromEntries(
        spec.columns.map((c) => [c, index[c] >= 0 ? (cells[index[c]] ?? '').trim() : '']),
      ) as Record<C, string>;
      yield { row, values };
    }
  } finally {
    await records.return?.();
  }
  if (formulas.length) throw formulaProblems(formulas, header);
}
