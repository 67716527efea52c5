import { FieldError, optionalDate, requiredText } from '@rep-hub/platform';

export const PERIOD_PATTERN = /^[0-9]{4}-[0-9]{2}-(autumn|spring|summer)$/;

/** What a board pack is asked for with: a title, the meeting's date and the period it reports. */
export interface BoardPackInput {
  title: string;
  meetingDate: string;
  period: string;
}

/** The field errors of a request for a pack (the API and the pages say the same); the input when there are none. */
export function boardPackProblems(input: { title?: unknown; meetingDate?: unknown; period?: unknown }): {
  errors: FieldError[];
  value?: BoardPackInput;
} {
  const errors: FieldError[] = [];
  const title = requiredText(input.title, 'title', 200, 'Enter the pack’s title', 'The title', errors);
  let meetingDate: string | null | undefined;
  if (input.meetingDate === undefined || input.meetingDate === null || input.meetingDate === '') {
    errors.push({ field: 'meetingDate', message: 'Enter the date of the meeting' });
  } else meetingDate = optionalDate(input.meetingDate, 'meetingDate', 'the date of the meeting', errors);
  const period = typeof input.period === 'string' ? input.period.trim() : '';
  if (!period) errors.push({ field: 'period', message: 'Select the period the pack reports' });
  else if (!PERIOD_PATTERN.test(period))
    errors.push({ field: 'period', message: 'Select a period coded like 2025-26-spring' });
  if (errors.length || !title || !meetingDate) return { errors };
  return { errors, value: { title, meetingDate, period } };
}
