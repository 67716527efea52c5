import { assertControlled } from './control';
import { ControlledRelease, Coordinates, PublishedValue, PublishedVersion, ReleaseInput } from './types';

/** One published figure, for an exporter (CSV, XLSX, JSON): where it sits and what is shown. */
export interface ReleaseRow {
  table: string;
  at: Coordinates;
  type: 'count' | 'rate' | 'statistic';
  value: PublishedValue;
}

/**
 * Every published figure of a controlled release, table by table, in the order given. Throws for
 * anything `controlRelease` did not return: exporters that leave the partnership read through here.
 */
export function releaseRows(release: ControlledRelease): ReleaseRow[] {
  assertControlled(release);
  return release.tables.flatMap((t) => t.cells.map((c) => ({ table: t.name, at: c.at, type: c.type, value: c.value })));
}

/** What to keep of a published release so that a correction can be controlled together with it. */
export function toPublishedVersion(release: ReleaseInput, published: ControlledRelease): PublishedVersion {
  assertControlled(published);
  if ((release.version ?? 1) !== published.version || release.kind !== published.kind)
    throw new Error('disclosure control: the published release is not of this source');
  return { release, published };
}
