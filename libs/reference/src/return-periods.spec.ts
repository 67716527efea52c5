import { dueOn, parsePeriod, periodExists, periodOf, previousPeriod, RETURN_DUE_DAYS } from './return-periods';

describe('return periods', () => {
  it('parses a term code into its fixed dates and name, and refuses a code whose years do not follow', () => {
    expect(parsePeriod('2026-27-autumn')).toEqual({
      code: '2026-27-autumn',
      name: 'Autumn term 2026 to 2027',
      from: '2026-09-01',
      to: '2026-12-31',
    });
    expect(parsePeriod('2025-26-spring')?.from).toBe('2026-01-01');
    expect(parsePeriod('2025-26-summer')?.to).toBe('2026-08-31');
    expect(parsePeriod('2026-28-autumn')).toBeNull();
    expect(parsePeriod('2026-27-winter')).toBeNull();
  });

  it('finds the period of a day and the one before it, across the academic year', () => {
    expect(periodOf('2026-09-01').code).toBe('2026-27-autumn');
    expect(periodOf('2027-03-31').code).toBe('2026-27-spring');
    expect(previousPeriod(parsePeriod('2026-27-autumn')!).code).toBe('2025-26-summer');
    expect(previousPeriod(parsePeriod('2026-27-spring')!).code).toBe('2026-27-autumn');
  });

  it('says a period exists once begun, and is due six weeks after it ends', () => {
    expect(periodExists('2026-27-autumn', '2026-08-31')).toBe(false);
    expect(periodExists('2026-27-autumn', '2026-09-01')).toBe(true);
    expect(RETURN_DUE_DAYS).toBe(42);
    expect(dueOn(parsePeriod('2026-27-autumn')!)).toBe('2027-02-11');
    expect(dueOn(parsePeriod('2025-26-spring')!)).toBe('2026-05-12');
  });
});
