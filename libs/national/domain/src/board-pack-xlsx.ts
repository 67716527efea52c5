import { loadExcel } from '@rep-hub/platform';
import type { Worksheet } from 'exceljs';
import { PackContent } from './board-packs.model';
import { GSS_KEY } from './comparison';

export const BOARD_PACK_XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The sheets of a pack's workbook, in order. */
export const BOARD_PACK_SHEETS = ['Cover', 'RAG summary', 'Exceptions', 'Reforms', 'Indicators', 'Data'] as const;

const cellOf = (v: { value: number | null; symbol: string | null }) => (v.value === null ? (v.symbol ?? 'x') : v.value);

function table(sheet: Worksheet, headers: string[], rows: (string | number | null)[][], widths: number[]): void {
  sheet.columns = headers.map((h, i) => ({ header: h, key: `c${i}`, width: widths[i] ?? 18 }));
  for (const r of rows) sheet.addRow(r);
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

/**
 * A pack as a workbook: a sheet per section (cover, RAG summary, exceptions, reforms), the
 * indicators' tables (partnership by period, with the national figure), and the tidy data of
 * every figure of the releases it names, a GSS symbol in the Value column where a value is withheld.
 */
export async function boardPackXlsx(c: PackContent, meta: { packVersion: number }): Promise<Buffer> {
  const wb = new (loadExcel().Workbook)();
  wb.creator = 'REP Hub';
  // fixed, so the workbook says nothing about when it was built (the pack's record does)
  wb.created = new Date(`${c.meetingDate}T00:00:00Z`);
  wb.modified = wb.created;

  const cover = wb.addWorksheet('Cover');
  cover.columns = [
    { header: 'Item', key: 'k', width: 28 },
    { header: 'Value', key: 'v', width: 90 },
  ];
  cover.addRow(['Title', c.title]);
  cover.addRow(['Meeting date', c.meetingDate]);
  cover.addRow(['Period', `${c.period.name} (${c.period.code})`]);
  cover.addRow(['Pack version', meta.packVersion]);
  cover.addRow([]);
  cover.addRow(['Releases the pack is built from', '']).font = { bold: true };
  for (const r of c.releases)
    cover.addRow([
      `${r.partnershipName}, ${r.periodName}`,
      `Release version ${r.version}, published ${r.publishedAt}${r.correctionReason ? `; corrects an earlier version: ${r.correctionReason}` : ''} (release ${r.id})`,
    ]);
  cover.addRow([]);
  cover.addRow(['Disclosure control', '']).font = { bold: true };
  for (const n of c.methodNotes) for (const line of n.split('\n')) cover.addRow(['', line]);
  cover.addRow([]);
  cover.addRow(['Symbols', '']).font = { bold: true };
  for (const words of GSS_KEY) cover.addRow(['', words]);
  cover.getRow(1).font = { bold: true };

  table(
    wb.addWorksheet('RAG summary'),
    ['Partnership', 'Indicator code', 'Indicator', 'RAG'],
    c.sections.ratings.map((r) => [r.partnershipName, r.indicatorCode, r.indicatorName, r.rag]),
    [30, 36, 50, 10],
  );
  table(
    wb.addWorksheet('Exceptions'),
    ['Partnership', 'Indicator code', 'Indicator', 'RAG', 'Owner', 'Commentary'],
    c.sections.exceptions.map((e) => [
      e.partnershipName,
      e.indicatorCode,
      e.indicatorName,
      e.rag,
      e.ownerName ?? '',
      e.commentary,
    ]),
    [30, 36, 50, 10, 30, 80],
  );
  table(
    wb.addWorksheet('Reforms'),
    ['Partnership', 'Reform', 'Local authority', 'Status', 'Note'],
    c.sections.reforms.map((r) => [r.partnershipName, r.reform, r.laName ?? '', r.status, r.note ?? '']),
    [30, 50, 30, 20, 60],
  );

  const ind = wb.addWorksheet('Indicators');
  ind.getColumn(1).width = 40;
  for (const i of c.indicators) {
    ind.addRow([`${i.name} (${i.code}, ${i.unit})`]).font = { bold: true };
    ind.addRow(['Partnership', ...i.periods.map((p) => p.name)]).font = { bold: true };
    for (const s of i.series) ind.addRow([s.partnershipName, ...s.values.map(cellOf)]);
    ind.addRow(['National', ...i.national.map(cellOf)]);
    ind.addRow([i.nationalNote]);
    ind.addRow([]);
  }

  table(
    wb.addWorksheet('Data'),
    [
      'Release id',
      'Partnership',
      'Period',
      'Release version',
      'Indicator code',
      'Indicator',
      'Unit',
      'Level',
      'LA number',
      'GSS code',
      'Local authority',
      'Numerator',
      'Denominator',
      'Value',
      'Symbol',
    ],
    c.data.map((d) => [
      d.releaseId,
      d.partnershipName,
      d.periodCode,
      d.releaseVersion,
      d.indicatorCode,
      d.indicatorName,
      d.unit,
      d.level,
      d.laNumber,
      d.gssCode,
      d.laName,
      d.numerator ?? d.symbol,
      d.denominator,
      d.value ?? d.symbol ?? 'x',
      d.symbol,
    ]),
    [38, 30, 16, 10, 36, 50, 12, 16, 10, 12, 24, 12, 12, 12, 8],
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
