import { randomUUID } from 'node:crypto';
import { PendingRow, PendingRows } from './enrolment-upload-pending';
import { EnrolmentStatus } from './workforce.model';

describe('PendingRows (what an upload has left to write, as columns)', () => {
  const chains: Record<string, readonly EnrolmentStatus[]> = {
    none: [],
    active: ['enrolled', 'active'],
    withdrawn: ['withdrawn'],
  };
  const row = (n: number): PendingRow => ({
    participantId: randomUUID(),
    enrolmentId: n % 3 === 0 ? randomUUID() : null,
    laId: `00000000-0000-4000-8000-00000000000${n % 4}`,
    windowEndsOn: n % 5 === 0 ? null : `2029-0${1 + (n % 9)}-01`,
    moves: n % 7 === 0 ? chains['withdrawn'] : n % 2 ? chains['active'] : chains['none'],
    reason: n % 7 === 0 ? `Left the post ${n}` : null,
    milestones:
      n % 2
        ? [
            { milestone: 'started', evidenceOn: '2026-09-14' },
            { milestone: 'completed', evidenceOn: `2026-11-${10 + (n % 18)}` },
          ]
        : [],
    takes: n % 7 !== 0,
  });

  it('gives back every row as it was pushed, past the first columns’ capacity', () => {
    const rows = Array.from({ length: 2_500 }, (_, n) => row(n));
    const pending = new PendingRows();
    for (const r of rows) pending.push(r);
    expect(pending.length).toBe(2_500);
    rows.forEach((r, i) => {
      expect(pending.at(i)).toEqual(r);
      expect(pending.movesOf(i)).toBe(r.moves);
      expect(pending.recorded(i)).toBe(r.enrolmentId !== null);
      expect(pending.takes(i)).toBe(r.takes);
    });
  });

  it('keeps a new enrolment’s id once it is chosen, and only that row’s', () => {
    const pending = new PendingRows();
    pending.push({ ...row(1), enrolmentId: null });
    pending.push({ ...row(2), enrolmentId: null });
    const id = randomUUID();
    pending.setEnrolmentId(1, id);
    expect(pending.at(1).enrolmentId).toBe(id);
    expect(pending.recorded(1)).toBe(true);
    expect(pending.at(0).enrolmentId).toBeNull();
    expect(pending.recorded(0)).toBe(false);
  });
});
