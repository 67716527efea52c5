import { NotificationTemplate, registerNotificationTemplates } from '@rep-hub/platform';

/**
 * Alternative provision's emails (GOV.UK Notify templates: the same text is pasted into Notify in
 * production, docs/operations.md). Each says what to do and names the case, never the child.
 */
export const AP_NOTIFICATION_TEMPLATES = {
  /** To the officers of an LA: one of its schools commissioned AP itself (no panel). Names no child. */
  ap_school_commission: {
    required: ['service_name', 'reference', 'local_authority', 'link'],
    optional: ['referring_school'],
    subject: 'A school has commissioned alternative provision: ((reference))',
    body: [
      '((referring_school)) has commissioned alternative provision for a pupil of ((local_authority)) without a panel (case ((reference))).',
      'No decision is needed from the panel. To see the case, sign in to ((service_name)):',
      '((link))',
    ].join('\n\n'),
  },
  /** To an LA's virtual school: a placement was agreed for a looked-after child. Names no child. */
  ap_virtual_school_placement: {
    required: ['service_name', 'reference', 'local_authority', 'link'],
    optional: [],
    subject: 'Alternative provision placement for a looked-after child: ((reference))',
    body: [
      'A provider has accepted an alternative provision placement for a looked-after child of ((local_authority)) (case ((reference))).',
      'The child’s local authority officers can give you the details. Sign in to ((service_name)) to see the case if you have access:',
      '((link))',
    ].join('\n\n'),
  },
  /** An AP clock's alert (attendance, absence, reviews, tier 2 overrun, follow-ups) to those it concerns. Names no child. */
  ap_alert: {
    required: ['service_name', 'alert_kind', 'summary', 'what_to_do', 'reference', 'local_authority', 'link'],
    optional: [],
    subject: '((alert_kind)): alternative provision case ((reference))',
    body: [
      'An alert has been raised on alternative provision case ((reference)) of ((local_authority)).',
      '((summary)).',
      'What to do: ((what_to_do))',
      'To see the alert and record what was done, sign in to ((service_name)):',
      '((link))',
    ].join('\n\n'),
  },
} as const satisfies Record<string, NotificationTemplate>;

registerNotificationTemplates('alternative-provision', AP_NOTIFICATION_TEMPLATES);
