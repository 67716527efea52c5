// Numbers and lengths of time in words, as GOV.UK writes them, for every module's pages (also
// Nunjucks filters: `plural`, `months`, `dateTime`, `date`; see configure-web.ts).

/** "1 day", "6 days"; "1 session saved" needs `plural(n, 'session') + ' saved'`. The plural is `one + 's'` unless given. */
export function plural(count: number | string | null | undefined, one: string, other?: string): string {
  const n = Number(count ?? 0);
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : (other ?? `${one}s`)}`;
}

/** A number of months as a length of time: "25 years", "18 months", "2 years and 6 months", "1 month". */
export function months(count: number | string | null | undefined): string {
  const n = Number(count ?? 0);
  if (!Number.isInteger(n) || n < 12) return plural(n, 'month');
  const years = Math.floor(n / 12);
  const rest = n % 12;
  // under two years reads best in months ("18 months"), as a retention period or placement length is said
  if (years < 2 && rest) return plural(n, 'month');
  return rest ? `${plural(years, 'year')} and ${plural(rest, 'month')}` : plural(years, 'year');
}
