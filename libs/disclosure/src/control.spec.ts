import { CallHandler, ExecutionContext, InternalServerErrorException, StreamableFile } from '@nestjs/common';
import { lastValueFrom, of } from 'rxjs';
import { assertControlled, controlRelease, isControlled, rulesFor } from './control';
import { DisclosureInputError } from './model';
import { releaseRows, toPublishedVersion } from './rows';
import { ForSharingInterceptor, isSharedFile, sharedFile } from './sharing';
import { attack } from './testing/attacker';
import { gridTable } from './testing/releases';
import { ControlledRelease, ReleaseInput } from './types';

/**
 * The worked example, as DfE practice treats it: placements by tier in three LAs of a partnership,
 * with each LA's total and the partnership's, and LA B's one tier 1 figure a 2.
 */
const TIERS = { name: 'tier', values: ['tier_1', 'tier_2', 'tier_3'], total: 'total' };
const LAS = { name: 'la', values: ['A', 'B', 'C'], total: 'partnership' };
const placements = (counts = [12, 7, 9, 2, 8, 6, 10, 11, 5], version = 1): ReleaseInput => ({
  kind: 'placements',
  version,
  tables: [gridTable('placements', { dims: [LAS, TIERS], counts })],
});

/** The table as published: LA → [tier_1, tier_2, tier_3, total]. */
function grid(r: ControlledRelease): Record<string, (number | string)[]> {
  const out: Record<string, (number | string)[]> = {};
  for (const c of r.tables[0].cells) {
    if (c.type !== 'count') continue;
    (out[c.at['la']] ??= []).push(c.value);
  }
  return out;
}

describe('disclosure control: the worked example', () => {
  it('suppresses the 1 to 4 count, then the fewest cells that stop it being worked out from the totals', () => {
    const out = controlRelease(placements());
    expect(grid(out)).toEqual({
      A: [12, 7, 9, 28],
      B: ['c', 8, 'c', 16],
      C: ['c', 11, 'c', 26],
      partnership: [24, 26, 20, 70],
    });
    // B's tier 1 could be anything from 0 to 8 (B's tier 3 is then 8 minus it, C's tier 1 12 minus it, C's tier 3 3 plus it)
    expect(attack([[placements(), out]]).recovered).toEqual([]);
    expect(out.note).toMatchObject({ threshold: 5, primary: 1, secondary: 3, dependent: 0, rounded: 0 });
    expect(out.note.lines).toEqual([
      `Controlled for sharing outside the partnership by REP Hub's disclosure control: release "placements", version 1.`,
      'Counts from 1 to 4 are suppressed and shown as c (1 count); 0 is shown as 0.',
      '3 further counts are suppressed (c) so that no suppressed count can be worked out from the totals, the other figures or the other tables of this release.',
      'Rates and other statistics built on a suppressed count are suppressed too (0).',
      'Totals are not rounded.',
      'Symbols: c suppressed, x not available, z not applicable, low rounds to zero but is not zero.',
    ]);
  });

  it('keeps an LA table and its partnership total in another table, and a breakdown beside its parent, from giving the count away', () => {
    const release: ReleaseInput = {
      kind: 'placements',
      tables: [
        gridTable('by-la', { dims: [{ name: 'la', values: ['A', 'B', 'C'] }], counts: [12, 3, 10] }),
        { name: 'partnership', dimensions: [], cells: [{ at: {}, count: 25 }] },
        // B's 3 placements by reason: the breakdown of B's figure
        gridTable('b-by-reason', { dims: [{ name: 'reason', values: ['exclusion', 'medical'] }], counts: [2, 1] }),
      ],
      sums: [
        {
          total: { table: 'partnership', at: {} },
          parts: ['A', 'B', 'C'].map((la) => ({ table: 'by-la', at: { la } })),
        },
        {
          total: { table: 'by-la', at: { la: 'B' } },
          parts: ['exclusion', 'medical'].map((reason) => ({ table: 'b-by-reason', at: { reason } })),
        },
      ],
    };
    const out = controlRelease(release);
    const rows = releaseRows(out).map((r) => `${r.table} ${Object.values(r.at).join(' ')}=${r.value}`);
    expect(rows).toEqual([
      'by-la A=12',
      'by-la B=c',
      'by-la C=c',
      'partnership =25',
      'b-by-reason exclusion=c',
      'b-by-reason medical=c',
    ]);
    expect(attack([[release, out]]).recovered).toEqual([]);
  });

  it('suppresses a rate whose numerator or denominator is suppressed, and marks rates over nothing z and tiny ones low', () => {
    const release = placements();
    const ref = (la: string, tier: string) => ({ table: 'placements', at: { la, tier } });
    release.tables[0].cells.push(
      ...['A', 'B', 'C', 'partnership'].map((la) => ({
        at: { la, tier: 'tier_1_rate' },
        rate: { numerator: ref(la, 'tier_1'), denominator: ref(la, 'total') },
      })),
      { at: { la: 'A', tier: 'tier_2_median_days' }, statistic: 21.5, dependsOn: [ref('A', 'tier_2')] },
      { at: { la: 'B', tier: 'tier_2_median_days' }, statistic: 'x', dependsOn: [ref('B', 'tier_2')] },
      { at: { la: 'C', tier: 'tier_1_median_days' }, statistic: 30, dependsOn: [ref('C', 'tier_1')] },
    );
    const out = controlRelease(release);
    const derived = Object.fromEntries(
      out.tables[0].cells.filter((c) => c.type !== 'count').map((c) => [`${c.at['la']} ${c.at['tier']}`, c.value]),
    );
    expect(derived).toEqual({
      'A tier_1_rate': 42.9,
      'B tier_1_rate': 'c',
      'C tier_1_rate': 'c',
      'partnership tier_1_rate': 34.3,
      'A tier_2_median_days': 21.5,
      'B tier_2_median_days': 'x',
      'C tier_1_median_days': 'c',
    });
    expect(out.note.dependent).toBe(3);

    const empty: ReleaseInput = {
      kind: 'rates',
      tables: [
        {
          name: 't',
          dimensions: [{ name: 'k' }],
          cells: [
            { at: { k: 'zero' }, count: 0 },
            { at: { k: 'many' }, count: 40_000 },
            { at: { k: 'some' }, count: 5 },
            { at: { k: 'na' }, count: 'x' },
            {
              at: { k: 'over-zero' },
              rate: { numerator: { table: 't', at: { k: 'zero' } }, denominator: { table: 't', at: { k: 'zero' } } },
            },
            {
              at: { k: 'tiny' },
              rate: { numerator: { table: 't', at: { k: 'some' } }, denominator: { table: 't', at: { k: 'many' } } },
            },
            {
              at: { k: 'missing' },
              rate: { numerator: { table: 't', at: { k: 'na' } }, denominator: { table: 't', at: { k: 'many' } } },
            },
          ],
        },
      ],
    };
    expect(releaseRows(controlRelease(empty)).map((r) => r.value)).toEqual([0, 40_000, 5, 'x', 'z', 'low', 'x']);
  });

  it('rounds totals to the nearest 10 where the kind says so, and says so in the note', () => {
    const book = { placements: { roundTotalsTo: 10 } };
    const out = controlRelease(placements(), { rules: rulesFor(book, 'placements') });
    const g = grid(out);
    expect(g['partnership']).toEqual([20, 30, 20, 70]);
    expect(g['A'][3]).toBe(30);
    expect(out.note.rounded).toBe(7);
    expect(out.note.lines).toContain(
      'Totals are rounded to the nearest 10 (7 totals), so they may not equal the sum of their parts; rates are computed before rounding.',
    );
    expect(attack([[placements(), out]]).recovered).toEqual([]);
    expect(rulesFor(book, 'other')).toEqual({ threshold: 5 });
    // a rounding that would publish a count below the threshold is refused
    expect(() => controlRelease(placements(), { rules: { threshold: 7, roundTotalsTo: 5 } })).toThrow(RangeError);
  });

  it('controls a correction with the version published before: what was suppressed stays suppressed, and the two together give nothing away', () => {
    const v1 = placements();
    const p1 = controlRelease(v1);
    // A's tier 2 was 7, and is corrected to 3: a new small count, and A's and the partnership's totals change
    const v2 = placements([12, 3, 9, 2, 8, 6, 10, 11, 5], 2);
    const p2 = controlRelease(v2, { previous: [toPublishedVersion(v1, p1)] });
    const g = grid(p2);
    for (const [la, k] of [
      ['B', 0],
      ['B', 2],
      ['C', 0],
      ['C', 2],
    ] as const)
      expect(g[la][k]).toBe('c');
    expect(g['A'][1]).toBe('c');
    expect(p2.note.earlierVersion).toBe(3);
    expect(p2.note.lines).toContain(
      'Controlled together with the earlier published version 1: 3 counts suppressed in an earlier version stay suppressed.',
    );
    expect(
      attack([
        [v1, p1],
        [v2, p2],
      ]).recovered,
    ).toEqual([]);
    // controlled alone, the correction would let A's tier 2 be worked out beside version 1
    const alone = controlRelease(v2);
    expect(
      attack([
        [v1, p1],
        [v2, alone],
      ]).recovered.length,
    ).toBeGreaterThan(0);
  });
});

describe('disclosure control: what it refuses', () => {
  it('refuses totals that do not add up and cells named twice', () => {
    expect(() =>
      controlRelease({
        kind: 'k',
        tables: [
          {
            name: 't',
            dimensions: [{ name: 'la', total: 'all' }],
            cells: [
              { at: { la: 'a' }, count: 3 },
              { at: { la: 'all' }, count: 4 },
            ],
          },
        ],
      }),
    ).toThrow(DisclosureInputError);
    expect(() =>
      controlRelease({
        kind: 'k',
        tables: [
          {
            name: 't',
            dimensions: [{ name: 'la' }],
            cells: [
              { at: { la: 'a' }, count: 3 },
              { at: { la: 'a' }, count: 3 },
            ],
          },
        ],
      }),
    ).toThrow(/given twice/);
    expect(() =>
      controlRelease({
        kind: 'k',
        tables: [{ name: 't', dimensions: [{ name: 'la' }], cells: [{ at: { la: 'a' }, count: 2.5 }] }],
      }),
    ).toThrow(/whole number/);
  });

  it('lets out only what controlRelease returned, frozen', () => {
    const out = controlRelease(placements());
    expect(isControlled(out)).toBe(true);
    expect(Object.isFrozen(out.tables[0].cells[0])).toBe(true);
    const forged = { ...out };
    expect(isControlled(forged)).toBe(false);
    expect(() => assertControlled(forged)).toThrow(/only a release returned by controlRelease/);
    expect(() => releaseRows(forged)).toThrow(/only a release returned by controlRelease/);
  });

  it('makes shared files only from a controlled release, and the route interceptor sends nothing else', async () => {
    const out = controlRelease(placements());
    const render = jest.fn((rows: { value: unknown }[]) => Buffer.from(rows.map((r) => String(r.value)).join(',')));
    const file = await sharedFile(out, { contentType: 'text/csv', filename: 'f.csv', render });
    expect(isSharedFile(file)).toBe(true);
    expect(file.body.toString()).toBe('12,7,9,28,c,8,c,16,c,11,c,26,24,26,20,70');
    await expect(sharedFile({ ...out }, { contentType: 'text/csv', filename: 'f.csv', render })).rejects.toThrow(
      /controlRelease/,
    );

    const headers: Record<string, string> = {};
    const ctx = {
      switchToHttp: () => ({ getResponse: () => ({ setHeader: (k: string, v: string) => (headers[k] = v) }) }),
    } as unknown as ExecutionContext;
    const handler = (value: unknown): CallHandler => ({ handle: () => of(value) });
    const interceptor = new ForSharingInterceptor();
    const sent = await lastValueFrom(interceptor.intercept(ctx, handler(file)));
    expect(sent).toBeInstanceOf(StreamableFile);
    expect(headers).toMatchObject({
      'Content-Type': 'text/csv',
      'Content-Disposition': 'attachment; filename="f.csv"',
      'Disclosure-Control': 'controlled; release="placements"; version=1',
    });
    await expect(lastValueFrom(interceptor.intercept(ctx, handler({ ...file })))).rejects.toThrow(
      InternalServerErrorException,
    );
    await expect(lastValueFrom(interceptor.intercept(ctx, handler(Buffer.from('12,7,9'))))).rejects.toThrow(
      InternalServerErrorException,
    );
  });
});
