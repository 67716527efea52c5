import {
  allowedActions,
  CASE_ACTIONS,
  CASE_STATUSES,
  check,
  initialStatus,
  sixthDayDuty,
  TRANSITIONS,
} from './case-machine';
import { panelDates } from './settings.service';

describe('the AP case state machine', () => {
  it('reaches every status from a first status, and leaves no closed status', () => {
    const reached = new Set<string>([initialStatus('school_referral'), initialStatus('school_commission')]);
    for (let i = 0; i < CASE_STATUSES.length; i++)
      for (const a of CASE_ACTIONS)
        if (TRANSITIONS[a].from.some((s) => reached.has(s))) TRANSITIONS[a].to.forEach((s) => reached.add(s));
    expect([...reached].sort()).toEqual([...CASE_STATUSES].sort());
    for (const closed of ['ended', 'declined', 'withdrawn'] as const)
      expect(allowedActions(closed, 'la_commission', ['la', 'school', 'provider'])).toEqual([]);
  });

  it('sends referrals and LA commissions to triage, and a school’s own commission straight to the offer', () => {
    expect([
      initialStatus('school_referral'),
      initialStatus('la_commission'),
      initialStatus('school_commission'),
    ]).toEqual(['referred', 'referred', 'offered']);
  });

  it('answers forbidden when the relation never takes the action, and invalid with what may be done now', () => {
    expect(check('triage', 'referred', 'school_referral', ['la'])).toEqual({ ok: true });
    expect(check('triage', 'referred', 'school_referral', ['school'])).toEqual({ ok: false, reason: 'forbidden' });
    expect(check('accept', 'offered', 'la_commission', ['la'])).toEqual({ ok: false, reason: 'forbidden' });
    expect(check('screen', 'referred', 'school_referral', ['la'])).toEqual({
      ok: false,
      reason: 'invalid',
      allowed: ['triage', 'withdraw'],
    });
    expect(check('start', 'offered', 'la_commission', ['provider'])).toEqual({
      ok: false,
      reason: 'invalid',
      allowed: ['accept', 'decline_offer'],
    });
  });

  it('gives the commissioner the re-offer and the end: the LA for its panel’s cases, the school for its own commissions', () => {
    expect(allowedActions('offer_declined', 'la_commission', ['la'])).toEqual(['offer', 'withdraw']);
    expect(allowedActions('offer_declined', 'school_commission', ['la'])).toEqual([]);
    expect(allowedActions('offer_declined', 'school_commission', ['school'])).toEqual(['offer', 'withdraw']);
    expect(allowedActions('placement_active', 'school_commission', ['school'])).toEqual(['end']);
    expect(allowedActions('placement_active', 'school_referral', ['school'])).toEqual([]);
    expect(allowedActions('more_information_needed', 'school_referral', ['school'])).toEqual([
      'provide_information',
      'withdraw',
    ]);
  });
});

describe('the sixth-day duty', () => {
  it('falls to the school only for a suspension of more than five days', () => {
    expect(sixthDayDuty({ type: 'suspension', start: '2026-11-16', days: 5 })).toBeNull();
    expect(sixthDayDuty({ type: 'suspension', start: '2026-11-16', days: 6 })).toMatchObject({
      who: 'school',
      from: '2026-11-23',
    });
    expect(sixthDayDuty(null)).toBeNull();
  });

  it('falls to the LA for a permanent exclusion, counting school days over a weekend', () => {
    // Friday 20 November is day 1; Monday 23 to Thursday 26 are days 2 to 5
    expect(sixthDayDuty({ type: 'permanent_exclusion', start: '2026-11-20', days: null })).toMatchObject({
      who: 'local_authority',
      from: '2026-11-27',
    });
    // a Saturday start counts from the Monday
    expect(sixthDayDuty({ type: 'permanent_exclusion', start: '2026-11-21', days: null })?.from).toBe('2026-11-30');
  });
});

describe('panel dates', () => {
  it('runs from the first date at the cadence, from a given day on', () => {
    expect(panelDates('2026-09-09', 14, '2026-09-01', 2)).toEqual(['2026-09-09', '2026-09-23']);
    expect(panelDates('2026-09-09', 14, '2026-09-23', 2)).toEqual(['2026-09-23', '2026-10-07']);
    expect(panelDates('2026-09-09', 14, '2026-09-24', 1)).toEqual(['2026-10-07']);
    expect(panelDates(null, 14, '2026-09-24', 3)).toEqual([]);
  });
});
