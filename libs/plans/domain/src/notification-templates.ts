import { NotificationTemplate, registerNotificationTemplates } from '@rep-hub/platform';

/**
 * Local inclusion plans' emails (GOV.UK Notify templates: the same text is pasted into Notify in
 * production, docs/operations.md). Nothing here is about a child.
 */
export const PLANS_NOTIFICATION_TEMPLATES = {
  /** To the members of an action's owner organisation: the action is past its due date and not done. */
  plans_action_overdue: {
    required: ['service_name', 'action_title', 'plan_title', 'due_on', 'link'],
    optional: [],
    subject: 'An action of the local inclusion plan is overdue: ((action_title))',
    body: [
      'The action “((action_title))” of ((plan_title)) was due on ((due_on)) and is not marked done.',
      'Your organisation owns it. Sign in to ((service_name)) to update its status, RAG rating and progress:',
      '((link))',
    ].join('\n\n'),
  },
  /** To the officers of a plan's LAs: the plan's review date is near or past. */
  plans_review_due: {
    required: ['service_name', 'plan_title', 'review_on', 'link'],
    optional: [],
    subject: 'Local inclusion plan review due: ((plan_title))',
    body: [
      '((plan_title)) is due for review on ((review_on)).',
      'Agree the review with the local partnership and record the new version in ((service_name)):',
      '((link))',
    ].join('\n\n'),
  },
} as const satisfies Record<string, NotificationTemplate>;

registerNotificationTemplates('inclusion-plans', PLANS_NOTIFICATION_TEMPLATES);
