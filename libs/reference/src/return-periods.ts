/**
 * Return periods: the three terms of an academic year, coded `2026-27-autumn`. Fixed dates so a
 * period means the same everywhere: autumn 1 September to 31 December, spring 1 January to
 * 31 March, summer 1 April to 31 August. A period "exists" when its code parses and it has begun.
 */
export const TERMS = ['autumn', 'spring', 'summer'] as const;
export type Term = (typeof TERMS)[number];

export interface ReturnPeriod {
  code: string;
  name: string;
  from: string;
  to: string;
}

const PERIOD = /^(\d{4})-(\d{2})-(autumn|spring|summer)$/;

export function parsePeriod(code: string): ReturnPeriod | null {
  const m = PERIOD.exec(code);
  if (!m) return null;
  const start = Number(m[1]);
  if ((start + 1) % 100 !== Number(m[2]) || start < 2000 || start > 2100) return null;
  const term = m[3] as Term;
  const end = start + 1;
  const [from, to] =
    term === 'autumn'
      ? [`${start}-09-01`, `${start}-12-31`]
      : term === 'spring'
        ? [`${end}-01-01`, `${end}-03-31`]
        : [`${end}-04-01`, `${end}-08-31`];
  const name = `${term[0].toUpperCase()}${term.slice(1)} term ${start} to ${end}`;
  return { code, name, from, to };
}

/** The period a day falls in. */
export function periodOf(day: string): ReturnPeriod {
  const [y, mo] = day.split('-').map(Number);
  const start = mo >= 9 ? y : y - 1;
  const term: Term = mo >= 9 ? 'autumn' : mo <= 3 ? 'spring' : 'summer';
  return parsePeriod(`${start}-${String((start + 1) % 100).padStart(2, '0')}-${term}`) as ReturnPeriod;
}

/** The period before this one. */
export function previousPeriod(p: ReturnPeriod): ReturnPeriod {
  const d = new Date(`${p.from}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return periodOf(d.toISOString().slice(0, 10));
}

/** A period exists for returns and submitted figures once it has begun (today is UK-local ISO). */
export function periodExists(code: string, today: string): boolean {
  const p = parsePeriod(code);
  return !!p && p.from <= today;
}

/** Figures for a period are due six weeks after it ends; a figure entered later is late. */
export const RETURN_DUE_DAYS = 42;

export function dueOn(p: ReturnPeriod): string {
  const d = new Date(`${p.to}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + RETURN_DUE_DAYS);
  return d.toISOString().slice(0, 10);
}
