import { CASE_REASONS, MEASURE_DEFINITIONS, MeasureSections, MeasuresResult } from '@rep-hub/ap-domain';
import { PLACEMENT_END_DESTINATIONS } from '@rep-hub/reference';
import { ROUTE_LABELS } from './ap-case-view';
import { tierShort } from './ap-view';
import { barChart, formatDate } from '@rep-hub/web-surface';

/** A figure as the charts and tables say it. */
const show = (v: number | null, unit: string) => (v === null ? 'No data' : `${v.toLocaleString('en-GB')}${unit}`);

export interface ChartBlock {
  id: string;
  title: string;
  svg: string;
  table: { head: { text: string; format?: string }[]; rows: { text: string; format?: string }[][] };
}

export interface MeasureSectionView {
  id: string;
  heading: string;
  definition: string;
  charts: ChartBlock[];
}

type Column = { name: string; s: MeasureSections };

/**
 * One chart (of the LAs shown together) and its table (each LA, then all together), from a
 * list of rows: the label and how to read the figure from a set of sections.
 */
function block(
  id: string,
  title: string,
  columns: Column[],
  rows: { label: string; get: (s: MeasureSections) => number | null; unit?: string }[],
  unit = '',
): ChartBlock {
  const total = columns[columns.length - 1];
  const bars = rows.map((r) => ({ label: r.label, value: r.get(total.s) }));
  return {
    id,
    title,
    svg: barChart(id, `${title} (${total.name})`, bars, unit),
    table: {
      head: [{ text: 'Figure' }, ...columns.map((c) => ({ text: c.name, format: 'numeric' }))],
      rows: rows.map((r) => [
        { text: r.label },
        ...columns.map((c) => ({ text: show(r.get(c.s), r.unit ?? unit), format: 'numeric' })),
      ]),
    },
  };
}

const definition = (measure: string) => MEASURE_DEFINITIONS.find((d) => d.measure === measure)?.definition ?? '';
const reasonLabel = (code: string) => CASE_REASONS.find((r) => r.code === code)?.label ?? code;
const destinationLabel = (code: string) => PLACEMENT_END_DESTINATIONS.find((d) => d.code === code)?.label ?? code;
const GROUP_LABELS: Record<string, string> = {
  reintegration: 'Reintegration (mainstream school)',
  specialist: 'Specialist (special school)',
  ap: 'Alternative provision',
  post16: 'Post-16 education, employment or training',
  neet: 'NEET',
  unknown: 'Not known',
};

/** The page's sections: for each measure, its definition, charts and tables. */
export function measureSections(r: MeasuresResult): MeasureSectionView[] {
  // one LA: its own column only; several: each LA, then all of them together
  const columns: Column[] =
    r.las.length === 1
      ? [{ name: r.las[0].laName, s: r.las[0] }]
      : [
          ...r.las.map((l) => ({ name: l.laName, s: l as MeasureSections })),
          { name: 'All local authorities shown', s: r.partnership },
        ];
  const keys = (m: Record<string, number>) => Object.keys(m);
  const p = r.partnership;
  return [
    {
      id: 'referrals',
      heading: 'Referrals',
      definition: definition('referrals'),
      charts: [
        block('referrals-tier', 'Referrals by requested tier', columns, [
          ...keys(p.referrals.byRequestedTier).map((k) => ({
            label: tierShort(k),
            get: (s: MeasureSections) => s.referrals.byRequestedTier[k] ?? 0,
          })),
          { label: 'All referrals', get: (s) => s.referrals.total },
        ]),
        block(
          'referrals-reason',
          'Referrals by reason',
          columns,
          keys(p.referrals.byReason).map((k) => ({
            label: reasonLabel(k),
            get: (s: MeasureSections) => s.referrals.byReason[k] ?? 0,
          })),
        ),
        block(
          'referrals-route',
          'Referrals by route',
          columns,
          keys(p.referrals.byRoute).map((k) => ({
            label: ROUTE_LABELS[k as keyof typeof ROUTE_LABELS] ?? k,
            get: (s: MeasureSections) => s.referrals.byRoute[k] ?? 0,
          })),
        ),
      ],
    },
    {
      id: 'commissions',
      heading: 'Commissions',
      definition: definition('commissions'),
      charts: [
        block('commissions-tier', 'Commissions by tier', columns, [
          ...keys(p.commissions.byTier).map((k) => ({
            label: tierShort(k),
            get: (s: MeasureSections) => s.commissions.byTier[k] ?? 0,
          })),
          { label: 'All commissions', get: (s) => s.commissions.total },
        ]),
        block(
          'commissions-reason',
          'Commissions by reason',
          columns,
          keys(p.commissions.byReason).map((k) => ({
            label: reasonLabel(k),
            get: (s: MeasureSections) => s.commissions.byReason[k] ?? 0,
          })),
        ),
      ],
    },
    {
      id: 'timeliness',
      heading: 'Time from referral to decision and to placement',
      definition: `${definition('time_to_decision')} ${definition('time_to_placement')}`,
      charts: [
        block(
          'timeliness-days',
          'Days from referral, median and mean',
          columns,
          [
            { label: 'To decision: median', get: (s) => s.timeToDecision.medianDays },
            { label: 'To decision: mean', get: (s) => s.timeToDecision.meanDays },
            { label: 'To placement: median', get: (s) => s.timeToPlacement.medianDays },
            { label: 'To placement: mean', get: (s) => s.timeToPlacement.meanDays },
          ],
          ' days',
        ),
        block('timeliness-count', 'Cases counted: decisions and placement starts', columns, [
          { label: 'Decisions', get: (s) => s.timeToDecision.count },
          { label: 'Placement starts', get: (s) => s.timeToPlacement.count },
        ]),
      ],
    },
    {
      id: 'attendance',
      heading: 'Attendance',
      definition: definition('attendance'),
      charts: [
        block(
          'attendance-rates',
          'Attendance and absence rates',
          columns,
          [
            { label: 'Attendance', get: (s) => s.attendance.attendanceRate },
            { label: 'Authorised absence', get: (s) => s.attendance.authorisedAbsenceRate },
            { label: 'Unauthorised absence', get: (s) => s.attendance.unauthorisedAbsenceRate },
            { label: 'Placements persistently absent', get: (s) => s.attendance.persistentAbsenceRate },
            { label: 'Placements severely absent', get: (s) => s.attendance.severeAbsenceRate },
          ],
          '%',
        ),
        // one unit per chart: sessions in one, placements in the other
        block('attendance-sessions', 'Sessions counted', columns, [
          { label: 'Possible sessions', get: (s) => s.attendance.possibleSessions },
          { label: 'Sessions attended', get: (s) => s.attendance.attendedSessions },
          { label: 'Authorised absence sessions', get: (s) => s.attendance.authorisedAbsenceSessions },
          { label: 'Unauthorised absence sessions', get: (s) => s.attendance.unauthorisedAbsenceSessions },
        ]),
        block('attendance-placements', 'Placements counted for absence', columns, [
          { label: 'Placements with 10 or more possible sessions', get: (s) => s.attendance.placementsCounted },
          { label: 'Persistently absent (10% or more missed)', get: (s) => s.attendance.persistentlyAbsent },
          { label: 'Severely absent (50% or more missed)', get: (s) => s.attendance.severelyAbsent },
        ]),
      ],
    },
    {
      id: 'outcomes',
      heading: 'Tier 2 completion and reintegration',
      definition: `${definition('tier2_completion')} ${definition('reintegration')} ${definition('sustained_reintegration')}`,
      charts: [
        block(
          'outcomes-rates',
          'Tier 2 completion, reintegration and sustained reintegration rates',
          columns,
          [
            { label: 'Tier 2 within the planned time', get: (s) => s.tier2Completion.rate },
            { label: 'Reintegration', get: (s) => s.reintegration.rate },
            { label: 'Sustained reintegration', get: (s) => s.reintegration.sustained.rate },
          ],
          '%',
        ),
        // one unit per chart: placements ended in one, reintegrations followed up in the other
        block('outcomes-placements', 'Placements ended', columns, [
          { label: 'Tier 2 placements ended', get: (s) => s.tier2Completion.ended },
          { label: 'Tier 2 ended within the planned time', get: (s) => s.tier2Completion.withinPlannedTime },
          { label: 'Placements ended', get: (s) => s.reintegration.ended },
          { label: 'Reintegrated', get: (s) => s.reintegration.reintegrated },
        ]),
        block('outcomes-followups', 'Reintegrations followed up', columns, [
          { label: 'Reintegrations with every follow-up due', get: (s) => s.reintegration.sustained.due },
          { label: 'Held at every follow-up', get: (s) => s.reintegration.sustained.held },
          { label: 'Follow-ups still to come', get: (s) => s.reintegration.sustained.waiting },
        ]),
      ],
    },
    {
      id: 'destinations',
      heading: 'Destinations',
      definition: definition('destinations'),
      charts: [
        block('destinations-all', 'Placements ended by destination', columns, [
          ...keys(p.destinations.byDestination).map((k) => ({
            label: destinationLabel(k),
            get: (s: MeasureSections) => s.destinations.byDestination[k] ?? 0,
          })),
          { label: 'All placements ended', get: (s: MeasureSections) => s.destinations.ended },
        ]),
        block(
          'destinations-group',
          'Placements ended by destination group',
          columns,
          keys(p.destinations.byOutcomeGroup).map((k) => ({
            label: GROUP_LABELS[k] ?? k,
            get: (s: MeasureSections) => s.destinations.byOutcomeGroup[k] ?? 0,
          })),
        ),
      ],
    },
  ];
}

export const periodText = (r: MeasuresResult) => `${formatDate(r.period.from)} to ${formatDate(r.period.to)}`;
