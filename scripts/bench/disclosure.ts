/**
 * `npm run bench:disclosure`: controls a national release (153 LAs × 40 indicators × 12 periods,
 * with each LA's year total and England's total per period: 80,080 counts) and prints the time
 * beside a baseline measured in the same run over the same data: the leanest pass, primary
 * suppression alone (one comparison per count, no sums). The target (issue 19): under 2 seconds.
 * Not a test: nothing here fails on a slow machine; it reports.
 */
import { controlRelease, GSS, ReleaseInput } from '@rep-hub/disclosure';
import { nationalRelease } from '@rep-hub/disclosure/testing';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const log = (m: string) => process.stdout.write(`${m}\n`);

/** The baseline: every count below the threshold hidden, nothing else. */
function primaryOnly(release: ReleaseInput, threshold = 5): number {
  let hidden = 0;
  const out = release.tables.map((t) =>
    t.cells.map((c) => {
      if (!('count' in c) || typeof c.count !== 'number') return c;
      if (c.count >= 1 && c.count < threshold) {
        hidden += 1;
        return { at: c.at, value: GSS.suppressed };
      }
      return { at: c.at, value: c.count };
    }),
  );
  return out.length && hidden;
}

function time<T>(f: () => T): [number, T] {
  const t0 = process.hrtime.bigint();
  const r = f();
  return [Number(process.hrtime.bigint() - t0) / 1e6, r];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const release = nationalRelease(153, 40, 12, 2026);
const counts = release.tables.reduce((a, t) => a + t.cells.length, 0);
log(`national release: 153 LAs × 40 indicators × 12 periods, with totals: ${counts} counts`);
const b = median(Array.from({ length: ROUNDS }, () => time(() => primaryOnly(release))[0]));
log(`baseline (primary suppression only): median ${b.toFixed(1)} ms over ${ROUNDS} rounds`);
for (const [label, rules] of [
  ['default rules (1 to 4 suppressed, totals exact)', {}],
  ['totals rounded to the nearest 10', { roundTotalsTo: 10 }],
] as const) {
  const runs = Array.from({ length: ROUNDS }, () => time(() => controlRelease(release, { rules })));
  const f = median(runs.map(([ms]) => ms));
  const note = runs[0][1].note;
  log(`controlRelease, ${label}: ${note.primary} primary, ${note.secondary} secondary, ${note.rounded} totals rounded`);
  log(
    `  median ${f.toFixed(1)} ms over ${ROUNDS} rounds (${(f / 1000).toFixed(2)} s; target under 2 s: ${f < 2000 ? 'met' : 'NOT met'}); ratio to the baseline ${(f / b).toFixed(1)}×`,
  );
}
