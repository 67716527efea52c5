import { IsCheckedBy, IsFilled } from '@rep-hub/platform';
import { IsIn } from 'class-validator';
import { ALERT_DECISIONS, CME_DECISIONS } from './alerts.model';

/**
 * The decision that closes an alert, as the API's body (CloseAlertDto, which adds the version) and
 * the alert page's form both check it: one set of rules and messages (fieldErrorsOf on the page).
 * The service checks the same again before it writes.
 */
export class AlertDecisionInput {
  @IsFilled({ message: 'Choose the decision' })
  @IsIn(ALERT_DECISIONS, { message: `Choose the decision: ${ALERT_DECISIONS.join(', ')}` })
  decision: string;

  @IsCheckedBy((note, input) =>
    note !== undefined && note !== null && typeof note !== 'string'
      ? 'The note must be text'
      : typeof note === 'string' && note.trim().length > 2000
        ? 'The note must be 2,000 characters or fewer'
        : (typeof note !== 'string' || !note.trim()) && CME_DECISIONS.includes(input['decision'] as never)
          ? 'Say why: a children-missing-education decision needs a note'
          : undefined,
  )
  note?: string;
}
