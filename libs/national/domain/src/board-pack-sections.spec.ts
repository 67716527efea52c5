import type { EntityManager } from 'typeorm';
import { BoardPackSectionsReader } from './board-pack-sections';
import type { ProgrammeStore, ReleaseRatingRow, ReleaseReformRow } from './programme.store';

/** A stand-in for the one reader of what releases say besides figures: rows by release id. */
function programme(ratings: ReleaseRatingRow[], reforms: ReleaseReformRow[]): ProgrammeStore {
  return {
    ratings: async (_m: EntityManager, ids: readonly string[]) => ratings.filter((r) => ids.includes(r.releaseId)),
    reforms: async (_m: EntityManager, ids: readonly string[]) => reforms.filter((r) => ids.includes(r.releaseId)),
  } as unknown as ProgrammeStore;
}

const m = {} as EntityManager;
const releases = [
  { id: 'r1', partnershipName: 'Northfield' },
  { id: 'r2', partnershipName: 'Eastmoor' },
];
const names = new Map([['ap.referrals', 'Referrals to AP']]);
const rating = (r: Partial<ReleaseRatingRow>): ReleaseRatingRow => ({
  releaseId: 'r1',
  indicatorCode: 'ap.referrals',
  indicatorName: 'Referrals to AP',
  rag: 'green',
  exception: false,
  ownerName: null,
  commentary: '',
  ...r,
});
const reform = (r: Partial<ReleaseReformRow>): ReleaseReformRow => ({
  releaseId: 'r1',
  reformCode: 'ap.tiered',
  reformName: 'Tiered AP',
  reformsVersion: '2026-1',
  laNumber: '888',
  gssCode: 'E10000017',
  laName: 'Lancashire',
  status: 'active',
  since: '2026-01-05',
  reason: '',
  ...r,
});

describe('the board pack’s sections besides its figures', () => {
  it('are empty when the releases named publish no ratings or register', async () => {
    expect(await new BoardPackSectionsReader(programme([], [])).read(m, releases, names)).toEqual({
      ratings: [],
      exceptions: [],
      reforms: [],
    });
  });

  it('hold the ratings, the exceptions the partnerships marked (with owner and commentary) and the register, of the releases named only', async () => {
    const reader = new BoardPackSectionsReader(
      programme(
        [
          rating({ releaseId: 'r1', rag: 'green', commentary: 'On track' }),
          rating({ releaseId: 'r2', rag: 'red', exception: true, ownerName: 'Lead', commentary: 'Panels late' }),
          rating({ releaseId: 'r2', indicatorCode: 'ap.days', indicatorName: 'Days', rag: 'red' }),
          rating({ releaseId: 'r9', rag: 'red', exception: true, commentary: 'Another pack’s release' }),
        ],
        [
          reform({ releaseId: 'r1', status: 'paused', reason: 'Waiting for the new panel' }),
          reform({ releaseId: 'r9' }),
        ],
      ),
    );
    const s = await reader.read(m, releases, names);
    expect(s.ratings).toEqual([
      { partnershipName: 'Eastmoor', indicatorCode: 'ap.days', indicatorName: 'Days', rag: 'red' },
      { partnershipName: 'Eastmoor', indicatorCode: 'ap.referrals', indicatorName: 'Referrals to AP', rag: 'red' },
      { partnershipName: 'Northfield', indicatorCode: 'ap.referrals', indicatorName: 'Referrals to AP', rag: 'green' },
    ]);
    // only what the partnership marked as an exception, never a red it did not
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
      {
        partnershipName: 'Northfield',
        reform: 'Tiered AP',
        laName: 'Lancashire',
        status: 'Paused',
        note: 'Waiting for the new panel',
      },
    ]);
  });
});
