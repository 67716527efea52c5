import { barChart } from '@rep-hub/web-surface';
import { COVERAGE_MEASURES } from '@rep-hub/workforce-domain';
import type { CoverageFigures, CoverageResult } from '@rep-hub/workforce-domain';

/** A figure as the charts and tables say it. */
const show = (v: number | null, unit: string) => (v === null ? 'No data' : `${v.toLocaleString('en-GB')}${unit}`);

export interface CoverageSection {
  id: string;
  heading: string;
  /** What is counted and what it is out of, said on the page. */
  definition: string;
  svg: string;
  table: { head: { text: string; format?: string }[]; rows: { text: string; format?: string }[][] };
}

type Column = { name: string; f: CoverageFigures };

const measure = (code: string) => COVERAGE_MEASURES.find((m) => m.def.code === `workforce.${code}`)!;

/** The figure of a measure as the page shows it: a rate with what it is out of, or a count. */
function cell(code: string, f: CoverageFigures): string {
  const { def, of } = measure(code);
  const v = of(f);
  if (def.unit !== 'percentage') return show(v.value, '');
  return `${show(v.value, '%')} (${v.numerator} of ${v.denominator})`;
}

/**
 * The page's sections: for each group of figures a chart of each LA's (a rate, or a count) and a
 * table of every figure for each LA and the LAs together, with the denominator stated.
 */
export function coverageSections(r: CoverageResult): CoverageSection[] {
  const total = r.scope === 'partnership' ? 'Partnership' : 'Your local authorities together';
  const columns: Column[] = [
    ...r.las.map((l) => ({ name: l.laName, f: l as CoverageFigures })),
    { name: total, f: r.partnership },
  ];
  const section = (
    id: string,
    heading: string,
    definition: string,
    chart: { code: string; unit: string; title: string },
    codes: string[],
  ): CoverageSection => ({
    id,
    heading,
    definition,
    svg: barChart(
      `chart-${id}`,
      chart.title,
      columns.map((c) => ({ label: c.name, value: measure(chart.code).of(c.f).value })),
      chart.unit,
    ),
    table: {
      head: [{ text: 'Figure' }, ...columns.map((c) => ({ text: c.name, format: 'numeric' }))],
      rows: codes.map((code) => [
        { text: measure(code).def.name },
        ...columns.map((c) => ({ text: cell(code, c.f), format: 'numeric' })),
      ]),
    },
  });
  const senco = measure('settings_with_qualified_senco').def;
  return [
    section(
      'places',
      'Funded places filled',
      `${measure('places_filled_rate').def.numerator}, out of the ${measure('places_filled_rate').def.denominator!.toLowerCase()}.`,
      { code: 'places_filled_rate', unit: '%', title: 'Funded places filled, by local authority' },
      ['places_funded', 'places_filled_rate'],
    ),
    section(
      'senco',
      'Settings with a qualified SENCO',
      `Out of ${senco.denominator!.replace(/^The/, 'the')}. Qualified: ${senco.numerator.toLowerCase()}. Inside the window: ${measure('settings_with_senco_in_window').def.numerator.toLowerCase()}.`,
      {
        code: 'settings_with_qualified_senco',
        unit: '%',
        title: 'Settings with a qualified SENCO, by local authority',
      },
      ['settings_with_qualified_senco', 'settings_with_senco_in_window'],
    ),
    section(
      'eps',
      'Educational psychologists',
      `In training: ${measure('eps_in_training').def.numerator.toLowerCase()}. In their tie-in: ${measure('eps_in_tie_in').def.numerator.toLowerCase()}.`,
      { code: 'eps_in_training', unit: '', title: 'Educational psychologists in training, by local authority' },
      ['eps_in_training', 'eps_in_tie_in'],
    ),
    section(
      'job-coaches',
      'Job coaches trained',
      `${measure('job_coaches_trained').def.numerator}.`,
      { code: 'job_coaches_trained', unit: '', title: 'Job coaches trained, by local authority' },
      ['job_coaches_trained'],
    ),
    section(
      'outcomes',
      'Completion and withdrawal',
      `Completed: ${measure('completion_rate').def.numerator.toLowerCase()}, out of ${measure('completion_rate').def.denominator!.toLowerCase()}. Withdrawn: ${measure('withdrawal_rate').def.numerator.toLowerCase()}, out of ${measure('withdrawal_rate').def.denominator!.toLowerCase()}.`,
      { code: 'completion_rate', unit: '%', title: 'Training completed, by local authority' },
      ['completion_rate', 'withdrawal_rate'],
    ),
  ];
}
