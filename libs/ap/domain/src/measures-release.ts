import {
  CellInput,
  CellRef,
  ControlledRelease,
  controlRelease,
  GSS,
  ReleaseInput,
  ReleaseRow,
  releaseRows,
  sharedFile,
  SharedFile,
  SumInput,
} from '@rep-hub/disclosure';
import { loadExcel } from '@rep-hub/platform';
import { PLACEMENT_END_DESTINATIONS } from '@rep-hub/reference';
import {
  ALL_LAS,
  COLUMN_WIDTHS,
  definitionsSheet,
  MEASURE_COLUMNS,
  measureLine,
  MEASURES_CONTENT_TYPES,
  sectionFigures,
} from './measures-export';
import { MeasureSections, MeasuresResult } from './measures.model';

/** The kind of release (and so the disclosure rules) of the AP measures shared outside the partnership. */
export const AP_MEASURES_RELEASE = 'ap-measures';

/** The LA coordinate of the LAs in scope together. */
const PARTNERSHIP = 'partnership';
const TABLE = 'ap-measures';

/** Rates: [measure, breakdown of the rate, numerator breakdown, denominator breakdown] (all in one measure). */
const RATES: [string, string, string, string][] = [
  ['attendance', 'attendance_rate', 'attended_sessions', 'possible_sessions'],
  ['attendance', 'authorised_absence_rate', 'authorised_absence_sessions', 'possible_sessions'],
  ['attendance', 'unauthorised_absence_rate', 'unauthorised_absence_sessions', 'possible_sessions'],
  ['attendance', 'persistent_absence_rate', 'persistently_absent', 'placements_counted'],
  ['attendance', 'severe_absence_rate', 'severely_absent', 'placements_counted'],
  ['tier2_completion', 'rate', 'within_planned_time', 'ended'],
  ['reintegration', 'rate', 'reintegrated', 'ended'],
  ['sustained_reintegration', 'rate', 'held', 'due'],
];
/** Medians and means of days, built on the count of the same measure. */
const STATISTICS = new Set(['median_days', 'mean_days']);

/** Each total and the breakdowns that add up to it: [measure, breakdown] of the total, and the measures broken down. */
const BREAKDOWNS: [string, string, string[]][] = [
  ['referrals', 'total', ['referrals_by_requested_tier', 'referrals_by_reason', 'referrals_by_route']],
  ['commissions', 'total', ['commissions_by_tier', 'commissions_by_reason']],
  ['destinations', 'ended', ['destinations_by_destination', 'destinations_by_group']],
];
/**
 * Figures that are the same count shown twice, or made of others: [total, parts]. Every equality
 * between the figures must be here (an attacker would use one left out); inequalities (severely
 * absent ≤ persistently absent ≤ placements counted) are not modelled.
 */
const SAME: [[string, string], [string, string][]][] = [
  [['destinations', 'ended'], [['reintegration', 'ended']]],
  [['destinations', 'post16'], [['destinations_by_group', 'post16']]],
  [['destinations', 'neet'], [['destinations_by_group', 'neet']]],
  [
    ['reintegration', 'reintegrated'],
    [
      ['sustained_reintegration', 'due'],
      ['sustained_reintegration', 'waiting'],
    ],
  ],
  [['reintegration', 'reintegrated'], [['destinations_by_group', 'reintegration']]],
  // every possible session is attended, or an authorised or unauthorised absence
  [
    ['attendance', 'possible_sessions'],
    [
      ['attendance', 'attended_sessions'],
      ['attendance', 'authorised_absence_sessions'],
      ['attendance', 'unauthorised_absence_sessions'],
    ],
  ],
  // each destination group is the sum of its destinations
  ...[...new Set(PLACEMENT_END_DESTINATIONS.map((d) => d.outcomeGroup))].map(
    (group) =>
      [
        ['destinations_by_group', group],
        PLACEMENT_END_DESTINATIONS.filter((d) => d.outcomeGroup === group).map((d) => [
          'destinations_by_destination',
          d.code,
        ]),
      ] as [[string, string], [string, string][]],
  ),
];

const isRate = (measure: string, breakdown: string) => RATES.some(([m, b]) => m === measure && b === breakdown);

/**
 * The AP measures as a release for disclosure control: one table (local authority × measure ×
 * breakdown, the LAs in scope together as the LA dimension's total), its rates over the counts they
 * divide, medians and means over the count they describe, and the sums that hold between the
 * figures (each breakdown adds up to its total, a figure shown twice is one figure). A sum is
 * declared only where it holds in these figures, so that a record outside the code lists cannot
 * make control fail.
 */
export function measuresRelease(r: MeasuresResult): ReleaseInput {
  const cells: CellInput[] = [];
  const scopes: [string, MeasureSections][] = [
    ...r.las.map((l) => [l.laId, l] as [string, MeasureSections]),
    [PARTNERSHIP, r.partnership],
  ];
  const value = new Map<string, number>();
  const at = (la: string, measure: string, breakdown: string) => ({ la, measure, breakdown });
  for (const [la, s] of scopes) {
    for (const [measure, breakdown, v] of sectionFigures(s)) {
      if (isRate(measure, breakdown)) continue;
      if (STATISTICS.has(breakdown)) {
        cells.push({
          at: at(la, measure, breakdown),
          statistic: v ?? GSS.notApplicable,
          dependsOn: [{ table: TABLE, at: at(la, measure, 'count') }],
        });
        continue;
      }
      cells.push({ at: at(la, measure, breakdown), count: v ?? GSS.notAvailable });
      value.set(`${la}|${measure}|${breakdown}`, v ?? 0);
    }
    for (const [measure, breakdown, num, den] of RATES) {
      cells.push({
        at: at(la, measure, breakdown),
        rate: {
          numerator: { table: TABLE, at: at(la, measure, num) },
          denominator: { table: TABLE, at: at(la, measure, den) },
        },
      });
    }
  }
  const sums: SumInput[] = [];
  const ref = (la: string, measure: string, breakdown: string): CellRef => ({
    table: TABLE,
    at: at(la, measure, breakdown),
  });
  const add = (la: string, total: [string, string], parts: [string, string][]) => {
    const sum = parts.reduce((a, [m, b]) => a + (value.get(`${la}|${m}|${b}`) ?? NaN), 0);
    if (sum === value.get(`${la}|${total[0]}|${total[1]}`))
      sums.push({ total: ref(la, ...total), parts: parts.map(([m, b]) => ref(la, m, b)) });
  };
  for (const [la, s] of scopes) {
    const breakdownsOf = (measure: string) =>
      sectionFigures(s)
        .filter(([m]) => m === measure)
        .map(([m, b]) => [m, b] as [string, string]);
    for (const [measure, breakdown, parts] of BREAKDOWNS)
      for (const p of parts) add(la, [measure, breakdown], breakdownsOf(p));
    for (const [total, parts] of SAME) add(la, total, parts);
  }
  return {
    kind: AP_MEASURES_RELEASE,
    tables: [
      {
        name: TABLE,
        dimensions: [{ name: 'la', total: PARTNERSHIP }, { name: 'measure' }, { name: 'breakdown' }],
        cells,
      },
    ],
    sums,
  };
}

/** The AP measures controlled for sharing outside the partnership (default rules: counts 1 to 4 suppressed). */
export function controlledMeasures(r: MeasuresResult): ControlledRelease {
  return controlRelease(measuresRelease(r));
}

/** The tidy rows of a controlled release, in the columns of the partnership's own download. */
function sharedRows(r: MeasuresResult, rows: ReleaseRow[]): (string | number)[][] {
  const names = new Map(r.las.map((l) => [l.laId, l.laName]));
  return rows.map((x) => {
    const la = x.at['la'];
    const partnership = la === PARTNERSHIP;
    return measureLine({
      periodFrom: r.period.from,
      periodTo: r.period.to,
      scope: partnership ? 'partnership' : 'la',
      laId: partnership ? '' : la,
      laName: partnership ? ALL_LAS : (names.get(la) ?? la),
      measure: x.at['measure'],
      breakdown: x.at['breakdown'],
      value: null,
    }).map((v, i) => (i === VALUE_AT ? x.value : (v as string | number)));
  });
}

/** Where the value is in a row: a shared file's value may be a GSS symbol rather than a number. */
const VALUE_AT = MEASURE_COLUMNS.indexOf('value');

const csvCell = (v: string | number): string => {
  if (typeof v === 'number') return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The file name of the shared download: ap-measures-for-sharing-2025-09-01-to-2026-03-31.csv */
export const sharedMeasuresFilename = (r: MeasuresResult, format: 'csv' | 'xlsx') =>
  `ap-measures-for-sharing-${r.period.from}-to-${r.period.to}.${format}`;

/**
 * The CSV for sharing outside the partnership: the method note first, one line each starting with
 * "#", then the same columns as the partnership's own download, with GSS symbols in place of
 * suppressed or missing values.
 */
export function sharedMeasuresCsv(r: MeasuresResult, release: ControlledRelease): Promise<SharedFile> {
  return sharedFile(release, {
    contentType: MEASURES_CONTENT_TYPES.csv,
    filename: sharedMeasuresFilename(r, 'csv'),
    render: (rows, note) => Buffer.from(csvText(r, rows, note.lines), 'utf8'),
  });
}

/** The text of the shared CSV (for documentation examples): refuses a release control did not return. */
export function sharedMeasuresCsvText(r: MeasuresResult, release: ControlledRelease): string {
  return csvText(r, releaseRows(release), release.note.lines);
}

function csvText(r: MeasuresResult, rows: ReleaseRow[], note: readonly string[]): string {
  // comment lines (csv-parse's `comment: '#'`, pandas' `comment='#'`), not records
  const lines = [...note.map((l) => `# ${l.replace(/[\r\n]+/g, ' ')}`), MEASURE_COLUMNS.join(',')];
  for (const row of sharedRows(r, rows)) lines.push(row.map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** The XLSX for sharing: "measures" (the rows), "method" (the note of what control did), "definitions". */
export function sharedMeasuresXlsx(r: MeasuresResult, release: ControlledRelease): Promise<SharedFile> {
  return sharedFile(release, {
    contentType: MEASURES_CONTENT_TYPES.xlsx,
    filename: sharedMeasuresFilename(r, 'xlsx'),
    render: async (rows, note) => {
      const wb = new (loadExcel().Workbook)();
      wb.creator = 'REP Hub';
      const sheet = wb.addWorksheet('measures');
      sheet.columns = MEASURE_COLUMNS.map((c) => ({
        header: c,
        key: c,
        width: COLUMN_WIDTHS[c] ?? 16,
      }));
      for (const row of sharedRows(r, rows)) sheet.addRow(row);
      sheet.getRow(1).font = { bold: true };
      sheet.views = [{ state: 'frozen', ySplit: 1 }];
      const method = wb.addWorksheet('method');
      method.columns = [{ header: 'Disclosure control', key: 'line', width: 140 }];
      for (const line of note.lines) method.addRow({ line });
      method.getRow(1).font = { bold: true };
      definitionsSheet(wb);
      return Buffer.from(await wb.xlsx.writeBuffer());
    },
  });
}
