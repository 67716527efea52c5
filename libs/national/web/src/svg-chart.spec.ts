import { parsePeriod } from '@rep-hub/reference';
import type { ComparisonSeries } from '@rep-hub/national-domain';
import { comparisonChart, legendLines, lineStyles, nationalFigureText, renderLineChart, yScale } from './svg-chart';

const periods = ['2025-26-spring', '2025-26-summer', '2026-27-autumn'].map((c) => parsePeriod(c)!);
const point = (periodCode: string, value: number | null, symbol: 'c' | null = null, published = true) => ({
  periodCode,
  published,
  value,
  symbol,
  numerator: null,
  denominator: null,
  releaseId: published ? 'r' : null,
  releaseVersion: published ? 1 : null,
});
const series: ComparisonSeries = {
  indicator: { code: 'evaluation.ehcp_20_weeks', name: 'EHC plans within 20 weeks', unit: 'percentage' },
  periods,
  partnerships: [
    {
      partnershipId: 'a',
      partnershipName: 'North & East',
      points: [point(periods[0].code, 52.5), point(periods[1].code, null, 'c'), point(periods[2].code, 61)],
    },
    {
      partnershipId: 'b',
      partnershipName: 'South',
      points: [point(periods[0].code, 40), point(periods[1].code, 45), point(periods[2].code, null, null, false)],
    },
  ],
  national: periods.map((p, i) => ({
    periodCode: p.code,
    value: [47.1, 45, 61][i],
    numerator: null,
    denominator: null,
    method: 'ratio_of_sums',
    partnershipsIncluded: 2,
    partnershipsLeftOut: i === 1 ? 1 : 0,
    note: '',
  })),
  method: '',
};

describe('the SVG line chart', () => {
  const { svg, table } = comparisonChart('chart-x', series);

  it('is an image named by its title and described by its desc, in the page font, with no style attribute or script', () => {
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="chart-x-title chart-x-desc"/);
    expect(svg).toContain(
      '<title id="chart-x-title">EHC plans within 20 weeks, by term: each partnership and the national figure</title>',
    );
    expect(svg).toMatch(
      /<desc id="chart-x-desc">A line chart of 2 partnerships and the national figure from Spring term 2025 to 2026 to Autumn term 2026 to 2027\. The national figure is 47\.1% in Spring/,
    );
    // the page font comes from the GOV.UK body class (an SVG attribute "inherit" would name no font)
    expect(svg).toMatch(/^<svg [^>]*class="rephub-chart govuk-body"/);
    expect(svg).not.toContain('font-family');
    expect(svg).not.toMatch(/style=|<script|viewBox/);
    // names are escaped
    expect(svg).toContain('North &amp; East');
  });

  it('tells lines apart without colour: each its own dash pattern and marker, the national figure solid black with squares', () => {
    const styles = lineStyles([
      { name: 'a', values: [] },
      { name: 'b', values: [] },
      { name: 'n', values: [], reference: true },
    ]);
    expect(new Set(styles.map((s) => s.dash)).size).toBe(3);
    expect(new Set(styles.map((s) => s.marker)).size).toBe(3);
    expect(styles[2]).toEqual({ colour: '#0b0c0c', dash: '', marker: 'square', width: 3 });
    expect(svg).toContain('stroke-dasharray="8 4"');
    expect(svg).toContain('href="#chart-x-triangle"');
    expect(svg).toContain('href="#chart-x-square"');
    // a legend entry per line
    for (const name of ['North &amp; East', 'South', 'National figure']) expect(svg).toContain(`>${name}</text>`);
  });

  it('breaks a line where a figure is suppressed or not published', () => {
    // North & East: spring–summer and summer–autumn both touch the suppressed summer: no segment
    const segments = (svg.match(/<line x1="[\d.]+%"/g) ?? []).length;
    // South: spring–summer only (1); national: two (2); North & East: none
    expect(segments).toBe(3);
    // markers: North & East 2, South 2, national 3
    expect((svg.match(/<use href="#chart-x-(circle|triangle|square)" x="[\d.]+%"/g) ?? []).length).toBe(7);
  });

  it('is followed by a table with the same figures, symbols as their meaning and never a number', () => {
    expect(table.caption).toContain('EHC plans within 20 weeks');
    expect(table.head.map((h) => h.text)).toEqual(['Partnership', ...periods.map((p) => p.name)]);
    expect(table.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['North & East', '52.5%', 'Suppressed (confidential) [c]', '61%'],
      ['South', '40%', '45%', 'Not published'],
      ['National figure', '47.1%', '45%', '61%'],
      ['Partnerships left out of the national figure', '0', '1', '0'],
    ]);
  });

  it('scales from zero to a round maximum, a percentage above half to 100', () => {
    expect(yScale('percentage', [61])).toEqual({ max: 100, ticks: [0, 25, 50, 75, 100] });
    expect(yScale('count', [37])).toEqual({ max: 40, ticks: [0, 10, 20, 30, 40] });
    expect(yScale('count', [])).toEqual({ max: 1, ticks: [0, 1] });
  });

  it('draws one period in the middle, and at most four x labels (three when there are more than four terms)', () => {
    const one = renderLineChart({
      id: 'c1',
      title: 't',
      description: 'd',
      unit: 'count',
      xLabels: ['Aut 2026'],
      lines: [{ name: 'A', values: [10] }],
    });
    expect(one).toContain('x="50%" y="252" text-anchor="middle"');
    const many = renderLineChart({
      id: 'c2',
      title: 't',
      description: 'd',
      unit: 'count',
      xLabels: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
      lines: [{ name: 'A', values: [1, 2, 3, 4, 5, 6, 7] }],
    });
    expect((many.match(/text-anchor=/g) ?? []).length).toBe(3);
  });

  it('says in words why there is no national figure, never a bare null', () => {
    expect(nationalFigureText({ value: 47.06, method: 'ratio_of_sums' }, 'percentage')).toBe('47.1%');
    expect(nationalFigureText({ value: null, method: 'none' }, 'percentage')).toBe('No national figure');
    expect(nationalFigureText({ value: null, method: 'not_combined' }, 'days')).toBe('Not combined');
  });

  it('wraps a long partnership name in the legend so it is read whole at 320px', () => {
    expect(legendLines('North West Change Programme Partnership (demo)')).toEqual([
      'North West Change Programme',
      'Partnership (demo)',
    ]);
    expect(legendLines('South')).toEqual(['South']);
    const svg = renderLineChart({
      id: 'w',
      title: 't',
      description: 'd',
      unit: 'count',
      xLabels: ['a', 'b'],
      lines: [
        { name: 'North West Change Programme Partnership (demo)', values: [10, 20] },
        { name: 'South', values: [5, 6] },
      ],
    });
    expect(svg).toContain('North West Change Programme<tspan x="46" dy="20">Partnership (demo)</tspan>');
    // the second entry sits a wrapped line lower than it would unwrapped, and the chart is that much taller
    const heights = [...svg.matchAll(/height="(\d+)"/g)].map((m) => Number(m[1]));
    const unwrapped = renderLineChart({
      id: 'w',
      title: 't',
      description: 'd',
      unit: 'count',
      xLabels: ['a', 'b'],
      lines: [
        { name: 'North West', values: [10, 20] },
        { name: 'South', values: [5, 6] },
      ],
    });
    const before = [...unwrapped.matchAll(/height="(\d+)"/g)].map((m) => Number(m[1]));
    expect(heights[0] - before[0]).toBe(20);
  });
});
