/**
 * Secondary suppression: choose more counts to hide until every hidden count can take at least two
 * values that agree with everything published (this release and its earlier versions).
 *
 * The attacker's view is a set of unknowns (the hidden counts, 0 or more; a rounded total, within
 * its rounding) and linear equalities (each sum, with the exactly published counts put in). A hidden count is safe when there is another whole,
 * non-negative solution within every bound in which it differs: a *witness*, a change of +1 or −1 to some hidden counts
 * under which every sum still holds. A witness proves, exactly, that no linear combination or bound
 * narrows the count to one value, and it proves it for every count it moves. Finding one is a small
 * depth-first search (in a table it is an alternating cycle of hidden cells); when none turns up
 * within its budget, one more count beside the exposed one is hidden and the search runs again.
 * Hiding more never makes a witness invalid, so the loop ends, and what it returns is safe by
 * construction; the budget only costs extra suppression, never safety.
 */

export interface AttackModel {
  /** each unknown's true value */
  value: number[];
  /** what the attacker knows of each: lo ≤ x ≤ hi (equal when it is published exactly) */
  lo: number[];
  hi: number[];
  /** the bounds once hidden (0 to ∞, or what an earlier version gave away) */
  openLo: number[];
  openHi: number[];
  /** hidden, so it must have a witness */
  needs: Uint8Array;
  /** hidden by rule (a small count, or one hidden in an earlier version): never shown again */
  required: Uint8Array;
  /** the bounds a complement had before it was hidden, should it be shown again */
  shownLo: number[];
  shownHi: number[];
  /** may be hidden now (a count of the new version, not already known exactly from an earlier one) */
  candidate: Uint8Array;
  /** relation → its members and their coefficients (+1 a part, −1 the total) */
  members: { vars: number[]; coef: number[] }[];
  /** variable → the relations it is in */
  memberOf: number[][];
  /** the coefficient of a variable in each relation of memberOf */
  coefOf: number[][];
  /** a total of some sum: hidden last, as DfE does */
  isTotal: Uint8Array;
}

/** A model in which every variable is known exactly; the caller opens what is hidden or rounded. */
export function attackModel(
  nVars: number,
  value: number[],
  relations: { total: number; parts: number[] }[],
): AttackModel {
  const m: AttackModel = {
    value,
    lo: [...value],
    hi: [...value],
    openLo: new Array(nVars).fill(0),
    openHi: new Array(nVars).fill(Infinity),
    needs: new Uint8Array(nVars),
    required: new Uint8Array(nVars),
    shownLo: [],
    shownHi: [],
    candidate: new Uint8Array(nVars),
    members: [],
    memberOf: Array.from({ length: nVars }, () => []),
    coefOf: Array.from({ length: nVars }, () => []),
    isTotal: new Uint8Array(nVars),
  };
  const seen = new Set<string>();
  for (const r of relations) {
    // the same sum in two versions is one equation
    const key = `${r.total}:${[...r.parts].sort((a, b) => a - b).join(',')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const index = m.members.length;
    const vars = [r.total, ...r.parts];
    const coef = [-1, ...r.parts.map(() => 1)];
    m.members.push({ vars, coef });
    m.isTotal[r.total] = 1;
    vars.forEach((v, k) => {
      m.memberOf[v].push(index);
      m.coefOf[v].push(coef[k]);
    });
  }
  return m;
}

/** Hides a variable: it needs a witness now, and may move within what is still known of it. */
export function hideVar(m: AttackModel, v: number) {
  m.shownLo[v] = m.lo[v];
  m.shownHi[v] = m.hi[v];
  m.needs[v] = 1;
  m.candidate[v] = 0;
  m.lo[v] = m.openLo[v];
  m.hi[v] = m.openHi[v];
}

const movable = (m: AttackModel, v: number) => m.lo[v] < m.hi[v];
const within = (m: AttackModel, v: number, s: number) => m.value[v] + s >= m.lo[v] && m.value[v] + s <= m.hi[v];

/** A hidden count that nothing more can protect: an earlier version already gave away too much around it. */
export class UnprotectableReleaseError extends Error {
  override name = 'UnprotectableReleaseError';
}

/** steps of one search; a longer one is tried only where nothing more can be hidden */
const STEP_BUDGET = 300;
/** how many ways to close a sum a search tries, best first (all of them in the last resort) */
const WIDTH = 6;
const LAST_RESORT_BUDGET = 100_000;
const MAX_DEPTH = 64;

/**
 * A witness for `start`: variables and their changes (+1/−1), or null when none was found within
 * the budget. Only variables the attacker does not know move, each within its bounds.
 */
export function findWitness(
  m: AttackModel,
  start: number,
  budget = STEP_BUDGET,
  width = WIDTH,
): Map<number, number> | null {
  const up = upward(m, start);
  if (up) return up;
  for (const s of [1, -1]) {
    if (!within(m, start, s)) continue;
    const w = search(m, start, s, budget, width);
    if (w) return w;
  }
  return null;
}

/**
 * The quickest witness, when the totals above a count are not known exactly (hidden, or rounded
 * with room to spare): +1 on the count and on every total it adds up into, and on theirs. Null
 * when one of them cannot move or a sum is left out of balance.
 */
function upward(m: AttackModel, start: number): Map<number, number> | null {
  if (!within(m, start, 1)) return null;
  const d = new Map<number, number>([[start, 1]]);
  const queue = [start];
  const touched = new Set<number>();
  while (queue.length) {
    const v = queue.pop() as number;
    const rels = m.memberOf[v];
    for (let k = 0; k < rels.length; k += 1) {
      touched.add(rels[k]);
      if (m.coefOf[v][k] !== 1) continue; // v is the total of this sum
      const total = m.members[rels[k]].vars[0];
      if (d.has(total)) continue;
      if (!movable(m, total) || !within(m, total, 1)) return null;
      d.set(total, 1);
      queue.push(total);
    }
  }
  for (const r of touched) {
    const { vars, coef } = m.members[r];
    let sum = 0;
    for (let k = 0; k < vars.length; k += 1) sum += coef[k] * (d.get(vars[k]) ?? 0);
    if (sum !== 0) return null;
  }
  return d;
}

/** Scratch arrays for the searches over one model, reused (and left zeroed) between them. */
const scratch = new WeakMap<AttackModel, { d: Int8Array; imbalance: Int32Array }>();

function search(
  m: AttackModel,
  start: number,
  sign: number,
  budget: number,
  width: number,
): Map<number, number> | null {
  let sc = scratch.get(m);
  if (!sc) scratch.set(m, (sc = { d: new Int8Array(m.value.length), imbalance: new Int32Array(m.members.length) }));
  const { d, imbalance } = sc;
  const moved = new Set<number>();
  const touched = new Set<number>();
  const open = new Set<number>(); // the sums out of balance
  let steps = 0;

  /** adds s to v's change, and to the imbalance of every sum v is in */
  const change = (v: number, s: number) => {
    d[v] += s;
    if (d[v] === 0) moved.delete(v);
    else moved.add(v);
    const rels = m.memberOf[v];
    const coefs = m.coefOf[v];
    for (let k = 0; k < rels.length; k += 1) {
      const r = rels[k];
      imbalance[r] += coefs[k] * s;
      touched.add(r);
      if (imbalance[r] === 0) open.delete(r);
      else open.add(r);
    }
  };

  /** how many free members could move to close an open sum's imbalance (counting stops at `limit`) */
  const countOptions = (r: number, limit: number) => {
    const need = imbalance[r] < 0 ? 1 : -1; // the sign coef·s must have
    const { vars, coef } = m.members[r];
    let n = 0;
    for (let k = 0; k < vars.length && n < limit; k += 1) {
      const v = vars[k];
      if (d[v] === 0 && movable(m, v) && within(m, v, need * coef[k])) n += 1;
    }
    return n;
  };

  /** those members and their moves */
  const optionsOf = (r: number) => {
    const need = imbalance[r] < 0 ? 1 : -1;
    const { vars, coef } = m.members[r];
    const options: { v: number; s: number; score: number }[] = [];
    for (let k = 0; k < vars.length; k += 1) {
      const v = vars[k];
      const s = need * coef[k];
      if (d[v] === 0 && movable(m, v) && within(m, v, s)) options.push({ v, s, score: 0 });
    }
    return options;
  };

  /** the open sum with the fewest options (most constrained first; none left means a dead end) */
  const nextOpen = (): { r: number; options: { v: number; s: number; score: number }[] } | null => {
    let best = -1;
    let fewest = Infinity;
    // the shortest sums first, so the count of a long one stops early
    const byLength =
      open.size > 1 ? [...open].sort((a, b) => m.members[a].vars.length - m.members[b].vars.length) : open;
    for (const r of byLength) {
      const n = countOptions(r, fewest); // stops counting once it cannot be fewer
      if (n < fewest) {
        best = r;
        fewest = n;
        if (n === 0) break;
      }
    }
    return best < 0 ? null : { r: best, options: fewest === 0 ? [] : optionsOf(best) };
  };

  const dfs = (depth: number): boolean => {
    const next = nextOpen();
    if (!next) return true;
    if (next.options.length === 0 || depth >= MAX_DEPTH || ++steps > budget) return false;
    const { r, options } = next;
    for (const o of options) {
      const { v, s } = o;
      // prefer a change that also closes other open sums, and opens few new ones
      let score = 0;
      const rels = m.memberOf[v];
      for (let j = 0; j < rels.length; j += 1) {
        if (rels[j] === r) continue;
        const im = imbalance[rels[j]];
        const after = im + m.coefOf[v][j] * s;
        score += Math.abs(im) - Math.abs(after);
      }
      o.score = score;
    }
    options.sort((a, b) => b.score - a.score || a.v - b.v);
    for (const o of options.length > width ? options.slice(0, width) : options) {
      change(o.v, o.s);
      if (dfs(depth + 1)) return true;
      change(o.v, -o.s);
      if (steps > budget) return false;
    }
    return false;
  };

  change(start, sign);
  const found = dfs(0);
  const witness = found ? new Map([...moved].map((v) => [v, d[v]])) : null;
  for (const v of moved) d[v] = 0;
  for (const r of touched) imbalance[r] = 0;
  return witness;
}

/**
 * Hides candidates until every hidden variable has a witness. `onHide` is told of each variable
 * hidden (its index), so the caller can record why, and `onShow` of a complement shown again
 * because nothing could protect it (the published figures pin it anyway, so hiding it hid
 * nothing). Throws when a count hidden by rule cannot be protected by hiding anything more (only
 * possible when earlier versions already published its neighbours).
 */
export function protect(m: AttackModel, onHide: (v: number) => void, onShow: (v: number) => void): void {
  const hide = (v: number) => {
    hideVar(m, v);
    onHide(v);
  };
  quickPass(m, hide);
  let safe = new Uint8Array(m.value.length);
  // a complement hidden for one count needs a witness too, wherever it sits: loop until none is new
  for (let changed = true; changed;) {
    changed = false;
    for (let v = 0; v < m.value.length; v += 1) {
      while (m.needs[v] && !safe[v]) {
        const w = findWitness(m, v);
        if (w) {
          for (const u of w.keys()) safe[u] = 1;
          break;
        }
        changed = true;
        const c = complementFor(m, v);
        if (c >= 0) {
          hide(c);
          continue;
        }
        const last = findWitness(m, v, LAST_RESORT_BUDGET, Infinity);
        if (last) {
          for (const u of last.keys()) safe[u] = 1;
          break;
        }
        if (m.required[v])
          throw new UnprotectableReleaseError(
            'disclosure control: a suppressed count cannot be protected by suppressing more: the earlier versions published too much around it. Publish the correction with rounded totals, or not at all.',
          );
        // a complement that the published figures pin anyway protects nothing: show it again, and
        // check every witness afresh (one may have moved it)
        m.needs[v] = 0;
        m.lo[v] = m.shownLo[v];
        m.hi[v] = m.shownHi[v];
        onShow(v);
        safe = new Uint8Array(m.value.length);
      }
    }
  }
}

/**
 * No sum may have exactly one member the attacker does not know (a hidden count; a rounded total
 * counts as not known): the usual first pass, cheap and close to final.
 */
function quickPass(m: AttackModel, hide: (v: number) => void) {
  const queue: number[] = [];
  const openIn = new Int32Array(m.members.length);
  const lone = (r: number) => openIn[r] === 1 && m.members[r].vars.some((v) => m.needs[v]);
  m.members.forEach((r, i) => {
    for (const v of r.vars) if (movable(m, v)) openIn[i] += 1;
    if (lone(i)) queue.push(i);
  });
  while (queue.length) {
    const r = queue.pop() as number;
    if (!lone(r)) continue;
    const c = bestCandidate(m, m.members[r].vars, openIn);
    if (c < 0) continue;
    const was = movable(m, c);
    hide(c);
    if (was) continue;
    for (const q of m.memberOf[c]) {
      openIn[q] += 1;
      if (lone(q)) queue.push(q);
    }
  }
}

/** A count to hide beside an exposed one: in its sums first, then further out along hidden cells. */
function complementFor(m: AttackModel, v: number): number {
  const seen = new Set<number>([v]);
  let frontier = [v];
  while (frontier.length) {
    const next: number[] = [];
    for (const u of frontier) {
      for (const r of m.memberOf[u]) {
        const c = bestCandidate(m, m.members[r].vars);
        if (c >= 0) return c;
        for (const w of m.members[r].vars) {
          if (!movable(m, w) || seen.has(w)) continue;
          seen.add(w);
          next.push(w);
        }
      }
    }
    frontier = next;
  }
  return -1;
}

/**
 * The best cell to hide among `vars`: one that is also alone in another sum (hiding it helps
 * twice), then a part rather than a total, then not 0, then the smallest (least information lost).
 */
function bestCandidate(m: AttackModel, vars: number[], openIn?: Int32Array): number {
  let best = -1;
  let bestKey: number[] = [];
  for (const v of vars) {
    if (!m.candidate[v]) continue;
    let helps = 0;
    if (openIn) for (const q of m.memberOf[v]) if (openIn[q] === 1) helps += 1;
    const key = [-helps, m.isTotal[v], m.value[v] === 0 ? 1 : 0, m.value[v], v];
    if (best < 0 || less(key, bestKey)) {
      best = v;
      bestKey = key;
    }
  }
  return best;
}

function less(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}
