/**
 * Releases for the tests and the bench: tables of counts with their totals, built from interior
 * counts so every total adds up.
 */
import { CellInput, ReleaseInput, TableInput } from '../types';

export interface GridSpec {
  /** each dimension's values (not counting its total) */
  dims: { name: string; values: string[]; total?: string }[];
  /** the interior counts, in row-major order over dims */
  counts: number[];
}

/** Every cell of a grid, totals included (a total of a dimension that has one sums over it). */
export function gridCells(spec: GridSpec): { at: Record<string, string>; count: number }[] {
  const axes = spec.dims.map((d) => (d.total === undefined ? d.values : [...d.values, d.total]));
  const out: { at: Record<string, string>; count: number }[] = [];
  const walk = (k: number, at: Record<string, string>) => {
    if (k === axes.length) {
      out.push({ at: { ...at }, count: valueAt(spec, at) });
      return;
    }
    for (const v of axes[k]) walk(k + 1, { ...at, [spec.dims[k].name]: v });
  };
  walk(0, {});
  return out;
}

function valueAt(spec: GridSpec, at: Record<string, string>): number {
  // a total is the sum over its dimension's values
  const k = spec.dims.findIndex((d) => d.total !== undefined && at[d.name] === d.total);
  if (k >= 0) return spec.dims[k].values.reduce((a, v) => a + valueAt(spec, { ...at, [spec.dims[k].name]: v }), 0);
  let index = 0;
  for (const d of spec.dims) index = index * d.values.length + d.values.indexOf(at[d.name]);
  return spec.counts[index];
}

export function gridTable(name: string, spec: GridSpec, extra: CellInput[] = []): TableInput {
  return {
    name,
    dimensions: spec.dims.map((d) => (d.total === undefined ? { name: d.name } : { name: d.name, total: d.total })),
    cells: [...gridCells(spec), ...extra],
  };
}

/**
 * A release: the LA table (with a rate of its first breakdown over the LA's total when it has a
 * breakdown), and the partnership's totals as a table of their own linked by `sums` (an LA table
 * beside its partnership total).
 */
export function laAndPartnership(spec: GridSpec, version = 1): ReleaseInput {
  const la = spec.dims[0];
  const rest = spec.dims.slice(1);
  const table = gridTable('by-la', spec);
  const partnership = gridCells({ dims: rest, counts: [] }).map((c) => c.at);
  const byLa = gridCells(spec);
  const sums = partnership.map((at) => ({
    total: { table: 'partnership', at },
    parts: la.values.map((v) => ({ table: 'by-la', at: { ...at, la: v } })),
  }));
  const partnershipCells = partnership.map((at) => ({
    at,
    count: byLa
      .filter((c) => c.at.la !== la.total && rest.every((d) => c.at[d.name] === at[d.name]))
      .reduce((a, c) => a + c.count, 0),
  }));
  const b = spec.dims[1];
  if (b?.total !== undefined && spec.dims.length === 2) {
    for (const v of [...la.values, la.total as string]) {
      table.cells.push({
        at: { la: v, breakdown: 'rate' },
        rate: {
          numerator: { table: 'by-la', at: { la: v, breakdown: b.values[0] } },
          denominator: { table: 'by-la', at: { la: v, breakdown: b.total } },
        },
      });
    }
  }
  return {
    kind: 'test',
    version,
    tables: [
      table,
      {
        name: 'partnership',
        dimensions: rest.map((d) => ({ name: d.name, ...(d.total ? { total: d.total } : {}) })),
        cells: partnershipCells,
      },
    ],
    sums,
  };
}

/** A national release: LAs × indicators × periods, with each LA's total over the periods and England's per period. */
export function nationalRelease(las: number, indicators: number, periods: number, seed = 1): ReleaseInput {
  let s = seed >>> 0;
  const random = () => (s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32;
  const tables: TableInput[] = [];
  for (let i = 0; i < indicators; i += 1) {
    const counts: number[] = [];
    for (let k = 0; k < las * periods; k += 1) {
      const r = random();
      // most figures are tens to hundreds; about one in six is a small count, and some are 0
      counts.push(r < 0.05 ? 0 : r < 0.2 ? 1 + Math.floor(random() * 4) : 5 + Math.floor(random() * random() * 300));
    }
    tables.push(
      gridTable(`indicator-${i + 1}`, {
        dims: [
          {
            name: 'la',
            values: Array.from({ length: las }, (_, k) => `E${String(k + 1).padStart(8, '0')}`),
            total: 'England',
          },
          {
            name: 'period',
            values: Array.from({ length: periods }, (_, k) => `2025-${String(k + 1).padStart(2, '0')}`),
            total: 'year',
          },
        ],
        counts,
      }),
    );
  }
  return { kind: 'national', tables };
}
