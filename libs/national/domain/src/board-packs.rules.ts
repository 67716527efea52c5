import { FieldError, optionalDate, requiredText } from '@rep-hub/platform';

export const PERIOD_PATTERN = /^[0-9]{4}-[0-9]{2}-(autumn|spring|summer)$/;

/** What a board pack is asked for with: a title, the meeting's date and the period it reports. */
export interface BoardPackInput {
  title: string;
  meetingDate: string;
  period: string;
}

const first = (errors: FieldError[]) => errors[0]?.message;

/** What is wrong with a pack's title, if anything (the API's DTO and the service say the same). */
export function titleProblem(v: unknown): string | undefined {
  const errors: FieldError[] = [];
  requiredText(v, 'title', 200, 'Enter the pack’s title', 'The title', errors);
  return first(errors);
}

/** What is wrong with the meeting's date (YYYY-MM-DD), if anything. */
export function meetingDateProblem(v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return 'Enter the date of the meeting';
  const errors: FieldError[] = [];
  optionalDate(v, 'meetingDate', 'the date of the meeting', errors);
  return first(errors);
}

/** What is wrong with the period's code, if anything (whether releases exist for it is the service's question). */
export function periodProblem(v: unknown): string | undefined {
  const period = typeof v === 'string' ? v.trim() : '';
  if (!period) return 'Select the period the pack reports';
  if (!PERIOD_PATTERN.test(period)) return 'Select a period coded like 2025-26-spring';
  return undefined;
}

/** The field errors of a request for a pack, each naming its field; the input when there are none. */
export function boardPackProblems(input: { title?: unknown; meetingDate?: unknown; period?: unknown }): {
  errors: FieldError[];
  value?: BoardPackInput;
} {
  const errors: FieldError[] = [];
  for (const [field, problem] of [
    ['title', titleProblem(input.title)],
    ['meetingDate', meetingDateProblem(input.meetingDate)],
    ['period', periodProblem(input.period)],
  ] as const)
    if (problem) errors.push({ field, message: problem });
  if (errors.length) return { errors };
  return {
    errors,
    value: {
      title: String(input.title).trim(),
      meetingDate: String(input.meetingDate).trim(),
      period: String(input.period).trim(),
    },
  };
}
