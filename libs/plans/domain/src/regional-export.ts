import { csvCell, loadExcel } from '@rep-hub/platform';
import { RegionalView } from './regional.model';

export const STATUS_LABELS: Record<string, string> = {
  draft: 'Draft',
  co_production: 'In co-production',
  signed_off: 'Signed off',
  published: 'Published',
  superseded: 'Superseded',
};

/** The columns of the regional table: readable headers, and each code in a column of its own. */
function columns(v: RegionalView): { header: string; width: number }[] {
  return [
    { header: 'Local authority', width: 30 },
    { header: 'LA number', width: 10 },
    { header: 'Plan', width: 40 },
    { header: 'Latest version', width: 10 },
    { header: 'Latest version status', width: 20 },
    { header: 'Latest version status code', width: 20 },
    { header: 'Published on', width: 14 },
    { header: 'Review date', width: 14 },
    { header: 'Review overdue', width: 10 },
    { header: 'Overdue actions', width: 10 },
    { header: 'Academic year', width: 12 },
    ...v.placeTypes.map((t) => ({ header: `Places short: ${t.name}`, width: 18 })),
  ];
}

function rows(v: RegionalView): (string | number | null)[][] {
  return v.las.map((la) => [
    la.laName,
    la.laNumber,
    la.plan?.title ?? 'No plan',
    la.plan ? la.plan.latestNumber : null,
    la.plan ? (STATUS_LABELS[la.plan.latestStatus] ?? la.plan.latestStatus) : null,
    la.plan?.latestStatus ?? null,
    la.plan?.publishedAt ? la.plan.publishedAt.slice(0, 10) : null,
    la.plan?.reviewOn ?? null,
    la.plan ? (la.plan.reviewOverdue ? 'Yes' : 'No') : null,
    la.overdueActions,
    v.academicYear,
    ...v.placeTypes.map((t) => la.gaps[t.code]),
  ]);
}

/** The regional view as CSV (one line per LA; an empty gap means no row, or AP places unavailable). */
export function regionalCsv(v: RegionalView): string {
  const lines = [
    columns(v)
      .map((c) => csvCell(c.header))
      .join(','),
  ];
  for (const r of rows(v)) lines.push(r.map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** The same as a workbook, with a second sheet of the gaps one per line, place type code and name in columns of their own. */
export async function regionalXlsx(v: RegionalView): Promise<Buffer> {
  const wb = new (loadExcel().Workbook)();
  wb.creator = 'REP Hub';
  const sheet = wb.addWorksheet('regional view');
  sheet.columns = columns(v).map((c, i) => ({ header: c.header, key: `c${i}`, width: c.width }));
  for (const r of rows(v)) sheet.addRow(r);
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const gaps = wb.addWorksheet('sufficiency gaps');
  gaps.columns = [
    { header: 'Local authority', key: 'la', width: 30 },
    { header: 'LA number', key: 'laNumber', width: 10 },
    { header: 'Place type', key: 'type', width: 36 },
    { header: 'Place type code', key: 'code', width: 22 },
    { header: 'Academic year', key: 'year', width: 12 },
    { header: 'Places short (forecast − current)', key: 'gap', width: 18 },
  ];
  for (const la of v.las)
    for (const t of v.placeTypes)
      if (la.gaps[t.code] !== null)
        gaps.addRow({
          la: la.laName,
          laNumber: la.laNumber,
          type: t.name,
          code: t.code,
          year: v.academicYear,
          gap: la.gaps[t.code],
        });
  gaps.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const regionalFilename = (v: RegionalView, format: 'csv' | 'xlsx') =>
  `inclusion-plans-regional-${v.academicYear.replace('/', '-')}-${v.today}.${format}`;

export const REGIONAL_CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
