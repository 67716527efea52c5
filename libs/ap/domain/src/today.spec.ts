import { defaultPeriod } from './measures.model';
import { isoToday } from './input';

/**
 * AP's "today" across midnight in British Summer Time: at 00:30 on 2 June in England it is
 * 2 June (UTC still says 1 June). Before, isoToday() took the UTC date, so a review due on
 * 2 June was "in the past" and a placement starting that day "in the future", while the measures
 * and the retention job already used England's date.
 */
describe("AP's today", () => {
  afterEach(() => jest.useRealTimers());

  it('is the date in England just after midnight in BST', () => {
    jest.useFakeTimers({ now: new Date('2026-06-01T23:30:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
    expect(isoToday()).toBe('2026-06-02');
    expect(defaultPeriod().to).toBe(isoToday()); // one rule: the measures agree
  });

  it('is the date in England in winter too', () => {
    jest.useFakeTimers({ now: new Date('2026-12-01T23:30:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
    expect(isoToday()).toBe('2026-12-01');
  });
});
