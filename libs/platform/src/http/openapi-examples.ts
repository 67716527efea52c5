import { schoolToday } from '../time/school-day';

/**
 * Examples in the OpenAPI document that must stay true as the days pass (a session date not in
 * the future, a review due after today, this academic year). Each helper returns the value as of
 * now, so the document is valid as built; `liveExamples()` works every one out again whenever the
 * document is served, so an integrator who sends an example as written on the demo data is not
 * refused for a date that was right the day the server started.
 */
const live = new Map<string, () => string>();

/** An example worked out when the document is served; `now()` as of today. */
export function liveExample(now: () => string): string {
  const value = now();
  const known = live.get(value);
  if (known && known() !== value) throw new Error(`two live examples give ${value}`);
  live.set(value, now);
  return value;
}

const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** A date example `days` from today in England (negative: before), e.g. `exampleDate(-1)` for yesterday. */
export function exampleDate(days: number): string {
  return liveExample(() => addDays(schoolToday(), days));
}

/** The academic year (`2026/27`) in force today in England, as an example. */
export function exampleAcademicYear(): string {
  return liveExample(() => {
    const [y, m] = schoolToday().split('-').map(Number);
    const start = m >= 9 ? y : y - 1;
    return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
  });
}

/** The live examples' values as of when they were defined (what a document built now holds). */
export function liveExampleValues(): string[] {
  return [...live.keys()];
}

/** The document with every live example worked out again as of now (a copy; the built one is unchanged). */
export function liveExamples<T>(document: T): T {
  if (!live.size) return document;
  const now = new Map([...live].map(([built, fn]) => [built, fn()]));
  // only values inside an `example` or `examples` are examples
  const walk = (node: unknown, inExample: boolean): unknown => {
    if (typeof node === 'string') return inExample && now.has(node) ? now.get(node) : node;
    if (Array.isArray(node)) return node.map((v) => walk(v, inExample));
    if (node && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node)) out[k] = walk(v, inExample || k === 'example' || k === 'examples');
      return out;
    }
    return node;
  };
  return walk(document, false) as T;
}
