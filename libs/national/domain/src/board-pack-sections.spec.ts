import type { EntityManager } from 'typeorm';
import { BoardPackSectionsReader } from './board-pack-sections';

/** A manager that answers `to_regclass` for the tables given and their rows as `to_jsonb`. */
function manager(tables: Record<string, Record<string, unknown>[]>): { m: EntityManager; sql: string[] } {
  const sql: string[] = [];
  const m = {
    query: async (q: string, params: unknown[]) => {
      sql.push(q);
      if (q.includes('to_regclass')) return [{ exists: (params[0] as string) in tables }];
      const table = Object.keys(tables).find((t) => q.includes(`FROM ${t} t`))!;
      const ids = params[0] as string[];
      return tables[table].filter((r) => ids.includes(String(r['release_id']))).map((row) => ({ row }));
    },
  } as unknown as EntityManager;
  return { m, sql };
}

const releases = [
  { id: 'r1', partnershipName: 'Northfield' },
  { id: 'r2', partnershipName: 'Eastmoor' },
];
const names = new Map([['ap.referrals', 'Referrals to AP']]);

describe('the board pack’s optional sections', () => {
  it('are empty, and read nothing else, where the national schema does not publish them', async () => {
    const { m, sql } = manager({});
    expect(await new BoardPackSectionsReader().read(m, releases, names)).toEqual({
      ratings: [],
      exceptions: [],
      reforms: [],
    });
    expect(sql.every((q) => q.includes('to_regclass'))).toBe(true);
  });

  it('read ratings (red or marked ones are exceptions, with their commentary) and reforms of the releases named only', async () => {
    const { m } = manager({
      'national.release_ratings': [
        { release_id: 'r1', indicator_code: 'ap.referrals', rag: 'green', exception: false, commentary: 'On track' },
        { release_id: 'r2', indicator_code: 'ap.referrals', rag: 'red', owner_name: 'Lead', commentary: 'Panels late' },
        { release_id: 'r9', indicator_code: 'ap.referrals', rag: 'red', commentary: 'Another pack’s release' },
      ],
      'national.release_reforms': [
        { release_id: 'r1', reform_name: 'Tiered AP', la_name: 'Lancashire', status: 'testing' },
      ],
    });
    const s = await new BoardPackSectionsReader().read(m, releases, names);
    expect(s.ratings).toEqual([
      { partnershipName: 'Eastmoor', indicatorCode: 'ap.referrals', indicatorName: 'Referrals to AP', rag: 'red' },
      { partnershipName: 'Northfield', indicatorCode: 'ap.referrals', indicatorName: 'Referrals to AP', rag: 'green' },
    ]);
    expect(s.exceptions).toEqual([
      {
        partnershipName: 'Eastmoor',
        indicatorCode: 'ap.referrals',
        indicatorName: 'Referrals to AP',
        rag: 'red',
        ownerName: 'Lead',
        commentary: 'Panels late',
      },
    ]);
    expect(s.reforms).toEqual([
      { partnershipName: 'Northfield', reform: 'Tiered AP', laName: 'Lancashire', status: 'testing', note: null },
    ]);
  });
});
