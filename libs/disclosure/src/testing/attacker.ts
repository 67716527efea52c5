/**
 * The attacker of the property tests, written apart from the library (it shares only the input
 * types): from the published cells of a release and of its earlier versions, and the sums their
 * tables and `sums` imply, it looks for a second whole, non-negative solution in which a suppressed
 * count differs from its true value. If there is none, the count is recovered (or narrowed to one
 * value) and the release has failed. The search is exhaustive over bounds (interval propagation on
 * every sum, then splitting the smallest domain in two), first within one of every true value
 * (where a second solution usually is: a 3 × 3 × 2 table with rounded totals once ran out of budget
 * over the whole bounds), then over all of them; anything it cannot decide within its budget counts
 * as recovered, never as safe, and only a whole solution checked against every sum counts as safe.
 *
 * The attacker knows how totals are rounded (a rounded total is an unknown within its rounding),
 * takes every count under a published rate as known exactly (the rate gives it away), and knows
 * which figures a correction changed (the same figure with the same value in two versions is one
 * unknown).
 */
import { ControlledRelease, ReleaseInput } from '../types';

interface Equation {
  vars: number[];
  coef: number[];
  /** Σ coef·x over the unknowns = rhs (the published members moved across) */
  rhs: number;
}

export interface AttackResult {
  /** suppressed counts with a single possible value: (version, table, coordinates) */
  recovered: string[];
  checked: number;
}

const key = (version: number, table: string, dims: string[], at: Record<string, string>) =>
  [version, table, ...dims.map((d) => at[d])].join('|');

/** Every count of a release by key, and its sums as lists of keys. */
function structure(r: ReleaseInput) {
  const v = r.version ?? 1;
  const counts = new Map<string, number>();
  const sums: { total: string; parts: string[] }[] = [];
  const dimsOf = new Map(r.tables.map((t) => [t.name, t.dimensions.map((d) => d.name)]));
  for (const t of r.tables) {
    const dims = dimsOf.get(t.name)!;
    const cells = t.cells.filter((c) => 'count' in c) as { at: Record<string, string>; count: number | string }[];
    for (const c of cells) counts.set(key(v, t.name, dims, c.at), typeof c.count === 'number' ? c.count : 0);
    t.dimensions.forEach((dim, k) => {
      if (dim.total === undefined) return;
      const lines = new Map<string, { total?: string; parts: string[] }>();
      for (const c of cells) {
        const line = dims.map((d, j) => (j === k ? '*' : c.at[d])).join('|');
        if (!lines.has(line)) lines.set(line, { parts: [] });
        const l = lines.get(line)!;
        if (c.at[dim.name] === dim.total) l.total = key(v, t.name, dims, c.at);
        else l.parts.push(key(v, t.name, dims, c.at));
      }
      for (const l of lines.values()) if (l.total) sums.push({ total: l.total, parts: l.parts });
    });
  }
  for (const s of r.sums ?? []) {
    const k = (ref: { table: string; at: Record<string, string> }) => key(v, ref.table, dimsOf.get(ref.table)!, ref.at);
    sums.push({ total: k(s.total), parts: s.parts.map(k) });
  }
  return { counts, sums };
}

/**
 * Attacks the last of `versions` together with the earlier ones: each is [source, published].
 * Unknowns are the suppressed counts; a count that a correction left unchanged is one unknown
 * across versions (the attacker knows which figures changed).
 */
export function attack(versions: [ReleaseInput, ControlledRelease][], budget = 100_000): AttackResult {
  const index = new Map<string, number>(); // key → unknown
  const truth: number[] = [];
  const lo0: number[] = [];
  const hi0: number[] = [];
  const known = new Map<string, number>();
  const canonical = new Map<string, string>(); // key → key of the same figure in the first version it took this value
  const hiddenKeys: string[] = [];
  const all = versions.map(([src, pub]) => ({ src, pub, ...structure(src) }));
  const firstWithValue = new Map<string, string>();
  const unknown = (k: string, value: number) => {
    if (!index.has(k)) {
      index.set(k, truth.length);
      truth.push(value);
      lo0.push(0);
      hi0.push(Infinity);
    }
    return index.get(k) as number;
  };
  for (const { src, pub, counts } of all) {
    const v = src.version ?? 1;
    const shown = new Map<string, { value: unknown; rounded: boolean }>();
    for (const t of pub.tables) {
      const dims = t.dimensions.map((d) => d.name);
      // a count under a published rate is known exactly, rounded or not
      const underRates = new Set<string>();
      for (const c of t.cells) {
        if (c.type !== 'rate' || typeof c.value !== 'number') continue;
        const cell = src.tables
          .find((x) => x.name === t.name)
          ?.cells.find((x) => 'rate' in x && dims.every((d) => x.at[d] === c.at[d]));
        if (cell && 'rate' in cell)
          for (const ref of [cell.rate.numerator, cell.rate.denominator])
            underRates.add(key(v, ref.table, dims, ref.at));
      }
      for (const c of t.cells) {
        if (c.type !== 'count') continue;
        const k = key(v, t.name, dims, c.at);
        shown.set(k, { value: c.value, rounded: c.reason === 'rounded' && !underRates.has(k) });
      }
    }
    const base = pub.note.roundTotalsTo ?? 1;
    for (const [k, value] of counts) {
      const figure = `${k.slice(k.indexOf('|') + 1)}=${value}`;
      const same = firstWithValue.get(figure) ?? k;
      if (!firstWithValue.has(figure)) firstWithValue.set(figure, k);
      canonical.set(k, same);
      const s = shown.get(k);
      if (!s) throw new Error(`attacker: ${k} is not published`);
      if (s.value === 'c') {
        if (!hiddenKeys.includes(same) && !known.has(same)) hiddenKeys.push(same);
        unknown(same, value);
      } else if (s.rounded) {
        // the attacker knows the rounding: x rounds to what was shown
        const j = unknown(same, value);
        const r = s.value === 'low' ? 0 : (s.value as number);
        lo0[j] = Math.max(lo0[j], s.value === 'low' ? 1 : Math.max(0, Math.ceil(r - base / 2)));
        hi0[j] = Math.min(hi0[j], Math.ceil(r + base / 2) - 1);
      } else known.set(same, value);
    }
  }
  // an unknown that some version showed exactly is known after all
  for (const [k, j] of index) {
    if (!known.has(k)) continue;
    lo0[j] = truth[j];
    hi0[j] = truth[j];
  }
  for (let i = hiddenKeys.length - 1; i >= 0; i -= 1) if (known.has(hiddenKeys[i])) hiddenKeys.splice(i, 1);
  const equations: Equation[] = [];
  for (const { sums, counts } of all) {
    for (const s of sums) {
      const eq: Equation = { vars: [], coef: [], rhs: 0 };
      const put = (k: string, c: number) => {
        const ck = canonical.get(k)!;
        if (!index.has(ck)) eq.rhs -= c * (known.get(ck) as number);
        else {
          eq.vars.push(index.get(ck)!);
          eq.coef.push(c);
        }
      };
      put(s.total, -1);
      for (const p of s.parts) put(p, 1);
      if (!counts.has(s.total)) throw new Error('attacker: a sum names no count');
      if (eq.vars.length) equations.push(eq);
    }
  }
  const cap = 2 * truth.reduce((a, b) => a + b, 0) + 2 * [...known.values()].reduce((a, b) => a + b, 0) + 10;
  const recovered: string[] = [];
  for (const k of hiddenKeys) {
    const e = index.get(k) as number;
    const lo = lo0.map((l) => l);
    const hi = hi0.map((h) => Math.min(h, cap));
    // a second solution on either side will do: look on both with a small budget first, then larger
    const sides = [
      { open: truth[e] > lo[e], lo: [...lo], hi: hi.map((h, j) => (j === e ? truth[e] - 1 : h)) },
      { open: true, lo: lo.map((l, j) => (j === e ? truth[e] + 1 : l)), hi: [...hi] },
    ];
    // first near the truth: every unknown within one of its true value. A solution there is a
    // solution (the box only narrows the bounds), so it proves the count is not pinned; finding
    // none there proves nothing, and the search over the full bounds follows
    let found = sides.some(
      (side) =>
        side.open &&
        solvable(
          equations,
          side.lo.map((l, j) => Math.max(l, truth[j] - 1)),
          side.hi.map((h, j) => Math.min(h, truth[j] + 1)),
          2_000,
          truth,
        ) === true,
    );
    for (let b = 2_000; !found && sides.some((x) => x.open) && b <= budget * 10; b *= 10) {
      for (const side of sides) {
        if (!side.open || found) continue;
        const answer = solvable(equations, [...side.lo], [...side.hi], b, truth);
        if (answer === true) found = true;
        if (answer === false) side.open = false; // proven: no solution on this side
      }
    }
    // proven pinned, or undecided within the budget: either way the release fails
    if (!found) recovered.push(k);
  }
  return { recovered, checked: hiddenKeys.length };
}

/** Is there a whole solution within the bounds? Interval propagation, then split a domain in two (at the true value). */
/**
 * Is there a whole solution within the bounds? Interval propagation, then split a domain in two
 * (at the true value). `undefined` when the budget ran out first.
 */
function solvable(eqs: Equation[], lo: number[], hi: number[], budget: number, truth: number[]): boolean | undefined {
  let nodes = 0;
  const go = (lo: number[], hi: number[]): boolean | undefined => {
    if (++nodes > budget) return undefined;
    if (!propagate(eqs, lo, hi)) return false;
    let pick = -1;
    for (let j = 0; j < lo.length; j += 1)
      if (lo[j] < hi[j] && (pick < 0 || hi[j] - lo[j] < hi[pick] - lo[pick])) pick = j;
    if (pick < 0) return eqs.every((q) => q.vars.reduce((a, v, i) => a + q.coef[i] * lo[v], 0) === q.rhs);
    // split where the true value is, and look on its side first: a second solution is usually near the truth
    const t = Math.min(Math.max(truth[pick], lo[pick]), hi[pick]);
    const mid = t < hi[pick] ? t : t - 1;
    const low = () =>
      go(
        [...lo],
        hi.map((h, j) => (j === pick ? mid : h)),
      );
    const high = () =>
      go(
        lo.map((l, j) => (j === pick ? mid + 1 : l)),
        [...hi],
      );
    const [first, second] = t <= mid ? [low, high] : [high, low];
    const a = first();
    if (a !== false) return a;
    return second();
  };
  return go(lo, hi);
}

function propagate(eqs: Equation[], lo: number[], hi: number[]): boolean {
  for (let changed = true; changed;) {
    changed = false;
    for (const q of eqs) {
      let min = 0;
      let max = 0;
      for (let i = 0; i < q.vars.length; i += 1) {
        const v = q.vars[i];
        min += q.coef[i] > 0 ? lo[v] : -hi[v];
        max += q.coef[i] > 0 ? hi[v] : -lo[v];
      }
      if (min > q.rhs || max < q.rhs) return false;
      for (let i = 0; i < q.vars.length; i += 1) {
        const v = q.vars[i];
        // coef·x = rhs − (the rest); the rest lies in [min − own min, max − own max]
        const ownMin = q.coef[i] > 0 ? lo[v] : -hi[v];
        const ownMax = q.coef[i] > 0 ? hi[v] : -lo[v];
        const restMin = min - ownMin;
        const restMax = max - ownMax;
        const a = q.rhs - restMax;
        const b = q.rhs - restMin;
        const [nlo, nhi] = q.coef[i] > 0 ? [a, b] : [-b, -a];
        if (nlo > lo[v]) {
          lo[v] = nlo;
          changed = true;
        }
        if (nhi < hi[v]) {
          hi[v] = nhi;
          changed = true;
        }
        if (lo[v] > hi[v]) return false;
      }
    }
  }
  return true;
}
