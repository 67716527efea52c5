import { CellRef, Coordinates, GSS, GssSymbol, ReleaseInput, SourceValue } from './types';

/** A release that cannot be controlled as given (a sum that does not hold, a cell named twice…). */
export class DisclosureInputError extends Error {
  override name = 'DisclosureInputError';
}

/** A sum between count cells, by index: value[total] = Σ value[parts]. */
export interface Relation {
  total: number;
  parts: number[];
}

/**
 * A release flattened: every cell by index, the sums that hold between its counts, and what each
 * rate or statistic depends on. Built once per control; nothing here is published.
 */
export interface ReleaseModel {
  ids: string[];
  refs: CellRef[];
  type: ('count' | 'rate' | 'statistic')[];
  /** a count's or statistic's number; NaN for x and z (a count's x or z counts as 0 in sums) */
  value: number[];
  /** x or z as given */
  symbol: (GssSymbol | null)[];
  /** rates: [numerator, denominator]; statistics: the counts they are built on */
  deps: number[][];
  rate: ({ per: number; decimals?: number } | null)[];
  relations: Relation[];
  /** the position of each table's cells: table index → [first, end) */
  tableSpans: [number, number][];
  byId: Map<string, number>;
}

const SEP = '\u001f';

/** The id of a cell: its table and its coordinates in the table's dimension order. */
export function cellId(table: string, dimensions: readonly string[], at: Coordinates): string {
  return [table, ...dimensions.map((d) => at[d] ?? '')].join(SEP);
}

const isSymbol = (v: SourceValue): v is typeof GSS.notAvailable | typeof GSS.notApplicable =>
  v === GSS.notAvailable || v === GSS.notApplicable;

export function buildModel(input: ReleaseInput): ReleaseModel {
  const m: ReleaseModel = {
    ids: [],
    refs: [],
    type: [],
    value: [],
    symbol: [],
    deps: [],
    rate: [],
    relations: [],
    tableSpans: [],
    byId: new Map(),
  };
  const dims = new Map<string, string[]>();
  for (const t of input.tables) {
    if (dims.has(t.name)) throw new DisclosureInputError(`table "${t.name}" is named twice`);
    dims.set(
      t.name,
      t.dimensions.map((d) => d.name),
    );
  }
  const idOf = (ref: CellRef): string => {
    const d = dims.get(ref.table);
    if (!d) throw new DisclosureInputError(`no table "${ref.table}"`);
    return cellId(ref.table, d, ref.at);
  };
  const pending: { index: number; refs: CellRef[] }[] = [];
  for (const t of input.tables) {
    const start = m.ids.length;
    const names = dims.get(t.name)!;
    for (const c of t.cells) {
      for (const d of names)
        if (typeof c.at[d] !== 'string') throw new DisclosureInputError(`a cell of "${t.name}" has no ${d}`);
      const id = cellId(t.name, names, c.at);
      if (m.byId.has(id))
        throw new DisclosureInputError(`a cell of "${t.name}" is given twice: ${names.map((d) => c.at[d]).join(', ')}`);
      const index = m.ids.length;
      m.byId.set(id, index);
      m.ids.push(id);
      m.refs.push({ table: t.name, at: c.at });
      if ('count' in c) {
        if (!isSymbol(c.count) && !(Number.isInteger(c.count) && c.count >= 0))
          throw new DisclosureInputError(
            `a count must be a whole number, 0 or more, or x or z: ${id.split(SEP).join(', ')}`,
          );
        m.type.push('count');
        m.value.push(isSymbol(c.count) ? NaN : c.count);
        m.symbol.push(isSymbol(c.count) ? c.count : null);
        m.deps.push([]);
        m.rate.push(null);
      } else if ('rate' in c) {
        m.type.push('rate');
        m.value.push(NaN);
        m.symbol.push(null);
        m.deps.push([]);
        m.rate.push({ per: c.rate.per ?? 100, decimals: c.rate.decimals });
        pending.push({ index, refs: [c.rate.numerator, c.rate.denominator] });
      } else {
        m.type.push('statistic');
        m.value.push(isSymbol(c.statistic) ? NaN : c.statistic);
        m.symbol.push(isSymbol(c.statistic) ? c.statistic : null);
        m.deps.push([]);
        m.rate.push(null);
        pending.push({ index, refs: c.dependsOn });
      }
    }
    m.tableSpans.push([start, m.ids.length]);
    tableSums(m, t.name, t.dimensions, start);
  }
  const countAt = (ref: CellRef, what: string): number => {
    const i = m.byId.get(idOf(ref));
    if (i === undefined || m.type[i] !== 'count')
      throw new DisclosureInputError(`${what} names no count cell: ${ref.table} ${JSON.stringify(ref.at)}`);
    return i;
  };
  for (const p of pending) m.deps[p.index] = p.refs.map((r) => countAt(r, m.type[p.index]));
  for (const s of input.sums ?? [])
    m.relations.push({ total: countAt(s.total, 'a sum'), parts: s.parts.map((r) => countAt(r, 'a sum')) });
  for (const r of m.relations) {
    const sum = r.parts.reduce((a, i) => a + countValue(m, i), 0);
    if (sum !== countValue(m, r.total))
      throw new DisclosureInputError(
        `a total does not add up (${countValue(m, r.total)} given, the parts make ${sum}): ${m.ids[r.total].split(SEP).join(', ')}`,
      );
  }
  return m;
}

/** A count's value in sums: x and z count as 0. */
export const countValue = (m: ReleaseModel, i: number): number => (Number.isNaN(m.value[i]) ? 0 : m.value[i]);

/** The sums a table's totals make: for each dimension with a total, per line along it. */
function tableSums(m: ReleaseModel, table: string, dimensions: { name: string; total?: string }[], start: number) {
  const end = m.ids.length;
  dimensions.forEach((dim, k) => {
    if (dim.total === undefined) return;
    const lines = new Map<string, { total?: number; parts: number[] }>();
    for (let i = start; i < end; i += 1) {
      if (m.type[i] !== 'count') continue;
      const at = m.refs[i].at;
      const key = dimensions.map((d, j) => (j === k ? '' : at[d.name])).join(SEP);
      let line = lines.get(key);
      if (!line) lines.set(key, (line = { parts: [] }));
      if (at[dim.name] === dim.total) line.total = i;
      else line.parts.push(i);
    }
    for (const line of lines.values()) {
      if (line.total === undefined) {
        if (line.parts.length)
          throw new DisclosureInputError(`table "${table}": a line along ${dim.name} has no ${dim.total} cell`);
        continue;
      }
      m.relations.push({ total: line.total, parts: line.parts });
    }
  });
}
