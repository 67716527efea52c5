/**
 * The emails REP Hub sends, by name. Each names the personalisation fields it takes (every value
 * a string under 500 characters) and carries a plain-text subject and body with GOV.UK Notify's
 * `((field))` placeholders: the same text is pasted into the Notify templates in production
 * (docs/operations.md) and renders the development outbox. Notifications say what to do and by
 * when; they never name or describe a child.
 */
export interface NotificationTemplate {
  /** Fields the template cannot do without. */
  required: readonly string[];
  /** Fields the template can do without (sent to Notify as an empty string when missing). */
  optional: readonly string[];
  subject: string;
  body: string;
}

export const SERVICE_NAME = 'REP Hub';

export const NOTIFICATION_TEMPLATES = {
  /** A new account: choose a password through a single-use link (7 days). */
  invite: {
    required: ['service_name', 'link', 'expires_on'],
    optional: ['role_description'],
    subject: 'Create your password for ((service_name))',
    body: [
      'You have been invited to use ((service_name)), the service for the SEND and alternative provision Change Programme Partnerships.',
      '((role_description))',
      'To start using it, create your password before ((expires_on)):',
      '((link))',
      'The link works once. If it has stopped working, ask your REP Hub administrator for a new invitation.',
      'If you were not expecting this email, you can ignore it.',
    ].join('\n\n'),
  },
  /** A password reset: choose a new password through a single-use link (2 hours). */
  password_reset: {
    required: ['service_name', 'link', 'expires_at'],
    optional: [],
    subject: 'Reset your ((service_name)) password',
    body: [
      'Someone asked to reset the password for your ((service_name)) account.',
      'To choose a new password, use this link before ((expires_at)):',
      '((link))',
      'The link works once. Choosing a new password signs you out everywhere.',
      'If you did not ask for this, you can ignore this email: your password has not changed.',
    ].join('\n\n'),
  },
  /** The day before an invitation expires, to someone who has not yet created a password. */
  invite_reminder: {
    required: ['service_name', 'expires_at', 'invited_on'],
    optional: [],
    subject: 'Your invitation to ((service_name)) expires soon',
    body: [
      'You have been invited to use ((service_name)) but have not created your password yet.',
      'Create your password before ((expires_at)), using the link in the email we sent you on ((invited_on)).',
      'After that the link stops working, and you will need to ask your REP Hub administrator for a new invitation.',
      'If you were not expecting this email, you can ignore it.',
    ].join('\n\n'),
  },
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

export type NotificationTemplateName = keyof typeof NOTIFICATION_TEMPLATES;
export type Personalisation = Record<string, string>;

export const PERSONALISATION_MAX_LENGTH = 500;

/** A personalisation the template cannot take. The message names the template and field, never a value. */
export class PersonalisationError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'PersonalisationError';
  }
}

export function isNotificationTemplate(name: unknown): name is NotificationTemplateName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(NOTIFICATION_TEMPLATES, name);
}

/**
 * Checks a personalisation against its template: every required field present and not empty, no
 * unknown field, every value a string under 500 characters. Answers the full set of fields, with
 * missing optional ones as empty strings (Notify refuses a template whose placeholder has no value).
 */
export function validatePersonalisation(template: string, personalisation: unknown): Personalisation {
  if (!isNotificationTemplate(template)) throw new PersonalisationError(`There is no notification template "${String(template).slice(0, 60)}"`);
  const def: NotificationTemplate = NOTIFICATION_TEMPLATES[template];
  if (personalisation === null || typeof personalisation !== 'object' || Array.isArray(personalisation)) {
    throw new PersonalisationError(`The personalisation of "${template}" must be an object of strings`);
  }
  const given = personalisation as Record<string, unknown>;
  const known = new Set([...def.required, ...def.optional]);
  for (const key of Object.keys(given)) {
    if (!known.has(key)) throw new PersonalisationError(`Template "${template}" has no personalisation field "${key.slice(0, 60)}"`);
  }
  const out: Personalisation = {};
  for (const key of [...def.required, ...def.optional]) {
    const value = given[key];
    const required = def.required.includes(key);
    if (value === undefined || value === null) {
      if (required) throw new PersonalisationError(`Template "${template}" needs the personalisation field "${key}"`);
      out[key] = '';
      continue;
    }
    if (typeof value !== 'string') throw new PersonalisationError(`Personalisation field "${key}" of "${template}" must be a string`);
    if (value.length >= PERSONALISATION_MAX_LENGTH) {
      throw new PersonalisationError(`Personalisation field "${key}" of "${template}" must be under ${PERSONALISATION_MAX_LENGTH} characters`);
    }
    if (required && value.trim() === '') throw new PersonalisationError(`Template "${template}" needs the personalisation field "${key}" (it is empty)`);
    out[key] = value;
  }
  return out;
}

/** The plain-text subject and body of a notification, as the development outbox shows it. */
export function renderNotification(template: NotificationTemplateName, personalisation: Personalisation): { subject: string; body: string } {
  const def: NotificationTemplate = NOTIFICATION_TEMPLATES[template];
  const fill = (text: string) => text.replace(/\(\(([a-z_]+)\)\)/g, (_, key: string) => personalisation[key] ?? '');
  return {
    subject: fill(def.subject),
    // an empty optional field leaves no empty paragraph behind
    body: fill(def.body)
      .split('\n\n')
      .filter((p) => p.trim() !== '')
      .join('\n\n'),
  };
}

const LONDON_DATE = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });
const LONDON_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: 'numeric', minute: '2-digit', hourCycle: 'h23' });

/** A date as GOV.UK writes it, in UK time: "4 December 2026". */
export function humanDate(at: Date): string {
  return LONDON_DATE.format(at);
}

/** A time and date as GOV.UK writes them, in UK time: "2:30pm on 4 December 2026", "5pm on …", "midday on …". */
export function humanDateTime(at: Date): string {
  const [h, m] = LONDON_TIME.format(at).split(':').map(Number);
  let time: string;
  if (m === 0 && h === 12) time = 'midday';
  else if (m === 0 && h === 0) time = 'midnight';
  else time = `${h % 12 === 0 ? 12 : h % 12}${m === 0 ? '' : `:${String(m).padStart(2, '0')}`}${h < 12 ? 'am' : 'pm'}`;
  return `${time} on ${humanDate(at)}`;
}
