import { ConflictException } from '@nestjs/common';
import { FieldError, isUuid } from '@rep-hub/platform';
import { ENGLISH_REGIONS } from '@rep-hub/reference';
import { OrganisationKindDefinition, rolesInForce } from '@rep-hub/tenancy';
import type { Response } from 'express';
import { fieldErrorsOf, formFields, takeSavedForm } from '../forms';
import { Journey, JourneyOwner } from '../journeys';
import { saveSession, WebRequest } from '../session/web-session';
import { roleLabel } from '../web-view';

/** The English regions, as a partnership's region is stored (its name). */
export const REGION_NAMES: readonly string[] = ENGLISH_REGIONS.map((r) => r.label);

/** The label of an organisation kind ("Local authority") as the core or its module registers it, or the code. */
export const kindLabel = (code: string | null | undefined): string => (code ? rolesInForce().kindName(code) : '');

/** Which identifier a kind of organisation needs: its hint on the organisation form. */
export function kindHint(kind: OrganisationKindDefinition): string {
  if (kind.code === 'local_authority') return 'Needs its three-digit DfE LA number';
  if (kind.requires?.identifier === 'urn') return 'Needs its URN';
  if (kind.requires?.identifier === 'urn_or_ukprn') return 'Needs its URN or UKPRN';
  if (kind.requires?.identifier === 'ofsted_urn') return 'Needs its Ofsted URN';
  return 'No identifier needed';
}

/** A label inside a sentence: "local authority officer", but "AP provider staff" keeps its acronym. */
export const inSentence = (label: string): string =>
  /^[A-Z]{2}/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);

const withArticle = (words: string): string => `${/^[aeiou]/i.test(words) ? 'an' : 'a'} ${words}`;

/** The organisation kinds a tenant role belongs to, in words: "a training provider or a local authority". */
export function roleKindsText(role: string): string {
  return (rolesInForce().role(role)?.organisationKinds ?? [])
    .map((k) => withArticle(inSentence(kindLabel(k))))
    .join(' or ');
}

/** The label of a platform role, or "None" for a partnership user. */
export const platformRoleLabel = (code: string | null | undefined): string => (code ? roleLabel(code) : 'None');

type TagColour = 'green' | 'blue' | 'grey' | 'yellow' | 'red';
const STATUSES: Record<string, { text: string; colour: TagColour }> = {
  active: { text: 'Active', colour: 'green' },
  invited: { text: 'Invited', colour: 'blue' },
  disabled: { text: 'Disabled', colour: 'grey' },
  suspended: { text: 'Suspended', colour: 'yellow' },
  closed: { text: 'Closed', colour: 'grey' },
  revoked: { text: 'Removed', colour: 'grey' },
  sent: { text: 'Sent', colour: 'green' },
  failed: { text: 'Failed', colour: 'red' },
};

/** A status as a GOV.UK tag: its text and classes. */
export function statusTag(status: string): { text: string; classes: string } {
  const s = STATUSES[status] ?? { text: status, colour: 'grey' as TagColour };
  return { text: s.text, classes: `govuk-tag--${s.colour}` };
}

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
});

/** A date and time as GOV.UK writes it, UK time: "4 December 2026 at 3:15pm". */
export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return '';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const p = Object.fromEntries(LONDON.formatToParts(date).map((x) => [x.type, x.value]));
  return `${p['day']} ${p['month']} ${p['year']} at ${p['hour']}:${p['minute']}${(p['dayPeriod'] ?? '').toLowerCase().replace(/\s/g, '')}`;
}

/** One error per field (the first), so the summary never links twice to the same input. */
export function oneEach(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => (seen.has(e.field) ? false : (seen.add(e.field), true)));
}

/**
 * The field errors of a service call in plain English against the page's inputs: `rename` maps a
 * service field to the input it belongs to, `reword` replaces a service message that names a
 * field in code. A 409 becomes `conflict` when given; anything else is rethrown.
 */
export function pageErrors(
  error: unknown,
  options: {
    rename?: Record<string, string>;
    reword?: (e: FieldError) => string | undefined;
    conflict?: FieldError;
    order?: readonly string[];
  } = {},
): FieldError[] {
  if (error instanceof ConflictException && options.conflict) return [options.conflict];
  const errors = fieldErrorsOf(error).map((e) => ({
    field: options.rename?.[e.field] ?? e.field,
    message: options.reword?.(e) ?? e.message,
  }));
  return oneEach(options.order ? inPageOrder(errors, options.order) : errors);
}

/** Errors in the order of the inputs on the page (the error summary lists them so). */
export function inPageOrder(errors: FieldError[], fields: readonly string[]): FieldError[] {
  const at = (f: string) => (fields.includes(f) ? fields.indexOf(f) : fields.length);
  return [...errors].sort((a, b) => at(a.field) - at(b.field));
}

/** A UUID (a path or query value that names a record): the platform's one check. */
export { isUuid };

/**
 * A question page followed by a check-answers page (GOV.UK pattern), as a journey instance (see
 * journeys.ts): the answers wait in the session under the instance's id, which both pages carry in
 * their URLs; opening the question page afresh starts a new instance. A form kept across signing in
 * again comes back first, on the same instance's page only.
 */
export class CheckAnswersJourney {
  readonly journey: Journey;

  constructor(
    kind: string,
    readonly fields: readonly string[],
    private readonly formPath: string,
    private readonly checkPath: string,
    subject: string,
  ) {
    this.journey = new Journey(kind, formPath, subject);
  }

  /** The question page: its instance (the one the request names, else a new one) and what it shows. */
  open(req: WebRequest, owner: JourneyOwner): { id: string; values: Record<string, string> } {
    const current = this.journey.current(req, owner);
    const id = current?.id ?? this.journey.newId();
    return { id, values: takeSavedForm(req, owner) ?? { ...(current?.instance.answers ?? {}) } };
  }

  /** The instance a posted question page belongs to (a new one when it names none of the user's). */
  postedId(req: WebRequest, owner: JourneyOwner): string {
    return this.journey.idFor(req, owner);
  }

  /** The journey's fields of a posted question page. */
  posted(req: WebRequest): Record<string, string> {
    return pick(formFields(req.body), this.fields);
  }

  /** Keeps the checked answers under the instance and goes on to its check-answers page. */
  async toCheck(
    req: WebRequest,
    res: Response,
    owner: JourneyOwner,
    id: string,
    answers: Record<string, string>,
  ): Promise<void> {
    this.journey.keep(req, id, owner, answers);
    await saveSession(req);
    res.redirect(303, this.checkUrl(id));
  }

  /** The answers of the instance the request names, if it is the user's and live. */
  answers(req: WebRequest, owner: JourneyOwner): { id: string; answers: Record<string, string> } | undefined {
    const current = this.journey.current(req, owner);
    return current && { id: current.id, answers: current.instance.answers };
  }

  /** Back to the question page, a new instance (the one named was never started, or has ended). */
  restart(res: Response): void {
    res.redirect(303, this.formPath);
  }

  end(req: WebRequest, id: string): void {
    this.journey.end(req, id);
  }

  formUrl(id: string): string {
    return this.journey.url(this.formPath, id);
  }

  checkUrl(id: string): string {
    return this.journey.url(this.checkPath, id);
  }
}

/** Keeps only the named fields of a posted form. */
export function pick(fields: Record<string, string>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, fields[n] ?? '']));
}
