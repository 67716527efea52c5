import {
  ConflictException,
  ForbiddenException,
  Controller,
  Get,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  AlertsService,
  ApDirectoryService,
  ApFollowUpsService,
  ApReviewsService,
  AttendanceService,
  ApSettingsService,
  CASE_ROUTES,
  CASE_SORTS,
  CASE_STAGES,
  CaseAction,
  CasesService,
  CaseTransitionsService,
  CaseView,
  check,
  isCaseAction,
  TransitionInput,
  URGENCIES,
} from '@rep-hub/ap-domain';
import { AuthContext, Policy } from '@rep-hub/auth';
import {
  decodeCursor,
  encodeCursor,
  FieldError,
  InvalidFieldsException,
  problem,
  ProblemDetails,
  schoolToday,
} from '@rep-hub/platform';
import { AP_TIERS, PLACEMENT_END_DESTINATIONS } from '@rep-hub/reference';
import type { Response } from 'express';
import { caseAttendance } from './ap-attendance.controller';
import { caseOversight } from './ap-reviews.controller';
import {
  ACTION_BUTTONS,
  ACTION_DONE,
  ACTION_TITLES,
  caseRow,
  caseStatusTag,
  caseStatusText,
  destinationLabel,
  needLabel,
  pageFieldError,
  pupilName,
  reasonLabel,
  ROUTE_LABELS,
  routeLabel,
  senProvisionLabel,
  SORT_LABELS,
  STAGE_LABELS,
  timelineItems,
  URGENCY_LABELS,
  urgencyLabel,
} from './ap-case-view';
import { tierLabel } from './ap-view';
import {
  dateInputItems,
  dateParts,
  formatDate,
  formatDay,
  formatDateTime,
  formFields,
  isUuid,
  oneEach,
  postedDate,
  saveSession,
  takeSavedForm,
  WebRequest,
  WebViewInterceptor,
} from '@rep-hub/web-surface';

const PAGE_SIZE = 25;
const TIER_CODES: readonly string[] = AP_TIERS.map((t) => t.code);
const today = (): string => schoolToday();

/** The note box of each action: what it asks, and the error when it is needed and empty (as the service words it). */
const NOTES: Record<CaseAction, { label: string; hint?: string; required?: string }> = {
  triage: {
    label: 'Notes for the panel (optional)',
    hint: 'Why this urgency: for example, how long the pupil has been out of school',
  },
  screen: {
    label: 'Screening summary',
    hint: 'What the panel needs to know: the pupil’s needs, risks and what the school has tried',
    required: 'Summarise the screening: what the panel needs to know',
  },
  request_information: {
    label: 'What information is needed?',
    hint: 'Say what is missing and who should give it',
    required: 'Say what information is needed',
  },
  provide_information: { label: 'The information asked for', required: 'Give the information that was asked for' },
  // the panel's decision has its own pages (ap-panel-decision.controller.ts)
  decide: { label: 'Reason for the decision', hint: 'Needed when the panel declines or asks for more information' },
  offer: { label: 'Notes for the provider (optional)' },
  accept: { label: 'Notes (optional)' },
  decline_offer: {
    label: 'Why are you declining the offer?',
    hint: 'For example, no place with the right support this term',
    required: 'Give the reason the provider declines',
  },
  start: { label: 'Notes (optional)' },
  end: {
    label: 'Why did the placement end?',
    hint: 'For example, the planned end, or a return to the home school earlier than planned',
    required: 'Give the reason the placement ended',
  },
  withdraw: { label: 'Why is the case being withdrawn?', required: 'Give the reason for withdrawing' },
};

/** The inputs of each action's page, in page order (the error summary lists them so). */
const ACTION_FIELDS: Record<CaseAction, readonly string[]> = {
  triage: ['urgency', 'panelDate', 'panelDate-day', 'note'],
  screen: ['note'],
  request_information: ['note'],
  provide_information: ['note'],
  decide: ['decision', 'providerId', 'tier', 'note'],
  offer: ['providerId', 'tier', 'note'],
  accept: ['plannedStart-day', 'plannedEnd-day', 'note'],
  decline_offer: ['note'],
  start: ['startedOn-day', 'note'],
  end: ['endedOn-day', 'destination', 'note'],
  withdraw: ['note'],
};

interface ActionOptions {
  /** triage: the LA's next panel dates (empty: the LA has none, so a date input). */
  panelDates: string[];
  /** decide, offer: providers that can receive offers now. */
  providers: { id: string; name: string; tiers: string[] }[];
  tiers: { value: string; text: string }[];
}

const inOrder = (errors: FieldError[], fields: readonly string[]) => {
  const at = (f: string) => (fields.includes(f) ? fields.indexOf(f) : fields.length);
  return oneEach([...errors].sort((a, b) => at(a.field) - at(b.field)));
};

/** A query value of a list filter, or undefined when it is not one of the allowed values. */
const oneOf = (v: unknown, allowed: readonly string[]): string | undefined =>
  typeof v === 'string' && allowed.includes(v) ? v : undefined;

/**
 * AP cases as pages: the list each role sees, a case with its timeline and the actions the user
 * may take now, and one question page per action (posted with the case's version; errors on the
 * same page; a 409 shown on the case page).
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('ap/cases')
export class ApCasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly transitions: CaseTransitionsService,
    private readonly settings: ApSettingsService,
    private readonly directory: ApDirectoryService,
    private readonly context: AuthContext,
    private readonly attendance: AttendanceService,
    private readonly reviews: ApReviewsService,
    private readonly followUps: ApFollowUpsService,
    private readonly alerts: AlertsService,
  ) {}

  // ---- the list ----

  @Policy('read', 'ApCase')
  @Get()
  async list(
    @Query('stage') stageQ: unknown,
    @Query('tier') tierQ: unknown,
    @Query('route') routeQ: unknown,
    @Query('laId') laQ: unknown,
    @Query('sort') sortQ: unknown,
    @Query('after') after: unknown,
    @Res() res: Response,
  ) {
    const filters = {
      stage: oneOf(stageQ, Object.keys(CASE_STAGES)),
      tier: oneOf(tierQ, TIER_CODES),
      route: oneOf(routeQ, CASE_ROUTES),
      laId: isUuid(laQ) ? laQ : undefined,
    };
    const sort = oneOf(sortQ, CASE_SORTS) ?? 'updated';
    const cursor =
      typeof after === 'string' && after !== ''
        ? decodeCursor(after, 'The page link is not one from this list.')
        : null;
    const page = await this.cases.list({ ...filters, sort, after: cursor, limit: PAGE_SIZE });
    const las = await this.settings.list();
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v) query.set(k, v);
    if (sort !== 'updated') query.set('sort', sort);
    const firstHref = `/ap/cases${query.toString() ? `?${query.toString()}` : ''}`;
    if (page.more && page.last) query.set('after', encodeCursor(page.last));
    const ability = this.context.ability;
    return res.render('ap/cases.njk', {
      title: 'AP cases',
      cases: page.items.map(caseRow),
      filters: { ...filters, sort },
      filtered: Object.values(filters).some(Boolean),
      stages: Object.entries(STAGE_LABELS).map(([value, text]) => ({ value, text })),
      tiers: AP_TIERS.map((t) => ({ value: t.code, text: t.label })),
      routes: CASE_ROUTES.map((r) => ({ value: r, text: ROUTE_LABELS[r] })),
      sorts: CASE_SORTS.map((s) => ({ value: s, text: SORT_LABELS[s] })),
      localAuthorities: las.map((l) => ({ value: l.laId, text: l.laName })),
      nextHref: page.more && page.last ? `/ap/cases?${query.toString()}` : null,
      firstHref: cursor ? firstHref : null,
      canCreate: ability.can('create', 'ApCase'),
    });
  }

  // ---- one case ----

  @Policy('read', 'ApCase')
  @Get(':caseId')
  async show(@Param('caseId') caseId: string, @Res() res: Response) {
    const c = await this.cases.get(caseId);
    res.locals['caseAttendance'] = await caseAttendance(this.attendance, c);
    res.locals['oversight'] = await caseOversight(this.reviews, this.followUps, this.context, c);
    res.locals['caseAlerts'] = await this.alerts.openForCase(c.id);
    return this.renderCase(res, c);
  }

  // ---- one action: its question page ----

  @Policy('update', 'ApCase')
  @Get(':caseId/:action')
  async actionPage(
    @Param('caseId') caseId: string,
    @Param('action') action: string,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const a = this.action(action);
    const c = await this.cases.get(caseId);
    this.assertMay(c, a);
    const options = await this.options(c, a);
    const values = takeSavedForm(req, this.context.principal) ?? this.defaults(c, a);
    return this.renderAction(res, c, a, options, values, []);
  }

  @Policy('update', 'ApCase')
  @Post(':caseId/:action')
  async act(
    @Param('caseId') caseId: string,
    @Param('action') action: string,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const a = this.action(action);
    const values = formFields(req.body);
    const { input, errors } = this.input(a, values);
    if (errors.length) return this.renderAgain(res, caseId, a, values, errors);
    let updated: CaseView;
    try {
      updated = await this.transitions.transition(caseId, a, input);
    } catch (error) {
      if (error instanceof ConflictException) {
        const p = error.getResponse() as ProblemDetails;
        // a provider whose checks are out of date is the answer to the provider question
        if (p['blockedBy'] && a === 'offer')
          return this.renderAgain(res, caseId, a, values, [
            { field: 'providerId', message: p.detail ?? 'This provider cannot receive offers now' },
          ]);
        const c = await this.cases.get(caseId);
        return this.renderCase(
          res.status(409),
          c,
          p.detail ?? 'Someone may have changed the case while you were working on it.',
        );
      }
      if (error instanceof InvalidFieldsException) {
        const mapped = error.fieldErrors.map((e) => pageFieldError(e, { panelDateInput: 'panelDate-day' in values }));
        return this.renderAgain(res, caseId, a, values, mapped);
      }
      throw error;
    }
    req.session.flash = {
      heading: ACTION_DONE[a],
      text: `${updated.reference} is now: ${caseStatusText(updated.status).toLowerCase()}.`,
    };
    await saveSession(req);
    return res.redirect(303, `/ap/cases/${updated.id}`);
  }

  // ---- internals ----

  private action(name: string): CaseAction {
    if (!isCaseAction(name)) throw new NotFoundException(problem(404, `There is no case action "${name}".`));
    return name;
  }

  /** 403 when the user never takes this action on this case; 409 (naming what they can do) when not now. */
  private assertMay(c: CaseView, action: CaseAction): void {
    const verdict = check(action, c.status, c.route, c.relations);
    if (verdict.ok) return;
    if (verdict.reason === 'forbidden')
      throw new ForbiddenException(
        problem(403, `Your role cannot ${ACTION_BUTTONS[action].toLowerCase()} on this case.`),
      );
    const can = verdict.allowed.map((x) => ACTION_BUTTONS[x].toLowerCase());
    throw new ConflictException(
      problem(
        409,
        `A case that is ${caseStatusText(c.status).toLowerCase()} cannot take this action. ${can.length ? `You can: ${can.join(', ')}.` : 'You can take no action on it now.'}`,
      ),
    );
  }

  /** The choices an action's page offers: panel dates, providers that can receive offers, tiers. */
  private async options(c: CaseView, action: CaseAction): Promise<ActionOptions> {
    const out: ActionOptions = { panelDates: [], providers: [], tiers: [] };
    if (action === 'triage') out.panelDates = (await this.settings.get(c.laId)).nextPanelDates;
    if (action === 'decide' || action === 'offer') {
      out.providers = await this.directory.offerableProviders(c.laId);
      out.tiers = AP_TIERS.filter((t) => c.route !== 'school_commission' || t.code !== 'tier_3').map((t) => ({
        value: t.code,
        text: t.label,
      }));
    }
    return out;
  }

  private defaults(c: CaseView, action: CaseAction): Record<string, string> {
    switch (action) {
      case 'triage':
        return { urgency: c.urgency ?? '', panelDate: c.panelDate ?? '', ...dateParts('panelDate', c.panelDate) };
      case 'offer':
        return { tier: c.tier ?? c.requestedTier };
      case 'accept':
        return { ...dateParts('plannedStart', null), ...dateParts('plannedEnd', null) };
      case 'start':
        return dateParts(
          'startedOn',
          c.placement?.plannedStart && c.placement.plannedStart <= today() ? c.placement.plannedStart : today(),
        );
      case 'end':
        return dateParts('endedOn', today());
      default:
        return {};
    }
  }

  /**
   * The service's input from the posted page, and the page's own errors: dates that are not real,
   * and the answers the service needs (so the error summary lists every missing answer at once;
   * the service checks them all again).
   */
  private input(action: CaseAction, v: Record<string, string>): { input: TransitionInput; errors: FieldError[] } {
    const errors: FieldError[] = [];
    const required = NOTES[action].required;
    if (required && !v['note']) errors.push({ field: 'note', message: required });
    const input: TransitionInput = { version: v['version'] || undefined, note: v['note'] };
    const date = (name: string, what: string, required: string | null) => {
      const d = postedDate(v, name, what);
      if (d.error) errors.push(d.error);
      else if (!d.iso && required) errors.push({ field: `${name}-day`, message: required });
      return d.iso;
    };
    switch (action) {
      case 'triage':
        input.urgency = v['urgency'];
        if (!URGENCIES.includes(v['urgency'] as never))
          errors.push({ field: 'urgency', message: 'Choose the urgency' });
        input.panelDate =
          'panelDate-day' in v ? date('panelDate', 'The panel date', 'Enter the panel date') : v['panelDate'];
        if (!('panelDate-day' in v) && !v['panelDate'])
          errors.push({ field: 'panelDate', message: 'Choose the panel date' });
        break;
      case 'offer':
        Object.assign(input, { providerId: v['providerId'], tier: v['tier'] });
        break;
      case 'accept':
        input.plannedStart = date('plannedStart', 'The planned start date', 'Enter the planned start date');
        input.plannedEnd = date('plannedEnd', 'The planned end date', null);
        break;
      case 'start':
        input.startedOn = date('startedOn', 'The start date', 'Enter the date the placement started');
        break;
      case 'end':
        input.endedOn = date('endedOn', 'The end date', 'Enter the last day of the placement');
        input.destination = v['destination'];
        if (!PLACEMENT_END_DESTINATIONS.some((d) => d.code === v['destination']))
          errors.push({ field: 'destination', message: 'Choose the destination' });
        break;
      default:
        break;
    }
    return { input, errors };
  }

  private async renderAgain(
    res: Response,
    caseId: string,
    action: CaseAction,
    values: Record<string, string>,
    errors: FieldError[],
  ) {
    const c = await this.cases.get(caseId);
    const options = await this.options(c, action);
    return this.renderAction(res.status(400), c, action, options, values, inOrder(errors, ACTION_FIELDS[action]));
  }

  private renderAction(
    res: Response,
    c: CaseView,
    action: CaseAction,
    options: ActionOptions,
    values: Record<string, string>,
    errors: FieldError[],
  ) {
    const has = (f: string) => errors.some((e) => e.field === f);
    const note = NOTES[action];
    const declinedAt = declinedBy(c);
    return res.render('ap/case-action.njk', {
      title: ACTION_TITLES[action],
      action,
      // a page shown again keeps the version first seen: a change in between still answers 409
      c: {
        id: c.id,
        reference: c.reference,
        pupilName: pupilName(c.pupil),
        tag: caseStatusTag(c.status),
        version: values['version'] || String(c.version),
        laName: c.laName,
      },
      values,
      errors,
      note,
      buttonText: ACTION_BUTTONS[action],
      urgencies: URGENCIES.map((u) => ({ value: u, text: URGENCY_LABELS[u].text, hint: URGENCY_LABELS[u].hint })),
      panelDates: options.panelDates.map((d) => ({ value: d, text: formatDate(d) })),
      providers: options.providers.map((p) => {
        const declined = declinedAt.get(p.id);
        return {
          value: p.id,
          text: `${p.name} (${p.tiers.map((t) => tierLabel(t).split(':')[0]).join(', ')})${declined ? `, declined this case’s offer on ${formatDateTime(declined)}` : ''}`,
        };
      }),
      tiers: options.tiers,
      destinations: PLACEMENT_END_DESTINATIONS.map((d) => ({ value: d.code, text: d.label })),
      dates: Object.fromEntries(
        ['panelDate', 'plannedStart', 'plannedEnd', 'startedOn', 'endedOn'].map((n) => [
          n,
          dateInputItems(n, values, has(`${n}-day`)),
        ]),
      ),
      tier2Default: c.tier === 'tier_2',
    });
  }

  /** The case page; `conflict` is the message of an action that could not be taken (409). */
  private renderCase(res: Response, c: CaseView, conflict?: string) {
    const duty = c.sixthDayDuty;
    const placementStarted = !!c.placement && c.placement.status !== 'planned';
    const closed = ['ended', 'declined', 'withdrawn'].includes(c.status);
    return res.render('ap/case.njk', {
      title: `${c.reference}: ${pupilName(c.pupil)}`,
      c,
      conflict,
      tag: caseStatusTag(c.status),
      pupil: {
        name: pupilName(c.pupil),
        dateOfBirth: formatDate(c.pupil.dateOfBirth),
        upn: c.pupil.upn ?? 'Not known',
        sen: senProvisionLabel(c.pupil.senProvision),
        needs: c.pupil.needs.map(needLabel).join(', ') || 'None recorded',
        lookedAfter: c.pupil.lookedAfter ? 'Yes' : 'No',
        safeguarding:
          c.pupil.safeguardingFlags.map((f) => f.replace(/_/g, ' ').replace(/^./, (x) => x.toUpperCase())).join(', ') ||
          'None recorded',
        ehcPlan: c.pupil.ehcPlan
          ? {
              caseworker: c.pupil.ehcPlan.caseworker ?? 'Not recorded',
              nextAnnualReview: formatDate(c.pupil.ehcPlan.nextAnnualReview) || 'Not recorded',
            }
          : null,
      },
      referral: {
        route: routeLabel(c.route),
        by: c.route === 'la_commission' ? c.laName : (c.settingName ?? ''),
        reason: reasonLabel(c.reason),
        requestedTier: tierLabel(c.requestedTier),
        opened: formatDay(c.createdAt),
      },
      exclusion: c.exclusion
        ? {
            type: c.exclusion.type === 'suspension' ? 'Suspension' : 'Permanent exclusion',
            start: formatDate(c.exclusion.start),
            days:
              c.exclusion.days === null ? null : `${c.exclusion.days} school day${c.exclusion.days === 1 ? '' : 's'}`,
          }
        : null,
      duty: duty
        ? {
            // a duty to warn about only until the placement has started (or the case has closed)
            applies: !placementStarted && !closed,
            text: `${duty.who === 'school' ? 'The school' : 'The local authority'} must provide full-time education from ${formatDate(duty.from)}.`,
            explanation: duty.explanation,
          }
        : null,
      panel: {
        urgency: urgencyLabel(c.urgency) || 'Not triaged yet',
        // the panel date is the next step only until the case is placed or closed; then it is history, if it was held
        panelDate:
          placementStarted || closed
            ? c.panelDate && c.panelDate <= schoolToday()
              ? formatDate(c.panelDate)
              : ''
            : formatDate(c.panelDate) || 'None yet',
        panelDateKey: placementStarted || closed ? 'Heard at panel on' : 'Panel date',
      },
      offer: c.providerId
        ? { providerId: c.providerId, providerName: c.providerName ?? '', tier: c.tier ? tierLabel(c.tier) : '' }
        : null,
      placement: c.placement
        ? {
            status: c.placement.status === 'planned' ? 'Planned' : c.placement.status === 'active' ? 'Active' : 'Ended',
            plannedStart: formatDate(c.placement.plannedStart),
            plannedEnd: formatDate(c.placement.plannedEnd) || 'Not set',
            startedOn: formatDate(c.placement.startedOn),
            endedOn: formatDate(c.placement.endedOn),
            destination: destinationLabel(c.placement.destination),
            endReason: c.placement.endReason,
            academicYear: c.placement.academicYear,
            tier: tierLabel(c.placement.tier),
          }
        : null,
      actions: c.allowedActions.map((a) => ({
        href: `/ap/cases/${c.id}/${a}`,
        text: ACTION_BUTTONS[a],
        warning: a === 'withdraw' || a === 'decline_offer',
      })),
      timeline: timelineItems(c),
    });
  }
}

/** The providers that declined an offer of this case, with when they last did (from its timeline). */
function declinedBy(c: CaseView): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of c.timeline) {
    const providerId = e.details['providerId'];
    if (e.action === 'decline_offer' && typeof providerId === 'string' && !out.has(providerId))
      out.set(providerId, e.at);
  }
  return out;
}
