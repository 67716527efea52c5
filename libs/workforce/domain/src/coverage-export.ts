import { csvCell, loadExcel } from '@rep-hub/platform';
import { COVERAGE_MEASURES } from './coverage.model';
import type { CoverageFigures, CoverageResult } from './coverage.model';

/** The columns of a coverage download: the words first, the figure and what it is out of, then the codes. */
export const COVERAGE_COLUMNS = [
  'period_from',
  'period_to',
  'scope',
  'la_name',
  'measure_label',
  'value',
  'numerator',
  'denominator',
  'la_id',
  'measure',
] as const;

export const COVERAGE_CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

type Cell = string | number | null;

/** One row per (LA or partnership, measure): each LA shown, then the LAs together. */
export function coverageRows(r: CoverageResult): Cell[][] {
  const scopes: { scope: string; laId: string; laName: string; f: CoverageFigures }[] = [
    ...r.las.map((l) => ({ scope: 'la', laId: l.laId, laName: l.laName, f: l as CoverageFigures })),
    {
      scope: r.scope,
      laId: '',
      laName: r.scope === 'partnership' ? 'Partnership' : 'Local authorities shown',
      f: r.partnership,
    },
  ];
  return scopes.flatMap((s) =>
    COVERAGE_MEASURES.map(({ def, of }) => {
      const v = of(s.f);
      return [
        r.period.from,
        r.period.to,
        s.scope,
        s.laName,
        def.name,
        v.value,
        v.numerator,
        v.denominator,
        s.laId,
        def.code,
      ];
    }),
  );
}

/** The CSV: a header row, then the rows, every cell through the platform's formula guard. */
export function coverageCsv(r: CoverageResult): string {
  const lines = [COVERAGE_COLUMNS.join(','), ...coverageRows(r).map((row) => row.map(csvCell).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** A workbook of two sheets: the figures ("coverage") and what each counts ("definitions"). */
export async function coverageXlsx(r: CoverageResult): Promise<Buffer> {
  const wb = new (loadExcel().Workbook)();
  wb.creator = 'REP Hub';
  const sheet = wb.addWorksheet('coverage');
  sheet.columns = COVERAGE_COLUMNS.map((c) => ({ header: c, key: c, width: c === 'measure_label' ? 44 : 18 }));
  for (const row of coverageRows(r)) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const defs = wb.addWorksheet('definitions');
  defs.columns = [
    { header: 'measure', key: 'measure', width: 36 },
    { header: 'measure_label', key: 'label', width: 40 },
    { header: 'unit', key: 'unit', width: 12 },
    { header: 'numerator', key: 'numerator', width: 80 },
    { header: 'denominator', key: 'denominator', width: 80 },
  ];
  for (const { def } of COVERAGE_MEASURES)
    defs.addRow({
      measure: def.code,
      label: def.name,
      unit: def.unit,
      numerator: def.numerator,
      denominator: def.denominator ?? '',
    });
  defs.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const coverageFilename = (r: CoverageResult, format: 'csv' | 'xlsx') =>
  `workforce-coverage-${r.period.from}-to-${r.period.to}.${format}`;
