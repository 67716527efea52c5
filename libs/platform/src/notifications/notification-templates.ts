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

/** The core's own emails (sign-in and accounts); a domain module registers its own (registerNotificationTemplates). */
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
} as const satisfies Record<string, NotificationTemplate>;

/** A template's name: the core's or one a module registered. */
export type NotificationTemplateName = keyof typeof NOTIFICATION_TEMPLATES | (string & Record<never, never>);

const registered = new Map<string, { module: string; template: NotificationTemplate }>();
const registrationProblems: string[] = [];

/**
 * A domain module's emails, registered when its templates file is imported (the module's index
 * imports it). A name the core or another module already has is recorded as a problem, and the
 * app stops at start (NotificationService) with one line naming it.
 */
export function registerNotificationTemplates(
  module: string,
  templates: Readonly<Record<string, NotificationTemplate>>,
): void {
  for (const [name, template] of Object.entries(templates)) {
    registrationProblems.push(...templateProblems(name, template));
    const other = Object.prototype.hasOwnProperty.call(NOTIFICATION_TEMPLATES, name)
      ? 'the core'
      : registered.get(name)?.module;
    if (other && !(other === module && registered.get(name)?.template === template))
      registrationProblems.push(`the template "${name}" of ${module} is already ${other}'s`);
    else registered.set(name, { module, template });
  }
}

/**
 * What is wrong with a template: a placeholder it does not declare, a declared field it never
 * uses, or a field about a child (notifications never name or describe one).
 */
export function templateProblems(name: string, t: NotificationTemplate): string[] {
  const used = new Set([...`${t.subject}\n${t.body}`.matchAll(/\(\(([a-z_]+)\)\)/g)].map((m) => m[1]));
  const declared = new Set([...t.required, ...t.optional]);
  const problems: string[] = [];
  for (const f of used) if (!declared.has(f)) problems.push(`the template "${name}" uses "${f}" without declaring it`);
  for (const f of declared) if (!used.has(f)) problems.push(`the template "${name}" declares "${f}" and never uses it`);
  for (const f of declared)
    if (/pupil|child|upn|dob|birth|(^|_)(first_|last_|sur)?name$/.test(f) && f !== 'service_name')
      problems.push(`the template "${name}" has a field about a child, "${f}"`);
  return problems;
}

export class NotificationTemplateError extends Error {
  constructor(problems: string[]) {
    super(`Notification templates are wrong: ${problems.join('; ')}`);
    this.name = 'NotificationTemplateError';
  }
}

/** Stops on a template registered twice (called when the notification service starts). */
export function validateNotificationTemplates(): void {
  if (registrationProblems.length) throw new NotificationTemplateError([...registrationProblems]);
}

/** A template by name, the core's or a module's. */
export function notificationTemplate(name: string): NotificationTemplate | undefined {
  return Object.prototype.hasOwnProperty.call(NOTIFICATION_TEMPLATES, name)
    ? (NOTIFICATION_TEMPLATES as Record<string, NotificationTemplate>)[name]
    : registered.get(name)?.template;
}

/** Every template's name, the core's and the registered modules'. */
export function notificationTemplateNames(): string[] {
  return [...Object.keys(NOTIFICATION_TEMPLATES), ...registered.keys()];
}
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
  return typeof name === 'string' && notificationTemplate(name) !== undefined;
}

/**
 * Checks a personalisation against its template: every required field present and not empty, no
 * unknown field, every value a string under 500 characters. Answers the full set of fields, with
 * missing optional ones as empty strings (Notify refuses a template whose placeholder has no value).
 */
export function validatePersonalisation(template: string, personalisation: unknown): Personalisation {
  if (!isNotificationTemplate(template))
    throw new PersonalisationError(`There is no notification template "${String(template).slice(0, 60)}"`);
  const def = notificationTemplate(template)!;
  if (personalisation === null || typeof personalisation !== 'object' || Array.isArray(personalisation)) {
    throw new PersonalisationError(`The personalisation of "${template}" must be an object of strings`);
  }
  const given = personalisation as Record<string, unknown>;
  const known = new Set([...def.required, ...def.optional]);
  for (const key of Object.keys(given)) {
    if (!known.has(key))
      throw new PersonalisationError(`Template "${template}" has no personalisation field "${key.slice(0, 60)}"`);
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
    if (typeof value !== 'string')
      throw new PersonalisationError(`Personalisation field "${key}" of "${template}" must be a string`);
    if (value.length >= PERSONALISATION_MAX_LENGTH) {
      throw new PersonalisationError(
        `Personalisation field "${key}" of "${template}" must be under ${PERSONALISATION_MAX_LENGTH} characters`,
      );
    }
    if (required && value.trim() === '')
      throw new PersonalisationError(`Template "${template}" needs the personalisation field "${key}" (it is empty)`);
    out[key] = value;
  }
  return out;
}

/** The plain-text subject and body of a notification, as the development outbox shows it. */
export function renderNotification(
  template: NotificationTemplateName,
  personalisation: Personalisation,
): { subject: string; body: string } {
  const def = notificationTemplate(template);
  if (!def) throw new PersonalisationError(`There is no notification template "${String(template).slice(0, 60)}"`);
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

const LONDON_DATE = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const LONDON_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h23',
});

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
