import ExcelJS from 'exceljs';
import { openTabularFile, readTabularFile, TabularFileError } from './tabular-upload';

const spec = {
  columns: ['name', 'email'] as const,
  required: ['name'] as const,
  maxRows: 3,
  refuseFormulas: true,
  refuseUnknownColumns: true,
};

const problemsOf = async (p: Promise<unknown>) => {
  const error = await p.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TabularFileError);
  return (error as TabularFileError).errors.map((e) => `${e.field}: ${e.message}`);
};

describe('the shared reader of uploaded tables, row by row', () => {
  it('numbers each row by its record (a quoted cell over two lines is one row), skips empty rows and trims', async () => {
    const { format, rows } = await readTabularFile(
      Buffer.from('\uFEFFName , Email\r\n Ann ,a@x.example\r\n\r\n"Bo\nB",b@x.example\r\n', 'utf8'),
      'people.csv',
      spec,
    );
    expect(format).toBe('csv');
    expect(rows).toEqual([
      { row: 2, values: { name: 'Ann', email: 'a@x.example' } },
      { row: 4, values: { name: 'Bo\nB', email: 'b@x.example' } },
    ]);
  });

  it('checks the header before any row, then yields rows one at a time as they are parsed', async () => {
    expect(await problemsOf(openTabularFile(Buffer.from('email,age\n'), 'x.csv', spec))).toEqual([
      'rows[1].name: The first row must have a column named name',
      'rows[1].age: age is not a column of this template: use name, email',
    ]);
    const { rows } = await openTabularFile(Buffer.from('name\nAnn\nBo\n'), 'x.csv', spec);
    const it = rows[Symbol.asyncIterator]();
    expect((await it.next()).value).toEqual({ row: 2, values: { name: 'Ann', email: '' } });
    await it.return?.();
  });

  it('refuses, once every row is read, the CSV cells a spreadsheet would run as formulas; and one row too many', async () => {
    const { rows } = await openTabularFile(
      Buffer.from('name,email\nAnn,a@x.example\n=1+2,b@x.example\n'),
      'x.csv',
      spec,
    );
    const seen: number[] = [];
    const read = (async () => {
      for await (const r of rows) seen.push(r.row);
    })();
    expect(await problemsOf(read)).toEqual([
      'rows[3].name: The cell holds a formula: type the value itself (formulas are not read)',
    ]);
    expect(seen).toEqual([2, 3]);
    expect(await problemsOf(readTabularFile(Buffer.from('name\na\nb\nc\nd\n'), 'x.csv', spec))).toEqual([
      'rows[1].file: The file has more than 3 rows: split it into smaller files',
    ]);
  });

  it('refuses a file not in UTF-8 unread, and names the line a CSV stops being readable', async () => {
    expect(await problemsOf(readTabularFile(Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0xe9]), 'x.csv', spec))).toEqual(
      ['rows[1].file: The file must be a CSV file saved as UTF-8, or an Excel workbook (.xlsx)'],
    );
    expect(await problemsOf(readTabularFile(Buffer.from('name\nAnn\n"Bo\n'), 'x.csv', spec))).toEqual([
      'rows[3].file: The CSV file cannot be read: check its quotes and separators (commas)',
    ]);
  });

  /** A workbook of one worksheet of these rows (the header first), and a second worksheet not to be read. */
  const workbook = async (rows: ExcelJS.CellValue[][]) => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('People');
    rows.forEach((r, i) => {
      if (r.length) sheet.getRow(i + 1).values = r;
    });
    wb.addWorksheet('Other').addRow(['name', 'email']).commit();
    return Buffer.from(await wb.xlsx.writeBuffer());
  };

  it('reads a workbook’s first worksheet as a stream, a row at a time: numbered by row, a date cell as its day', async () => {
    const bytes = await workbook([
      ['Name', 'Email'],
      ['Ann', 'a@x.example'],
      [],
      [{ richText: [{ text: 'B' }, { text: 'o ' }] }, new Date(Date.UTC(2026, 9, 5))],
    ]);
    const { format, rows } = await openTabularFile(bytes, 'people.xlsx', spec);
    expect(format).toBe('xlsx');
    const it = rows[Symbol.asyncIterator]();
    expect((await it.next()).value).toEqual({ row: 2, values: { name: 'Ann', email: 'a@x.example' } });
    expect((await it.next()).value).toEqual({ row: 4, values: { name: 'Bo', email: '2026-10-05' } });
    expect((await it.next()).done).toBe(true);
    expect(await problemsOf(openTabularFile(await workbook([['email', 'age']]), 'x.xlsx', spec))).toEqual([
      'rows[1].name: The first row must have a column named name',
      'rows[1].age: age is not a column of this template: use name, email',
    ]);
  });

  it('refuses a workbook’s formulas once its rows are read, one row too many, and a damaged or cut-short zip', async () => {
    const { rows } = await openTabularFile(
      await workbook([
        ['name', 'email'],
        ['Ann', 'a@x.example'],
        [{ formula: '"B"&"o"', result: 'Bo' }, 'b@x.example'],
      ]),
      'x.xlsx',
      spec,
    );
    const seen: number[] = [];
    const read = (async () => {
      for await (const r of rows) seen.push(r.row);
    })();
    expect(await problemsOf(read)).toEqual([
      'rows[3].name: The cell holds a formula: type the value itself (formulas are not read)',
    ]);
    expect(seen).toEqual([2, 3]);
    const five = await workbook([['name'], ['a'], ['b'], ['c'], ['d']]);
    expect(await problemsOf(readTabularFile(five, 'x.xlsx', spec))).toEqual([
      'rows[1].file: The file has more than 3 rows: split it into smaller files',
    ]);
    // the zip's entries damaged in the middle, its directory intact: found as the stream is inflated
    const broken = Buffer.from(five);
    for (let i = Math.floor(broken.length / 4); i < broken.length / 2; i++) broken[i] ^= 0x5a;
    expect(await problemsOf(readTabularFile(broken, 'x.xlsx', spec))).toEqual([
      'rows[1].file: The Excel workbook cannot be read: save it again as .xlsx or as CSV',
    ]);
    expect(await problemsOf(readTabularFile(five.subarray(0, five.length - 30), 'x.xlsx', spec))).toEqual([
      'rows[1].file: The Excel workbook cannot be read: save it again as .xlsx or as CSV',
    ]);
  });
});
