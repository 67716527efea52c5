import { partnershipFigure, periodsBetween } from './indicator-library.service';
import { parsePeriod } from './reference';
import { checkSubmittedFigure, SubmittedField } from './submitted-checks';
import { readSubmittedFile, SubmittedFileError } from './submitted-file';

const TODAY = '2026-12-06';
const check = (input: Record<string, unknown>) => {
  const problems: [SubmittedField, string][] = [];
  const figure = checkSubmittedFigure(input, TODAY, (f, m) => problems.push([f, m]));
  return { figure, fields: problems.map(([f]) => f) };
};

describe('checks of a submitted figure against its definition', () => {
  const rate = { indicatorCode: 'evaluation.ehcp_20_weeks', period: '2026-27-autumn', numerator: 2, denominator: 3 };

  it('works out a percentage to one decimal and a count as its numerator', () => {
    expect(check(rate).figure).toEqual({
      indicatorCode: 'evaluation.ehcp_20_weeks',
      definitionVersion: 1,
      period: '2026-27-autumn',
      numerator: 2,
      denominator: 3,
      value: 66.7,
    });
    expect(check({ ...rate, value: '66.7' }).fields).toEqual([]);
    expect(
      check({ indicatorCode: 'evaluation.mediation_cases', period: '2025-26-summer', numerator: '1,204' }).figure,
    ).toMatchObject({ numerator: 1204, denominator: null, value: 1204 });
  });

  it.each<[Record<string, unknown>, SubmittedField[]]>([
    [{ indicatorCode: '' }, ['indicatorCode']],
    [{ indicatorCode: 'ap.placements' }, ['indicatorCode']],
    [{ period: '2026-27-spring' }, ['period']],
    [{ period: '2026-28-autumn' }, ['period']],
    [{ numerator: '' }, ['numerator']],
    [{ numerator: '1.5' }, ['numerator']],
    [{ numerator: -2 }, ['numerator']],
    [{ denominator: '' }, ['denominator']],
    [{ denominator: 0, numerator: 0 }, ['denominator']],
    [{ denominator: 1, numerator: 2 }, ['denominator']],
    [{ value: 50 }, ['value']],
    [{ indicatorCode: 'evaluation.suspensions_sen', denominator: 4 }, ['denominator']],
    [{ period: 'x', numerator: 'y' }, ['period', 'numerator']],
  ])('refuses %j naming %j', (change, fields) => {
    const r = check({ ...rate, ...change });
    expect(r.fields).toEqual(fields);
    expect(r.figure).toBeNull();
  });

  it('adds up the partnership: numerators over denominators for a percentage, the sum for a count', () => {
    const las = [
      { numerator: 1, denominator: 4, value: 25 },
      { numerator: 3, denominator: 4, value: 75 },
      { numerator: null, denominator: null, value: null },
    ];
    expect(partnershipFigure('percentage', las)).toEqual({ numerator: 4, denominator: 8, value: 50, lasReporting: 2 });
    expect(partnershipFigure('count', las)).toMatchObject({ value: 4, denominator: null, lasReporting: 2 });
    expect(partnershipFigure('count', [])).toMatchObject({ value: null, lasReporting: 0 });
  });

  it('lists the terms between two, oldest first', () => {
    expect(periodsBetween(parsePeriod('2025-26-summer')!, parsePeriod('2026-27-spring')!).map((p) => p.code)).toEqual([
      '2025-26-summer',
      '2026-27-autumn',
      '2026-27-spring',
    ]);
  });

  it('reads a CSV file by its header, in any order and case, and refuses a workbook or a missing column', () => {
    const rows = readSubmittedFile(
      Buffer.from('\uFEFFPeriod,Indicator_Code,numerator\n2025-26-summer,evaluation.mediation_cases,3\n\n'),
    );
    expect(rows).toEqual([
      {
        row: 2,
        values: {
          la_number: '',
          indicator_code: 'evaluation.mediation_cases',
          period: '2025-26-summer',
          numerator: '3',
          denominator: '',
        },
      },
    ]);
    expect(() => readSubmittedFile(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1]))).toThrow(SubmittedFileError);
    try {
      readSubmittedFile(Buffer.from('period,numerator\n'));
      throw new Error('read');
    } catch (e) {
      expect((e as SubmittedFileError).errors.map((x) => x.field)).toEqual(['rows[1].indicator_code']);
    }
  });
});
