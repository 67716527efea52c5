import {
  CASE_REASONS,
  CaseAction,
  CaseListItem,
  CaseRoute,
  CaseStatus,
  CaseView,
  TimelineEntry,
  URGENCIES,
} from '@rep-hub/ap-domain';
import { FieldError } from '@rep-hub/platform';
import { PLACEMENT_END_DESTINATIONS, SEN_NEED_TYPES, SEN_PROVISION_CODES } from '@rep-hub/reference';
import { tierLabel, tierShort } from './ap-view';
import { formatDate, roleLabel } from '@rep-hub/web-surface';

type TagColour =
  'grey' | 'green' | 'turquoise' | 'blue' | 'light-blue' | 'purple' | 'pink' | 'red' | 'orange' | 'yellow';

const STATUSES: Record<CaseStatus, { text: string; colour: TagColour }> = {
  referred: { text: 'Referred', colour: 'blue' },
  triaged: { text: 'Triaged', colour: 'light-blue' },
  screened: { text: 'Screened for panel', colour: 'purple' },
  more_information_needed: { text: 'More information needed', colour: 'yellow' },
  declined: { text: 'Declined by panel', colour: 'red' },
  offered: { text: 'Offered', colour: 'turquoise' },
  offer_declined: { text: 'Offer declined', colour: 'orange' },
  placement_planned: { text: 'Placement planned', colour: 'pink' },
  placement_active: { text: 'In placement', colour: 'green' },
  ended: { text: 'Ended', colour: 'grey' },
  withdrawn: { text: 'Withdrawn', colour: 'grey' },
};

/** A case status as a GOV.UK tag. */
export function caseStatusTag(status: string): { text: string; classes: string } {
  const s = STATUSES[status as CaseStatus] ?? { text: status, colour: 'grey' as TagColour };
  return { text: s.text, classes: `govuk-tag--${s.colour}` };
}
export const caseStatusText = (status: string): string => STATUSES[status as CaseStatus]?.text ?? status;

export const ROUTE_LABELS: Record<CaseRoute, string> = {
  school_referral: 'School referral to the local authority',
  school_commission: 'School commission (no panel)',
  la_commission: 'Local authority commission for panel',
};
export const routeLabel = (route: string): string => ROUTE_LABELS[route as CaseRoute] ?? route;

export const URGENCY_LABELS: Record<(typeof URGENCIES)[number], { text: string; hint: string }> = {
  urgent: { text: 'Urgent', hint: 'The pupil is out of education now, or the sixth-day duty is close' },
  high: { text: 'High', hint: 'Needs the next panel' },
  standard: { text: 'Standard', hint: 'Can wait for a later panel' },
};
export const urgencyLabel = (u: string | null | undefined): string =>
  u ? (URGENCY_LABELS[u as keyof typeof URGENCY_LABELS]?.text ?? u) : '';
/** Urgent first: the order of the panel's tray within one panel date. */
export const urgencyRank = (u: string | null | undefined): number =>
  u ? URGENCIES.indexOf(u as never) : URGENCIES.length;

export const reasonLabel = (code: string): string => CASE_REASONS.find((r) => r.code === code)?.label ?? code;
export const destinationLabel = (code: string | null | undefined): string =>
  code ? (PLACEMENT_END_DESTINATIONS.find((d) => d.code === code)?.label ?? code) : '';
export const senProvisionLabel = (code: string): string =>
  SEN_PROVISION_CODES.find((c) => c.code === code)?.label ?? code;
export const needLabel = (code: string): string => SEN_NEED_TYPES.find((n) => n.code === code)?.label ?? code;

export const STAGE_LABELS: Record<string, string> = {
  panel: 'At panel (referred, triaged, screened or waiting for information)',
  offers: 'Offers (offered or declined by the provider)',
  placements: 'Placements (planned or active)',
  closed: 'Closed (ended, declined or withdrawn)',
};
export const SORT_LABELS: Record<string, string> = {
  updated: 'Most recently updated',
  oldest: 'Waiting longest',
  panel: 'Next panel date',
};

/** What the button to each action says on the case page. */
export const ACTION_BUTTONS: Record<CaseAction, string> = {
  triage: 'Triage',
  screen: 'Screen for panel',
  request_information: 'Ask for more information',
  provide_information: 'Give the information asked for',
  decide: 'Record the panel’s decision',
  offer: 'Offer to a provider',
  accept: 'Accept the offer',
  decline_offer: 'Decline the offer',
  start: 'Start the placement',
  end: 'End the placement',
  withdraw: 'Withdraw the case',
};

/** The question page heading of each action. */
export const ACTION_TITLES: Record<CaseAction, string> = {
  triage: 'Triage the case',
  screen: 'Screen the case for panel',
  request_information: 'Ask for more information',
  provide_information: 'Give the information asked for',
  decide: 'Record the panel’s decision',
  offer: 'Offer the place to a provider',
  accept: 'Accept the offer',
  decline_offer: 'Decline the offer',
  start: 'Start the placement',
  end: 'End the placement',
  withdraw: 'Withdraw the case',
};

/** The success banner after each action. */
export const ACTION_DONE: Record<CaseAction, string> = {
  triage: 'Case triaged',
  screen: 'Case screened for panel',
  request_information: 'More information asked for',
  provide_information: 'Information given: the case is back with the local authority',
  decide: 'Panel decision recorded',
  offer: 'Place offered to the provider',
  accept: 'Offer accepted: the placement is planned',
  decline_offer: 'Offer declined',
  start: 'Placement started',
  end: 'Placement ended',
  withdraw: 'Case withdrawn',
};

export const pupilName = (p: { givenName: string; familyName: string }): string => `${p.givenName} ${p.familyName}`;

/** One row of a case table. */
export function caseRow(c: CaseListItem) {
  return {
    id: c.id,
    reference: c.reference,
    pupilName: pupilName(c.pupil),
    laName: c.laName,
    tag: caseStatusTag(c.status),
    tierText: tierShort(c.tier ?? c.requestedTier) + (c.tier ? '' : ' (asked for)'),
    urgencyText: urgencyLabel(c.urgency) || 'Not triaged',
    panelDateText: formatDate(c.panelDate) || 'None yet',
    providerName: c.providerName ?? '',
    settingName: c.settingName ?? '',
    routeText: routeLabel(c.route),
    updatedText: formatDate(c.updatedAt.slice(0, 10)),
    createdText: formatDate(c.createdAt.slice(0, 10)),
  };
}

/** What a timeline entry's details say, in words. */
function detailLines(e: TimelineEntry, c: CaseView): string[] {
  const d = e.details ?? {};
  const out: string[] = [];
  if (typeof d['urgency'] === 'string') out.push(`Urgency: ${urgencyLabel(d['urgency'])}`);
  if (typeof d['panelDate'] === 'string') out.push(`Panel date: ${formatDate(d['panelDate'])}`);
  if (typeof d['providerId'] === 'string')
    out.push(`Provider: ${d['providerId'] === c.providerId && c.providerName ? c.providerName : 'another provider'}`);
  if (typeof d['tier'] === 'string') out.push(`Tier: ${tierLabel(d['tier'])}`);
  if (typeof d['plannedStart'] === 'string') out.push(`Planned start: ${formatDate(d['plannedStart'])}`);
  if (typeof d['plannedEnd'] === 'string') out.push(`Planned end: ${formatDate(d['plannedEnd'])}`);
  if (typeof d['startedOn'] === 'string') out.push(`Started on: ${formatDate(d['startedOn'])}`);
  if (typeof d['endedOn'] === 'string') out.push(`Ended on: ${formatDate(d['endedOn'])}`);
  if (typeof d['destination'] === 'string') out.push(`Destination: ${destinationLabel(d['destination'])}`);
  if (d['virtualSchoolNotified'] === true) out.push('The virtual school was told (looked-after child)');
  // reviews and reintegration follow-up
  if (typeof d['firstReviewDue'] === 'string') out.push(`First review due: ${formatDate(d['firstReviewDue'])}`);
  if (typeof d['dueOn'] === 'string') out.push(`Review due: ${formatDate(d['dueOn'])}`);
  if (typeof d['heldOn'] === 'string') out.push(`Held on: ${formatDate(d['heldOn'])}`);
  if (typeof d['nextReviewDue'] === 'string') out.push(`Next review due: ${formatDate(d['nextReviewDue'])}`);
  if (typeof d['followUps'] === 'number') out.push(`Reintegration follow-ups scheduled: ${d['followUps']}`);
  if (typeof d['weeks'] === 'number' && typeof d['outcome'] === 'string')
    out.push(
      `${d['weeks']}-week follow-up: ${d['outcome'] === 'held' ? 'the return has held' : 'the return has not held'}`,
    );
  return out;
}

/** The case's timeline as MoJ Frontend timeline items (newest first): what, who, when, why. */
export function timelineItems(c: CaseView) {
  return c.timeline.map((e) => {
    const lines = detailLines(e, c);
    const byline = e.by.name
      ? `${e.by.name}${e.by.role ? ` (${roleLabel(e.by.role)})` : ''}`
      : e.by.role
        ? roleLabel(e.by.role)
        : 'REP Hub';
    return {
      label: { text: e.label },
      byline: { text: byline },
      datetime: { timestamp: e.at, type: 'datetime' },
      html: [
        e.note ? `<p class="govuk-body">${escapeHtml(e.note)}</p>` : '',
        lines.length ? `<ul class="govuk-list">${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>` : '',
        !e.note && !lines.length ? `<p class="govuk-body">${escapeHtml(caseStatusText(e.toStatus))}</p>` : '',
      ].join(''),
    };
  });
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/** A date input's errors as the service names them (`plannedStart`) moved to its day box. */
export const DATE_FIELDS = ['plannedStart', 'plannedEnd', 'startedOn', 'endedOn', 'exclusionStart', 'panelFirstDate'];

/**
 * A service's field error in the page's words: date errors on the day box, no code lists or
 * YYYY-MM-DD (the page asks with radios, selects and date inputs), no field names in code.
 */
export function pageFieldError(e: FieldError, opts: { panelDateInput?: boolean } = {}): FieldError {
  let field = e.field;
  if (DATE_FIELDS.includes(field) || (field === 'panelDate' && opts.panelDateInput)) field = `${field}-day`;
  let message = e.message.replace(/ as YYYY-MM-DD/g, '');
  if (/^Choose the (urgency|decision|destination|tier|reason)\b/.test(message)) message = message.split(':')[0];
  const codeName = /^(\w+) must be (.*)$/.exec(message);
  if (codeName && /[a-z][A-Z]|Id$/.test(codeName[1])) {
    message = CODE_NAMED[codeName[1]] ?? `Check the ${codeName[1]}`;
  }
  return { field, message };
}

const CODE_NAMED: Record<string, string> = {
  providerId: 'Choose an active provider of this partnership',
  pupilId: 'Choose a pupil you can open',
  exclusionType: 'Choose whether it was a suspension or a permanent exclusion',
  settingId: 'Choose which of your schools is referring',
};
