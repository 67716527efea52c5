import { csvCell, loadExcel } from '@rep-hub/platform';
import type { ValuesOverTime } from './indicator-library.model';

const HEADERS = [
  'Indicator code',
  'Indicator',
  'Definition version',
  'Source',
  'Period',
  'Period name',
  'Local authority',
  'Numerator',
  'Denominator',
  'Value',
  'Unit',
];

/** One line per period and LA, then the partnership's line for the period ("Partnership" as its LA). */
function rows(v: ValuesOverTime): (string | number | null)[][] {
  const d = v.definition;
  const out: (string | number | null)[][] = [];
  for (const p of v.periods) {
    const base = [d.code, d.name, d.version, d.source, p.period.code, p.period.name];
    for (const la of p.las) out.push([...base, la.laName, la.numerator, la.denominator, la.value, d.unit]);
    out.push([...base, 'Partnership', p.partnership.numerator, p.partnership.denominator, p.partnership.value, d.unit]);
  }
  return out;
}

/** An indicator's values over time as CSV: the partnership's own, unsuppressed figures. */
export function valuesCsv(v: ValuesOverTime): string {
  const lines = [HEADERS.map(csvCell).join(','), ...rows(v).map((r) => r.map(csvCell).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** The same as a workbook, with a second sheet of the definition. */
export async function valuesXlsx(v: ValuesOverTime): Promise<Buffer> {
  const wb = new (loadExcel().Workbook)();
  wb.creator = 'REP Hub';
  const sheet = wb.addWorksheet('values');
  sheet.columns = HEADERS.map((h, i) => ({ header: h, key: `c${i}`, width: i === 1 ? 40 : 16 }));
  for (const r of rows(v)) sheet.addRow(r);
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const def = wb.addWorksheet('definition');
  def.columns = [
    { header: 'Field', key: 'k', width: 20 },
    { header: 'Value', key: 'v', width: 80 },
  ];
  const d = v.definition;
  for (const [k, val] of [
    ['Code', d.code],
    ['Name', d.name],
    ['Version', String(d.version)],
    ['Source', d.source],
    ['Unit', d.unit],
    ['Numerator', d.numerator],
    ['Denominator', d.denominator ?? ''],
    ['Direction', d.direction],
  ])
    def.addRow({ k, v: val });
  def.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const valuesFilename = (v: ValuesOverTime, format: 'csv' | 'xlsx') =>
  `indicator-${v.definition.code.replace(/\./g, '-')}-${v.periods[0]?.period.code ?? ''}-to-${v.periods[v.periods.length - 1]?.period.code ?? ''}.${format}`;

export const VALUES_CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
