import { periodExists, SubmittedIndicatorDefinition, submittedIndicator } from './reference';

/** The largest numerator or denominator a submitted figure may carry (a typing slip beyond it). */
export const MAX_SUBMITTED_NUMBER = 10_000_000;

/** A figure as sent (a JSON body, a form or a file's row): every field is checked here. */
export interface SubmittedFigureInput {
  indicatorCode?: unknown;
  period?: unknown;
  numerator?: unknown;
  denominator?: unknown;
  value?: unknown;
}

/** A figure that passed its definition's checks. */
export interface CheckedFigure {
  indicatorCode: string;
  definitionVersion: number;
  period: string;
  numerator: number;
  denominator: number | null;
  value: number;
}

export type SubmittedField = 'indicatorCode' | 'period' | 'numerator' | 'denominator' | 'value';

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** A number as sent: a JSON number or its text (commas between thousands allowed); NaN otherwise. */
function numberOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return NaN;
  const t = v.trim().replace(/,(?=\d{3}(\D|$))/g, '');
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
}

/** A percentage to one decimal, as every figure here is shown. */
export const percentOf = (numerator: number, denominator: number): number =>
  Math.round((numerator * 1000) / denominator) / 10;

/**
 * Checks one submitted figure against its definition, calling `problem` once per bad field (in the
 * form's order): a known submitted indicator, a period that exists on `today` (it parses and has
 * begun), a whole numerator from 0, for a percentage a whole denominator above 0 and not below the
 * numerator (the value is numerator / denominator × 100 to one decimal, and a value sent must
 * agree), for a count no denominator. Returns the figure when every field is good.
 */
export function checkSubmittedFigure(
  input: SubmittedFigureInput,
  today: string,
  problem: (field: SubmittedField, message: string) => void,
): CheckedFigure | null {
  let ok = true;
  const fail = (field: SubmittedField, message: string) => {
    ok = false;
    problem(field, message);
  };
  const code = typeof input.indicatorCode === 'string' ? input.indicatorCode.trim() : '';
  let def: SubmittedIndicatorDefinition | undefined;
  if (!code) fail('indicatorCode', 'Choose the indicator');
  else if (!(def = submittedIndicator(code)))
    fail('indicatorCode', `“${code.slice(0, 60)}” is not an indicator that LAs submit`);

  const period = typeof input.period === 'string' ? input.period.trim() : '';
  if (!period) fail('period', 'Choose the period');
  else if (!periodExists(period, today))
    fail(
      'period',
      /^\d{4}-\d{2}-(autumn|spring|summer)$/.test(period)
        ? `The period ${period} has not begun yet`
        : 'The period must be a term written like 2025-26-summer',
    );

  const numerator = numberOf(input.numerator);
  if (blank(input.numerator)) fail('numerator', 'Enter the numerator');
  else if (!Number.isInteger(numerator) || numerator < 0)
    fail('numerator', 'The numerator must be a whole number, 0 or more');
  else if (numerator > MAX_SUBMITTED_NUMBER)
    fail('numerator', `The numerator must be ${MAX_SUBMITTED_NUMBER.toLocaleString('en-GB')} or less`);

  let denominator: number | null = null;
  if (def && def.unit === 'percentage') {
    denominator = numberOf(input.denominator);
    if (blank(input.denominator)) fail('denominator', 'Enter the denominator');
    else if (!Number.isInteger(denominator) || denominator < 1)
      fail('denominator', 'The denominator must be a whole number, 1 or more');
    else if (denominator > MAX_SUBMITTED_NUMBER)
      fail('denominator', `The denominator must be ${MAX_SUBMITTED_NUMBER.toLocaleString('en-GB')} or less`);
    else if (Number.isInteger(numerator) && numerator > denominator)
      fail('denominator', 'The denominator must be at least the numerator: a rate cannot be above 100%');
  } else if (def && !blank(input.denominator)) {
    fail('denominator', `${def.name} is a count: leave the denominator empty`);
  }

  let value: number | null = null;
  if (ok && def) {
    value = def.unit === 'percentage' ? percentOf(numerator, denominator!) : numerator;
    if (!blank(input.value)) {
      const sent = numberOf(input.value);
      if (!Number.isFinite(sent) || Math.abs(sent - value) > 0.05)
        fail(
          'value',
          def.unit === 'percentage'
            ? `The value must be the numerator over the denominator × 100 (${value}), or left out`
            : `The value of a count must equal its numerator (${value}), or be left out`,
        );
    }
  }
  if (!ok || !def || value === null) return null;
  return { indicatorCode: def.code, definitionVersion: def.version, period, numerator, denominator, value };
}
