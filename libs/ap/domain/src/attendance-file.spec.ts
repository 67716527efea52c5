import ExcelJS from 'exceljs';
import {
  AttendanceFileError,
  declaredUnzippedBytes,
  MAX_XLSX_UNZIPPED_BYTES,
  readAttendanceFile,
} from './attendance-file';

/** A zip with a local header and one central directory entry declaring `size` bytes unzipped (a zip bomb's shape). */
function zipDeclaring(size: number): Buffer {
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  const central = Buffer.alloc(46 + 1);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(1, 28); // a one-letter name
  central.write('x', 46);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length, 12);
  end.writeUInt32LE(local.length, 16);
  return Buffer.concat([local, central, end]);
}

const problemOf = async (bytes: Buffer) => {
  const error = await readAttendanceFile(bytes, 'attendance.xlsx').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AttendanceFileError);
  return (error as AttendanceFileError).errors.map((e) => `${e.field}: ${e.message}`);
};

describe('reading an attendance workbook', () => {
  it('reads a real workbook, whose declared unzipped size is small', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('attendance');
    sheet.addRow(['case_reference', 'date', 'session', 'code', 'note']);
    sheet.addRow(['AP-000001', '2026-11-23', 'AM', '/', '']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const declared = declaredUnzippedBytes(bytes);
    expect(declared).toBeGreaterThan(bytes.length);
    expect(declared).toBeLessThan(MAX_XLSX_UNZIPPED_BYTES);
    const { format, rows } = await readAttendanceFile(bytes, 'attendance.xlsx');
    expect(format).toBe('xlsx');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      row: 2,
      values: { case_reference: 'AP-000001', date: '2026-11-23', session: 'AM', code: '/' },
    });
  });

  it('refuses, unread, a small file that would inflate past the limit (a zip bomb), and a zip with no readable directory', async () => {
    expect(declaredUnzippedBytes(zipDeclaring(MAX_XLSX_UNZIPPED_BYTES + 1))).toBe(MAX_XLSX_UNZIPPED_BYTES + 1);
    expect(await problemOf(zipDeclaring(MAX_XLSX_UNZIPPED_BYTES + 1))).toEqual([
      'rows[1].file: The Excel workbook is too large once opened: split it, or save it as CSV',
    ]);
    expect(await problemOf(zipDeclaring(0xffffffff))).toEqual([
      'rows[1].file: The Excel workbook cannot be read: save it again as .xlsx or as CSV',
    ]);
    const truncated = zipDeclaring(10).subarray(0, 40);
    expect(declaredUnzippedBytes(truncated)).toBeNull();
  });
});
