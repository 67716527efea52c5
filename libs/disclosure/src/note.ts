import { ControlledCell, DisclosureRules, GSS, MethodNote } from './types';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The note of the method, from what was done to the cells (so it cannot say more or less). */
export function methodNote(x: {
  kind: string;
  rules: DisclosureRules;
  cells: readonly ControlledCell[];
  version: number;
  earlierVersions: number[];
}): MethodNote {
  const count = (reason: ControlledCell['reason'], type?: ControlledCell['type']) =>
    x.cells.filter((c) => c.reason === reason && (!type || c.type === type)).length;
  const primary = count('primary');
  const secondary = count('secondary');
  const earlierVersion = count('earlier-version');
  const dependent = count('dependent');
  const rounded = count('rounded', 'count');
  const low = x.cells.filter((c) => c.value === GSS.low).length;
  const t = x.rules.threshold;
  const lines = [
    `Controlled for sharing outside the partnership by REP Hub's disclosure control: release "${x.kind}", version ${x.version}.`,
    t > 1
      ? `Counts from 1 to ${t - 1} are suppressed and shown as c (${plural(primary, 'count', 'counts')}); 0 is shown as 0.`
      : 'No count is small enough to be suppressed (threshold 1).',
    `${plural(secondary, 'further count is', 'further counts are')} suppressed (c) so that no suppressed count can be worked out from the totals, the other figures or the other tables of this release${x.earlierVersions.length ? ' and its earlier versions' : ''}.`,
  ];
  if (x.earlierVersions.length) {
    lines.push(
      `Controlled together with the earlier published version${x.earlierVersions.length > 1 ? 's' : ''} ${x.earlierVersions.join(', ')}: ${plural(earlierVersion, 'count', 'counts')} suppressed in an earlier version ${earlierVersion === 1 ? 'stays' : 'stay'} suppressed.`,
    );
  }
  lines.push(`Rates and other statistics built on a suppressed count are suppressed too (${dependent}).`);
  lines.push(
    x.rules.roundTotalsTo
      ? `Totals are rounded to the nearest ${x.rules.roundTotalsTo} (${plural(rounded, 'total', 'totals')}), so they may not equal the sum of their parts; rates are computed before rounding.`
      : 'Totals are not rounded.',
  );
  lines.push('Symbols: c suppressed, x not available, z not applicable, low rounds to zero but is not zero.');
  return Object.freeze({
    threshold: t,
    roundTotalsTo: x.rules.roundTotalsTo ?? null,
    primary,
    secondary,
    earlierVersion,
    dependent,
    rounded,
    low,
    version: x.version,
    earlierVersions: Object.freeze([...x.earlierVersions]) as number[],
    lines: Object.freeze(lines) as string[],
  });
}
