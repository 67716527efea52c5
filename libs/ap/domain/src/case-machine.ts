/**
 * The lifecycle of an AP case as an explicit state machine: every status, every action, who may
 * take it and what it leads to. The service asks it; nothing else changes a case's status.
 *
 *   school commission ─────────────────────────────────► offered ─► placement_planned ─► placement_active ─► ended
 *   referral / LA commission ─► referred ─► triaged ─► screened ─┤        │
 *                                 ▲            │          │      ├► declined
 *                                 └─ more_information_needed ◄───┘        └► offer_declined ─► (offer again)
 *   withdrawn: from any status before a placement
 */
export const CASE_STATUSES = [
  'referred',
  'triaged',
  'screened',
  'more_information_needed',
  'declined',
  'offered',
  'offer_declined',
  'placement_planned',
  'placement_active',
  'ended',
  'withdrawn',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_ROUTES = ['school_referral', 'school_commission', 'la_commission'] as const;
export type CaseRoute = (typeof CASE_ROUTES)[number];

export const CASE_ACTIONS = [
  'triage',
  'screen',
  'request_information',
  'provide_information',
  'decide',
  'offer',
  'accept',
  'decline_offer',
  'start',
  'end',
  'withdraw',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/**
 * How the caller stands to a case: the officers of its LA; the school that referred or
 * commissioned it; the provider it was offered to.
 */
export type CaseRelation = 'la' | 'school' | 'provider';

/** Who commissions: the LA for referrals and LA commissions (through its panel), the school for its own commissions. */
export const commissionerOf = (route: CaseRoute): CaseRelation => (route === 'school_commission' ? 'school' : 'la');

interface Transition {
  from: readonly CaseStatus[];
  /** The statuses the action may lead to (decide has three outcomes). */
  to: readonly CaseStatus[];
  /** Who may take it, given the case's route. */
  by: (route: CaseRoute) => readonly CaseRelation[];
  label: string;
}

const PRE_PLACEMENT: readonly CaseStatus[] = [
  'referred',
  'triaged',
  'screened',
  'more_information_needed',
  'offered',
  'offer_declined',
];

export const TRANSITIONS: Record<CaseAction, Transition> = {
  triage: { from: ['referred'], to: ['triaged'], by: () => ['la'], label: 'Triage (urgency and panel date)' },
  screen: { from: ['triaged'], to: ['screened'], by: () => ['la'], label: 'Screen for panel' },
  request_information: {
    from: ['triaged', 'screened'],
    to: ['more_information_needed'],
    by: () => ['la'],
    label: 'Ask for more information',
  },
  provide_information: {
    from: ['more_information_needed'],
    to: ['referred'],
    by: (route) => (route === 'school_referral' ? ['school', 'la'] : ['la']),
    label: 'Give the information asked for',
  },
  decide: {
    from: ['screened'],
    to: ['offered', 'more_information_needed', 'declined'],
    by: () => ['la'],
    label: 'Panel decision',
  },
  offer: {
    from: ['offer_declined'],
    to: ['offered'],
    by: (route) => [commissionerOf(route)],
    label: 'Offer to a provider',
  },
  accept: { from: ['offered'], to: ['placement_planned'], by: () => ['provider'], label: 'Accept the offer' },
  decline_offer: { from: ['offered'], to: ['offer_declined'], by: () => ['provider'], label: 'Decline the offer' },
  start: {
    from: ['placement_planned'],
    to: ['placement_active'],
    by: () => ['provider'],
    label: 'Start the placement',
  },
  end: {
    from: ['placement_planned', 'placement_active'],
    to: ['ended'],
    by: (route) => ['provider', commissionerOf(route)],
    label: 'End the placement',
  },
  withdraw: {
    from: PRE_PLACEMENT,
    to: ['withdrawn'],
    by: (route) => (route === 'school_referral' ? ['school', 'la'] : [commissionerOf(route)]),
    label: 'Withdraw',
  },
};

export const isCaseAction = (s: string): s is CaseAction => (CASE_ACTIONS as readonly string[]).includes(s);

/** The first status of a new case. */
export const initialStatus = (route: CaseRoute): CaseStatus => (route === 'school_commission' ? 'offered' : 'referred');

/** The actions that may be taken from a status by someone standing in any of these relations. */
export function allowedActions(status: CaseStatus, route: CaseRoute, relations: readonly CaseRelation[]): CaseAction[] {
  return CASE_ACTIONS.filter(
    (a) => TRANSITIONS[a].from.includes(status) && TRANSITIONS[a].by(route).some((r) => relations.includes(r)),
  );
}

export type Verdict =
  { ok: true } | { ok: false; reason: 'forbidden' } | { ok: false; reason: 'invalid'; allowed: CaseAction[] };

/**
 * May these relations take this action on a case in this status? `forbidden` when no relation
 * ever may (403); `invalid` when they may, but not from this status (409, naming what they can do now).
 */
export function check(
  action: CaseAction,
  status: CaseStatus,
  route: CaseRoute,
  relations: readonly CaseRelation[],
): Verdict {
  const t = TRANSITIONS[action];
  if (!t.by(route).some((r) => relations.includes(r))) return { ok: false, reason: 'forbidden' };
  if (!t.from.includes(status))
    return { ok: false, reason: 'invalid', allowed: allowedActions(status, route, relations) };
  return { ok: true };
}

export const isClosed = (s: CaseStatus) => s === 'ended' || s === 'declined' || s === 'withdrawn';

/**
 * The sixth-day duty: from the sixth school day of a suspension of more than five consecutive days
 * the school must arrange full-time education, and from the sixth day of a permanent exclusion the
 * LA (DOMAIN §4.3). School days are counted Monday to Friday from the first day of the exclusion;
 * term dates and bank holidays are not known here, so the date is the earliest the duty can fall.
 */
export function sixthDayDuty(
  exclusion: { type: 'suspension' | 'permanent_exclusion'; start: string; days: number | null } | null,
): {
  who: 'school' | 'local_authority';
  from: string;
  explanation: string;
} | null {
  if (!exclusion) return null;
  if (exclusion.type === 'suspension' && (exclusion.days ?? 0) <= 5) return null;
  const d = new Date(`${exclusion.start}T00:00:00Z`);
  let schoolDays = 0;
  for (;;) {
    const dow = d.getUTCDay();
    if (dow !== 0 && dow !== 6) schoolDays++;
    if (schoolDays === 6) break;
    d.setUTCDate(d.getUTCDate() + 1);
  }
  const from = d.toISOString().slice(0, 10);
  return exclusion.type === 'suspension'
    ? {
        who: 'school',
        from,
        explanation: `The school must provide full-time education from the sixth school day of the ${exclusion.days}-day suspension.`,
      }
    : {
        who: 'local_authority',
        from,
        explanation:
          'The local authority must provide full-time education from the sixth school day of the permanent exclusion.',
      };
}
