import { months, plural } from './words';

describe('words', () => {
  it('writes one and many', () => {
    expect(plural(1, 'day')).toBe('1 day');
    expect(plural(6, 'session')).toBe('6 sessions');
    expect(plural(0, 'alert')).toBe('0 alerts');
    expect(plural(2, 'child', 'children')).toBe('2 children');
    expect(plural(1200, 'pupil')).toBe('1,200 pupils');
  });

  it('writes months as years when they make whole years', () => {
    expect(months(300)).toBe('25 years');
    expect(months(12)).toBe('1 year');
    expect(months(18)).toBe('18 months');
    expect(months(30)).toBe('2 years and 6 months');
    expect(months(1)).toBe('1 month');
    expect(months('84')).toBe('7 years');
  });
});
