import { NotificationTemplate, registerNotificationTemplates } from '@rep-hub/platform';

/**
 * Workforce training's emails (GOV.UK Notify templates: the same text is pasted into Notify in
 * production, docs/operations.md). They name the cohort, the programme and the employing LA, never
 * the participant: the link opens the enrolment for those who may see it.
 */
export const WORKFORCE_NOTIFICATION_TEMPLATES = {
  /** To the workforce leads, the employing LA's officers and the cohort's training provider: a participant's window to qualify ends soon. */
  workforce_window_ending: {
    required: ['service_name', 'programme', 'cohort', 'local_authority', 'ends_on', 'link'],
    optional: [],
    subject: 'A window to qualify ends on ((ends_on)): ((programme))',
    body: [
      'A participant of ((cohort)) (((programme))), employed by ((local_authority)), has until ((ends_on)) to qualify and has not completed the programme.',
      'Check their progress with the training provider, and record the completion or any change of status in ((service_name)):',
      '((link))',
    ].join('\n\n'),
  },
  /** To the workforce leads and the employing LA's officers: an educational psychologist's tie-in to LA employment ends soon. */
  workforce_tie_in_ending: {
    required: ['service_name', 'programme', 'cohort', 'local_authority', 'ends_on', 'link'],
    optional: [],
    subject: 'A tie-in to ((local_authority)) ends on ((ends_on))',
    body: [
      'The local authority employment tie-in of a participant of ((cohort)) (((programme))) ends on ((ends_on)). After that date they are free to leave ((local_authority)).',
      'Sign in to ((service_name)) to see who it is, and plan for the post:',
      '((link))',
    ].join('\n\n'),
  },
} as const satisfies Record<string, NotificationTemplate>;

registerNotificationTemplates('workforce', WORKFORCE_NOTIFICATION_TEMPLATES);
