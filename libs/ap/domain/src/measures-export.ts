import { csvCell, loadExcel } from '@rep-hub/platform';
import type { Workbook } from 'exceljs';
import { breakdownLabel, measureLabel } from './measure-labels';
import { MEASURE_DEFINITIONS, MeasureSections, MeasuresResult } from './measures.model';

/** One row of the tidy table: one figure of one LA (or of the LAs in scope together). */
export interface MeasureRow {
  periodFrom: string;
  periodTo: string;
  scope: 'la' | 'partnership';
  laId: string;
  laName: string;
  measure: string;
  breakdown: string;
  value: number | null;
}

/**
 * The columns of a measures download: the words first (the LA's name, the measure and the
 * breakdown as a reader says them) and the value, then the codes in their own columns for programs.
 */
export const MEASURE_COLUMNS = [
  'period_from',
  'period_to',
  'scope',
  'la_name',
  'measure_label',
  'breakdown_label',
  'value',
  'la_id',
  'measure',
  'breakdown',
] as const;

/** One row of a download in MEASURE_COLUMNS' order. */
export function measureLine(x: MeasureRow): (string | number | null)[] {
  return [
    x.periodFrom,
    x.periodTo,
    x.scope,
    x.laName,
    measureLabel(x.measure),
    breakdownLabel(x.measure, x.breakdown),
    x.value,
    x.laId,
    x.measure,
    x.breakdown,
  ];
}

/** The widths of a measures sheet's wider columns. */
export const COLUMN_WIDTHS: Partial<Record<(typeof MEASURE_COLUMNS)[number], number>> = {
  la_name: 32,
  measure_label: 40,
  breakdown_label: 48,
  la_id: 38,
  measure: 30,
  breakdown: 30,
};

/** The name of the row of the LAs in scope together. */
export const ALL_LAS = 'All local authorities in scope';

/** Every figure of one set of sections as [measure, breakdown, value], in a fixed order. */
export function sectionFigures(s: MeasureSections): [string, string, number | null][] {
  const out: [string, string, number | null][] = [];
  const map = (measure: string, m: Record<string, number>) => {
    for (const [k, v] of Object.entries(m)) out.push([measure, k, v]);
  };
  out.push(['referrals', 'total', s.referrals.total]);
  map('referrals_by_requested_tier', s.referrals.byRequestedTier);
  map('referrals_by_reason', s.referrals.byReason);
  map('referrals_by_route', s.referrals.byRoute);
  out.push(['commissions', 'total', s.commissions.total]);
  map('commissions_by_tier', s.commissions.byTier);
  map('commissions_by_reason', s.commissions.byReason);
  for (const [measure, d] of [
    ['time_to_decision', s.timeToDecision],
    ['time_to_placement', s.timeToPlacement],
  ] as const) {
    out.push([measure, 'count', d.count], [measure, 'median_days', d.medianDays], [measure, 'mean_days', d.meanDays]);
  }
  const a = s.attendance;
  out.push(
    ['attendance', 'possible_sessions', a.possibleSessions],
    ['attendance', 'attended_sessions', a.attendedSessions],
    ['attendance', 'authorised_absence_sessions', a.authorisedAbsenceSessions],
    ['attendance', 'unauthorised_absence_sessions', a.unauthorisedAbsenceSessions],
    ['attendance', 'attendance_rate', a.attendanceRate],
    ['attendance', 'authorised_absence_rate', a.authorisedAbsenceRate],
    ['attendance', 'unauthorised_absence_rate', a.unauthorisedAbsenceRate],
    ['attendance', 'placements_counted', a.placementsCounted],
    ['attendance', 'persistently_absent', a.persistentlyAbsent],
    ['attendance', 'persistent_absence_rate', a.persistentAbsenceRate],
    ['attendance', 'severely_absent', a.severelyAbsent],
    ['attendance', 'severe_absence_rate', a.severeAbsenceRate],
    ['tier2_completion', 'ended', s.tier2Completion.ended],
    ['tier2_completion', 'within_planned_time', s.tier2Completion.withinPlannedTime],
    ['tier2_completion', 'rate', s.tier2Completion.rate],
    ['reintegration', 'ended', s.reintegration.ended],
    ['reintegration', 'reintegrated', s.reintegration.reintegrated],
    ['reintegration', 'rate', s.reintegration.rate],
    ['sustained_reintegration', 'due', s.reintegration.sustained.due],
    ['sustained_reintegration', 'held', s.reintegration.sustained.held],
    ['sustained_reintegration', 'rate', s.reintegration.sustained.rate],
    ['sustained_reintegration', 'waiting', s.reintegration.sustained.waiting],
    ['destinations', 'ended', s.destinations.ended],
  );
  map('destinations_by_destination', s.destinations.byDestination);
  map('destinations_by_group', s.destinations.byOutcomeGroup);
  out.push(['destinations', 'post16', s.destinations.post16], ['destinations', 'neet', s.destinations.neet]);
  return out;
}

/** The tidy long table: each LA's figures, then those of the LAs in scope together. */
export function measureRows(r: MeasuresResult): MeasureRow[] {
  const base = { periodFrom: r.period.from, periodTo: r.period.to };
  const rows: MeasureRow[] = [];
  for (const la of r.las) {
    for (const [measure, breakdown, value] of sectionFigures(la))
      rows.push({ ...base, scope: 'la', laId: la.laId, laName: la.laName, measure, breakdown, value });
  }
  for (const [measure, breakdown, value] of sectionFigures(r.partnership))
    rows.push({ ...base, scope: 'partnership', laId: '', laName: ALL_LAS, measure, breakdown, value });
  return rows;
}

/** A CSV cell: quoted when needed, and never read as a formula by a spreadsheet (the shared guard). */
const cell = csvCell;

export function measuresCsv(r: MeasuresResult): string {
  const lines = [MEASURE_COLUMNS.join(',')];
  for (const x of measureRows(r)) lines.push(measureLine(x).map(cell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** A workbook of two sheets: the tidy table ("measures") and what each measure means ("definitions"). */
export async function measuresXlsx(r: MeasuresResult): Promise<Buffer> {
  const wb = new (loadExcel().Workbook)();
  wb.creator = 'REP Hub';
  const sheet = wb.addWorksheet('measures');
  sheet.columns = MEASURE_COLUMNS.map((c) => ({
    header: c,
    key: c,
    width: COLUMN_WIDTHS[c] ?? 16,
  }));
  for (const x of measureRows(r)) sheet.addRow(measureLine(x));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  definitionsSheet(wb, [
    {
      measure: 'rates',
      title: 'Rates',
      definition: 'Percentages to one decimal place; empty when there is nothing to divide by (not 0).',
    },
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The "definitions" sheet of a measures workbook: what each measure means, then any rows given. */
export function definitionsSheet(
  wb: Workbook,
  extra: { measure: string; title: string; definition: string }[] = [],
): void {
  const defs = wb.addWorksheet('definitions');
  defs.columns = [
    { header: 'measure', key: 'measure', width: 26 },
    { header: 'title', key: 'title', width: 36 },
    { header: 'definition', key: 'definition', width: 120 },
  ];
  for (const d of [...MEASURE_DEFINITIONS, ...extra]) defs.addRow(d);
  defs.getRow(1).font = { bold: true };
}

/** The download's file name, with the period: ap-measures-2025-09-01-to-2026-03-31.csv */
export const measuresFilename = (r: MeasuresResult, format: 'csv' | 'xlsx') =>
  `ap-measures-${r.period.from}-to-${r.period.to}.${format}`;

export const MEASURES_CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
