import { csvCell, loadExcel } from '@rep-hub/platform';
import { RETURN_STATUS_LABELS, ReturnView } from './returns.model';

export const RETURN_EXPORT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

const HEADERS = [
  'Period',
  'Return version',
  'Status',
  'Indicator',
  'Indicator code',
  'Source',
  'Definition version',
  'Local authority',
  'Local authority id',
  'Numerator',
  'Denominator',
  'Value',
  'Present',
  'On time',
  'Lineage',
];

function lineageText(f: ReturnView['figures'][number]): string {
  const l = f.lineage;
  if (l.kind === 'computed') return `${l.module} query version ${l.queryVersion}, computed ${l.computedAt}`;
  if (l.kind === 'submitted')
    return l.uploadId
      ? `upload ${l.uploadId} (sha256 ${l.uploadSha256 ?? ''}), ${l.enteredAt}`
      : `entered ${l.enteredAt}`;
  return 'missing';
}

function rows(v: ReturnView): (string | number | null)[][] {
  return v.figures.map((f) => [
    v.period,
    v.returnVersion,
    RETURN_STATUS_LABELS[v.status],
    f.indicatorName,
    f.indicatorCode,
    f.source,
    f.definitionVersion,
    f.laName,
    f.laId ?? '',
    f.numerator,
    f.denominator,
    f.value,
    f.present ? 'Yes' : 'No',
    f.onTime ? 'Yes' : 'No',
    lineageText(f),
  ]);
}

/** A return's figures as CSV: one line per indicator and LA (and the partnership), with its lineage. */
export function returnCsv(v: ReturnView): string {
  const lines = [HEADERS.map(csvCell).join(',')];
  for (const r of rows(v)) lines.push(r.map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** The same as a workbook, with a second sheet of the ratings. */
export async function returnXlsx(v: ReturnView): Promise<Buffer> {
  const wb = new (loadExcel().Workbook)();
  wb.creator = 'REP Hub';
  const sheet = wb.addWorksheet('figures');
  sheet.columns = HEADERS.map((h, i) => ({ header: h, key: `c${i}`, width: i === 3 || i === 14 ? 50 : 16 }));
  for (const r of rows(v)) sheet.addRow(r);
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const ratings = wb.addWorksheet('ratings');
  ratings.columns = [
    { header: 'Indicator code', key: 'code', width: 36 },
    { header: 'RAG', key: 'rag', width: 8 },
    { header: 'Exception', key: 'exception', width: 10 },
    { header: 'Owner', key: 'owner', width: 30 },
    { header: 'Commentary', key: 'commentary', width: 60 },
  ];
  for (const r of v.ratings)
    ratings.addRow({
      code: r.indicatorCode,
      rag: r.rag,
      exception: r.exception ? 'Yes' : 'No',
      owner: r.ownerName ?? '',
      commentary: r.commentary,
    });
  ratings.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function returnFilename(v: ReturnView, format: 'csv' | 'xlsx'): string {
  return `evidence-return-${v.period}-v${v.returnVersion}.${format}`;
}
