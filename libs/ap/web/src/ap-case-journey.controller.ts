import {
  ConflictException,
  Controller,
  ForbiddenException,
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
  ApDirectoryService,
  CASE_REASONS,
  CASE_ROUTES,
  CaseInput,
  CaseRoute,
  CasesService,
  PupilsService,
  sixthDayDuty,
} from '@rep-hub/ap-domain';
import { AuthContext, Policy, Principal } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, problem, ProblemDetails } from '@rep-hub/platform';
import { AP_TIERS } from '@rep-hub/reference';
import type { Response } from 'express';
import { pageFieldError, pupilName, reasonLabel } from './ap-case-view';
import { tierLabel } from './ap-view';
import {
  dateInputItems,
  formatDate,
  formFields,
  isUuid,
  Journey,
  JourneyInstance,
  oneEach,
  pick,
  plural,
  postedDate,
  saveSession,
  takeSavedForm,
  WebRequest,
  WebViewInterceptor,
} from '@rep-hub/web-surface';

/** The questions of a new case, in page order (the error summary lists them so). */
const FIELDS = [
  'pupilId',
  'settingId',
  'providerId',
  'reason',
  'reasonDetail',
  'requestedTier',
  'exclusionType',
  'exclusionStart-day',
  'exclusionStart-month',
  'exclusionStart-year',
  'exclusionDays',
  'familyViews',
  'childViews',
] as const;

/**
 * The question pages after the pupil, one thing each, in order, with the fields each asks: a page
 * that does not apply is not shown (the school when the user has one, the provider unless the
 * school commissions, the exclusion's details unless the pupil was suspended or excluded).
 */
const STEPS = [
  'school',
  'provider',
  'reason',
  'tier',
  'exclusion',
  'exclusion-details',
  'family-views',
  'child-views',
] as const;
type Step = (typeof STEPS)[number];
const STEP_FIELDS: Record<Step, readonly (typeof FIELDS)[number][]> = {
  school: ['settingId'],
  provider: ['providerId'],
  reason: ['reason', 'reasonDetail'],
  tier: ['requestedTier'],
  exclusion: ['exclusionType'],
  'exclusion-details': ['exclusionStart-day', 'exclusionStart-month', 'exclusionStart-year', 'exclusionDays'],
  'family-views': ['familyViews'],
  'child-views': ['childViews'],
};
const excluded = (a: Record<string, string>) =>
  a['exclusionType'] === 'suspension' || a['exclusionType'] === 'permanent_exclusion';
/** The page a field is asked on. */
const stepOf = (field: string): Step =>
  STEPS.find((s) => (STEP_FIELDS[s] as readonly string[]).includes(field)) ?? 'reason';

/** One journey per route; an instance is about the pupil chosen on its first page. */
const JOURNEYS: Record<CaseRoute, Journey> = Object.fromEntries(
  CASE_ROUTES.map((r) => [
    r,
    new Journey(`ap-case-${r}`, `/ap/cases/new?route=${r}`, 'the pupil chosen on its first page'),
  ]),
) as Record<CaseRoute, Journey>;

/** Set on an instance's answers once its questions page has been answered. */
const ANSWERED = '_answered';

/** Each route's words: the choice, the page heading, the check page and its button. */
const ROUTES: Record<
  CaseRoute,
  { choice: string; hint: string; title: string; questions: string; check: string; next: string; button: string }
> = {
  school_referral: {
    choice: 'Refer a pupil to the local authority',
    hint: 'The local authority’s AP panel triages, screens and decides. For tier 3, or when the school does not commission the placement itself.',
    title: 'Refer a pupil',
    questions: 'Refer a pupil',
    check: 'Check your answers before sending the referral',
    next: 'The local authority’s AP panel will triage the referral and give it a panel date. You can follow it from AP cases.',
    button: 'Send referral',
  },
  school_commission: {
    choice: 'Commission a placement yourself',
    hint: 'Tier 1 support or a tier 2 placement with a provider that can receive offers: no panel. The local authority is told.',
    title: 'Commission a placement',
    questions: 'Commission a placement',
    check: 'Check your answers before commissioning the placement',
    next: 'The provider will be asked to accept the offer, and your local authority will be told.',
    button: 'Commission placement',
  },
  la_commission: {
    choice: 'Open a case for the AP panel',
    hint: 'A pupil of your local authority that the panel should consider: it is triaged, screened and decided like a referral.',
    title: 'Commission a placement for panel',
    questions: 'Open a case for panel',
    check: 'Check your answers before opening the case',
    next: 'The case will wait for triage: give it an urgency and a panel date.',
    button: 'Open case for panel',
  },
};

const PUPILS_SHOWN = 100;

/** The routes this user may open a case by: a school's staff refer or commission, an LA officer commissions for panel. */
function routesFor(p: Principal): CaseRoute[] {
  const out: CaseRoute[] = [];
  if (p.memberships.some((m) => m.role === 'setting_staff' && m.organisationKind === 'school' && m.localAuthorityId))
    out.push('school_referral', 'school_commission');
  if (p.memberships.some((m) => m.role === 'la_officer' && m.localAuthorityId)) out.push('la_commission');
  return out;
}

/**
 * Opening a case, as GOV.UK question pages, each run as a journey instance (journeys.ts): which
 * route (when the user has more than one), which pupil (a pupil with an open case is refused there,
 * with a link to it), the questions about that pupil (reason, tier, exclusion, the views of the
 * family and of the child), check answers, then the case. The instance's id is in every URL; its
 * answers are about its pupil only: choosing another pupil starts them afresh.
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('ap/cases/new')
export class ApCaseJourneyController {
  constructor(
    private readonly cases: CasesService,
    private readonly pupils: PupilsService,
    private readonly directory: ApDirectoryService,
    private readonly context: AuthContext,
  ) {}

  /** The first page: the route (when there is a choice), then the pupil. Opened without an instance id, it starts a new instance. */
  @Policy('create', 'ApCase')
  @Get()
  async pupilPage(
    @Query('route') routeQ: unknown,
    @Query('chosen') chosen: unknown,
    @Query('pupilId') pupilQ: unknown,
    @Query('q') q: unknown,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const routes = routesFor(this.context.principal);
    const route = this.route(routeQ, routes);
    if (!route) {
      const errors = chosen ? [{ field: 'route', message: 'Choose what you want to do' }] : [];
      return res.status(errors.length ? 400 : 200).render('ap/case-new-route.njk', {
        title: 'What do you want to do?',
        errors,
        routes: routes.map((r) => ({ value: r, text: ROUTES[r].choice, hint: ROUTES[r].hint })),
      });
    }
    const owner = this.context.principal;
    const current = JOURNEYS[route].current(req, owner);
    const id = current?.id ?? JOURNEYS[route].newId();
    const values: Record<string, string> = takeSavedForm(req, owner) ?? {
      // "Refer this pupil" on the pupil's page names them
      pupilId: isUuid(pupilQ) ? pupilQ : (current?.instance.subject ?? ''),
    };
    return this.renderPupil(res, route, id, values, [], typeof q === 'string' ? q.trim().slice(0, 100) : '', {
      answered: !!current?.instance.answers[ANSWERED],
    });
  }

  /** The pupil chosen: refused at once when they have an open case; a different pupil from the instance's own starts its answers afresh. */
  @Policy('create', 'ApCase')
  @Post()
  async choosePupil(@Query('route') routeQ: unknown, @Req() req: WebRequest, @Res() res: Response) {
    const route = this.postedRoute(routeQ);
    const owner = this.context.principal;
    const journey = JOURNEYS[route];
    const id = journey.idFor(req, owner);
    const pupilId = formFields(req.body)['pupilId'] ?? '';
    const pupil = isUuid(pupilId) ? await this.readablePupil(pupilId) : null;
    if (!pupil)
      return this.renderPupil(
        res.status(400),
        route,
        id,
        { pupilId: '' },
        [{ field: 'pupilId', message: 'Choose the pupil' }],
        '',
      );
    if (route === 'la_commission' && !this.ownLas().includes(pupil.laId)) {
      return this.renderPupil(
        res.status(400),
        route,
        id,
        { pupilId },
        [{ field: 'pupilId', message: 'Choose a pupil of your own local authority' }],
        '',
      );
    }
    const open = await this.cases.openCaseOf(pupilId);
    if (open) return this.refuseOpenCase(req, res.status(400), route, id, pupil, open);
    const current = journey.current(req, owner);
    const same = current?.instance.subject === pupilId;
    journey.keep(req, id, owner, same ? current!.instance.answers : { pupilId }, pupilId);
    await saveSession(req);
    const steps = await this.steps(route, same ? current!.instance.answers : {});
    return res.redirect(
      303,
      journey.url(
        same && current!.instance.answers[ANSWERED]
          ? `/ap/cases/new/check?route=${route}`
          : `/ap/cases/new/questions/${steps[0]}?route=${route}`,
        id,
      ),
    );
  }

  @Policy('create', 'ApCase')
  @Get('questions/:step')
  async questions(
    @Param('step') stepQ: string,
    @Query('route') routeQ: unknown,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const route = this.route(routeQ, routesFor(this.context.principal));
    if (!route) return res.redirect(303, '/ap/cases/new');
    const current = this.chosen(route, req);
    if (!current) return res.redirect(303, JOURNEYS[route].firstPath);
    const answers = current.instance.answers;
    const step = this.step(stepQ);
    const steps = await this.steps(route, answers);
    // a page that does not apply (the exclusion's details after "No") goes to the first one
    if (!steps.includes(step))
      return res.redirect(303, JOURNEYS[route].url(`/ap/cases/new/questions/${steps[0]}?route=${route}`, current.id));
    const values = {
      ...(takeSavedForm(req, this.context.principal) ?? answers),
      pupilId: current.instance.subject,
    };
    return this.renderQuestion(res, route, step, current.id, values, []);
  }

  /** One page's answer: checked alone, kept, then the next page that applies (or check answers once all are answered). */
  @Policy('create', 'ApCase')
  @Post('questions/:step')
  async answer(
    @Param('step') stepQ: string,
    @Query('route') routeQ: unknown,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const route = this.postedRoute(routeQ);
    const journey = JOURNEYS[route];
    const current = this.chosen(route, req);
    if (!current) return res.redirect(303, journey.firstPath);
    const step = this.step(stepQ);
    const posted = pick(formFields(req.body), STEP_FIELDS[step]);
    const answers: Record<string, string> = {
      ...current.instance.answers,
      ...posted,
      pupilId: current.instance.subject,
    };
    // "No" drops the exclusion's details: they are asked only under "Yes"
    if (step === 'exclusion' && !excluded(answers)) for (const f of STEP_FIELDS['exclusion-details']) delete answers[f];
    const all = await this.check(route, answers);
    const errors = all.filter((e) => (STEP_FIELDS[step] as readonly string[]).includes(e.field));
    if (errors.length) return this.renderQuestion(res.status(400), route, step, current.id, answers, errors);
    const steps = await this.steps(route, answers);
    const next = steps[steps.indexOf(step) + 1];
    // before check answers, the next page; after it (a Change link), back there unless a page now applies unanswered
    const unanswered = steps.find((s) => all.some((e) => (STEP_FIELDS[s] as readonly string[]).includes(e.field)));
    const done = (answers[ANSWERED] || !next) && !unanswered;
    journey.keep(
      req,
      current.id,
      this.context.principal,
      done ? { ...answers, [ANSWERED]: '1' } : answers,
      current.instance.subject,
    );
    await saveSession(req);
    const to = done
      ? `/ap/cases/new/check?route=${route}`
      : `/ap/cases/new/questions/${answers[ANSWERED] || !next ? unanswered : next}?route=${route}`;
    return res.redirect(303, journey.url(to, current.id));
  }

  @Policy('create', 'ApCase')
  @Get('check')
  async checkPage(@Query('route') routeQ: unknown, @Req() req: WebRequest, @Res() res: Response) {
    const routes = routesFor(this.context.principal);
    const route = this.route(routeQ, routes);
    if (!route) return res.redirect(303, '/ap/cases/new');
    const journey = JOURNEYS[route];
    const current = this.chosen(route, req);
    if (!current) return res.redirect(303, journey.firstPath);
    const answers = current.instance.answers;
    const steps = await this.steps(route, answers);
    if (!answers[ANSWERED])
      return res.redirect(303, journey.url(`/ap/cases/new/questions/${steps[0]}?route=${route}`, current.id));
    const pupil = await this.pupils.get(current.instance.subject);
    const provider =
      route === 'school_commission' && answers['providerId']
        ? await this.directory.getProvider(answers['providerId'])
        : null;
    const input = this.caseInput(route, answers);
    const duty =
      input.exclusionType && typeof input.exclusionStart === 'string'
        ? sixthDayDuty({
            type: input.exclusionType as 'suspension' | 'permanent_exclusion',
            start: input.exclusionStart,
            days: typeof input.exclusionDays === 'number' ? input.exclusionDays : null,
          })
        : null;
    const change = (field: string) =>
      journey.url(`/ap/cases/new/questions/${stepOf(field)}?route=${route}#${field}`, current.id);
    const exclusionText = !input.exclusionType
      ? 'None'
      : input.exclusionType === 'suspension'
        ? `${plural(Number(input.exclusionDays), 'school day')} from ${formatDate(input.exclusionStart as string)}`
        : `Permanent exclusion from ${formatDate(input.exclusionStart as string)}`;
    const schools = await this.schools();
    const rows = [
      {
        key: 'Pupil',
        value: `${pupilName(pupil)}, born ${formatDate(pupil.dateOfBirth)}`,
        href: journey.url(`/ap/cases/new?route=${route}#pupilId`, current.id),
        hidden: 'pupil',
      },
      ...(route !== 'la_commission' && schools.length > 1
        ? [
            {
              key: 'School',
              value: schools.find((s) => s.id === answers['settingId'])?.name ?? '',
              href: change('settingId'),
              hidden: 'school',
            },
          ]
        : []),
      ...(provider ? [{ key: 'Provider', value: provider.name, href: change('providerId'), hidden: 'provider' }] : []),
      { key: 'Reason', value: reasonLabel(answers['reason']), href: change('reason'), hidden: 'reason' },
      {
        key: 'Details',
        value: answers['reasonDetail'] || 'None given',
        href: change('reasonDetail'),
        hidden: 'details',
      },
      { key: 'Tier', value: tierLabel(answers['requestedTier']), href: change('requestedTier'), hidden: 'tier' },
      {
        key: 'Suspended or excluded',
        value: input.exclusionType
          ? input.exclusionType === 'suspension'
            ? 'Yes, suspended'
            : 'Yes, permanently excluded'
          : 'No',
        href: change('exclusionType'),
        hidden: 'whether the pupil was suspended or excluded',
      },
      ...(input.exclusionType
        ? [
            {
              key: input.exclusionType === 'suspension' ? 'Suspension' : 'Exclusion',
              value: exclusionText,
              href: change('exclusionStart-day'),
              hidden: input.exclusionType === 'suspension' ? 'the suspension’s dates' : 'the exclusion’s date',
            },
          ]
        : []),
      {
        key: 'Views of the family',
        value: answers['familyViews'],
        href: change('familyViews'),
        hidden: 'views of the family',
      },
      {
        key: 'Views of the child or young person',
        value: answers['childViews'],
        href: change('childViews'),
        hidden: 'views of the child or young person',
      },
    ];
    return res.render('ap/case-check.njk', {
      title: ROUTES[route].check,
      route,
      words: ROUTES[route],
      rows,
      backHref: journey.url(`/ap/cases/new/questions/${steps[steps.length - 1]}?route=${route}`, current.id),
      checkHref: journey.url(`/ap/cases/new/check?route=${route}`, current.id),
      duty: duty
        ? `${duty.who === 'school' ? 'The school' : 'The local authority'} must provide full-time education from ${formatDate(duty.from)}.`
        : null,
    });
  }

  @Policy('create', 'ApCase')
  @Post('check')
  async create(@Query('route') routeQ: unknown, @Req() req: WebRequest, @Res() res: Response) {
    const route = this.postedRoute(routeQ);
    const journey = JOURNEYS[route];
    const current = this.chosen(route, req);
    if (!current) return res.redirect(303, journey.firstPath);
    const answers: Record<string, string> = { ...current.instance.answers, pupilId: current.instance.subject };
    if (!answers[ANSWERED]) {
      const steps = await this.steps(route, answers);
      return res.redirect(303, journey.url(`/ap/cases/new/questions/${steps[0]}?route=${route}`, current.id));
    }
    let created;
    try {
      created = await this.cases.create(this.caseInput(route, answers));
    } catch (error) {
      if (error instanceof ConflictException && (error.getResponse() as ProblemDetails)['openCase']) {
        // refused for good: this pupil has an open case now (opened since the pupil was chosen)
        const pupil = await this.readablePupil(answers['pupilId']);
        const open = await this.cases.openCaseOf(answers['pupilId']);
        if (pupil && open) return this.refuseOpenCase(req, res.status(409), route, current.id, pupil, open);
        throw error;
      }
      if (error instanceof ConflictException) {
        const p = error.getResponse() as ProblemDetails;
        return this.renderQuestion(res.status(400), route, 'provider', current.id, answers, [
          { field: 'providerId', message: p.detail ?? 'This could not be done' },
        ]);
      }
      if (error instanceof InvalidFieldsException) {
        // the first page with a problem, showing that page's problems
        const errors = error.fieldErrors.map((e) => pageFieldError(e));
        const step = stepOf(errors[0]?.field ?? 'reason');
        return this.renderQuestion(
          res.status(400),
          route,
          step,
          current.id,
          answers,
          errors.filter((e) => stepOf(e.field) === step),
        );
      }
      throw error;
    }
    journey.end(req, current.id);
    req.session.flash = {
      heading:
        route === 'school_referral'
          ? `Referral ${created.reference} sent`
          : route === 'school_commission'
            ? `Placement commissioned: ${created.reference}`
            : `Case ${created.reference} opened for panel`,
      text: ROUTES[route].next,
    };
    await saveSession(req);
    return res.redirect(303, `/ap/cases/${created.id}`);
  }

  // ---- internals ----

  /** A question page's name from its address: 404 for any other. */
  private step(v: string): Step {
    if (!(STEPS as readonly string[]).includes(v))
      throw new NotFoundException(problem(404, 'There is no such question.'));
    return v as Step;
  }

  /** The question pages that apply to these answers, in order. */
  private async steps(route: CaseRoute, answers: Record<string, string>): Promise<Step[]> {
    const schools = route !== 'la_commission' ? await this.schools() : [];
    return STEPS.filter(
      (s) =>
        (s !== 'school' || schools.length > 1) &&
        (s !== 'provider' || route === 'school_commission') &&
        (s !== 'exclusion-details' || excluded(answers)),
    );
  }

  /** The route of a posted page: 403 when the user cannot open a case by it. */
  private postedRoute(v: unknown): CaseRoute {
    const route = this.route(v, routesFor(this.context.principal));
    if (!route) throw new ForbiddenException(problem(403, 'Your role cannot open a case by this route.'));
    return route;
  }

  /** The user's live instance the request names, once its pupil is chosen (otherwise they start at the first page). */
  private chosen(
    route: CaseRoute,
    req: WebRequest,
  ): { id: string; instance: JourneyInstance & { subject: string } } | undefined {
    const current = JOURNEYS[route].current(req, this.context.principal);
    return current?.instance.subject
      ? (current as { id: string; instance: JourneyInstance & { subject: string } })
      : undefined;
  }

  private route(v: unknown, allowed: CaseRoute[]): CaseRoute | undefined {
    if (typeof v === 'string' && v !== '') {
      if (!allowed.includes(v as CaseRoute))
        throw new ForbiddenException(problem(403, 'Your role cannot open a case by this route.'));
      return v as CaseRoute;
    }
    return allowed.length === 1 ? allowed[0] : undefined;
  }

  /** The schools the user is staff of, with their names when there is more than one to choose from. */
  private async schools(): Promise<{ id: string; name: string }[]> {
    const ids = this.context.principal.memberships
      .filter((m) => m.role === 'setting_staff' && m.organisationKind === 'school')
      .map((m) => m.organisationId);
    if (ids.length < 2) return ids.map((id) => ({ id, name: '' }));
    const tenantId = this.context.tenantId;
    return (await this.context.inTenant((m) =>
      m.query(`SELECT id, name FROM organisations WHERE tenant_id = $1 AND id = ANY ($2::uuid[]) ORDER BY name, id`, [
        tenantId,
        ids,
      ]),
    )) as {
      id: string;
      name: string;
    }[];
  }

  /** The page's own check of the answers, before check answers (the service checks again when the case is opened). */
  private async check(route: CaseRoute, v: Record<string, string>): Promise<FieldError[]> {
    const errors: FieldError[] = [];
    if (!isUuid(v['pupilId'])) errors.push({ field: 'pupilId', message: 'Choose the pupil' });
    const schools = await this.schools();
    if (route !== 'la_commission' && schools.length > 1 && !schools.some((s) => s.id === v['settingId']))
      errors.push({ field: 'settingId', message: 'Choose which of your schools this is for' });
    if (route === 'school_commission' && !isUuid(v['providerId']))
      errors.push({ field: 'providerId', message: 'Choose the provider the school commissions' });
    if (!CASE_REASONS.some((r) => r.code === v['reason']))
      errors.push({ field: 'reason', message: 'Choose the reason' });
    if ((v['reasonDetail'] ?? '').length > 2000)
      errors.push({ field: 'reasonDetail', message: 'The details must be 2,000 characters or fewer' });
    if (!AP_TIERS.some((t) => t.code === v['requestedTier']))
      errors.push({ field: 'requestedTier', message: 'Choose the tier' });
    else if (route === 'school_commission' && v['requestedTier'] === 'tier_3')
      errors.push({
        field: 'requestedTier',
        message: 'A school commissions tier 1 or tier 2 itself: refer the pupil to the local authority for tier 3',
      });
    if (!['none', 'suspension', 'permanent_exclusion'].includes(v['exclusionType'] ?? ''))
      errors.push({
        field: 'exclusionType',
        message: 'Say whether the pupil has been suspended or permanently excluded',
      });
    if (v['exclusionType'] === 'suspension' || v['exclusionType'] === 'permanent_exclusion') {
      const start = postedDate(v, 'exclusionStart', 'The first day of the exclusion');
      if (start.error) errors.push(start.error);
      else if (!start.iso)
        errors.push({ field: 'exclusionStart-day', message: 'Enter the first day of the exclusion' });
      if (v['exclusionType'] === 'suspension') {
        const days = /^\d{1,2}$/.test(v['exclusionDays'] ?? '') ? Number(v['exclusionDays']) : NaN;
        if (!(days >= 1 && days <= 45))
          errors.push({
            field: 'exclusionDays',
            message: 'Enter the length of the suspension in school days, from 1 to 45',
          });
      }
    }
    if (!v['familyViews'])
      errors.push({ field: 'familyViews', message: 'Enter the views of the family (parents or carers)' });
    else if (v['familyViews'].length > 4000)
      errors.push({ field: 'familyViews', message: 'The family’s views must be 4,000 characters or fewer' });
    if (!v['childViews']) errors.push({ field: 'childViews', message: 'Enter the views of the child or young person' });
    else if (v['childViews'].length > 4000)
      errors.push({ field: 'childViews', message: 'The child’s views must be 4,000 characters or fewer' });
    return errors;
  }

  private caseInput(route: CaseRoute, a: Record<string, string>): CaseInput {
    const excluded = a['exclusionType'] === 'suspension' || a['exclusionType'] === 'permanent_exclusion';
    const suspension = a['exclusionType'] === 'suspension';
    return {
      route,
      pupilId: a['pupilId'],
      settingId: route !== 'la_commission' && a['settingId'] ? a['settingId'] : undefined,
      reason: a['reason'],
      reasonDetail: a['reasonDetail'] || undefined,
      requestedTier: a['requestedTier'],
      familyViews: a['familyViews'],
      childViews: a['childViews'],
      exclusionType: excluded ? a['exclusionType'] : undefined,
      exclusionStart: excluded ? postedDate(a, 'exclusionStart', '').iso : undefined,
      exclusionDays: suspension ? Number(a['exclusionDays']) : undefined,
      providerId: route === 'school_commission' ? a['providerId'] : undefined,
    };
  }

  /** A pupil the caller may open (the service scopes and audits the read), or null. */
  private async readablePupil(pupilId: string | undefined): Promise<{ id: string; laId: string; name: string } | null> {
    if (!isUuid(pupilId)) return null;
    try {
      const p = await this.pupils.get(pupilId);
      return { id: p.id, laId: p.laId, name: `${p.givenName} ${p.familyName}` };
    } catch (error) {
      if (error instanceof NotFoundException) return null;
      throw error;
    }
  }

  private ownLas(): string[] {
    return this.context.principal.memberships
      .filter((m) => m.role === 'la_officer' && m.localAuthorityId)
      .map((m) => m.localAuthorityId!);
  }

  /**
   * A pupil with an open case: the instance ends (refused for good, its answers go) and the pupil
   * page says so, with a link to the case when the user may open it, in a new instance.
   */
  private async refuseOpenCase(
    req: WebRequest,
    res: Response,
    route: CaseRoute,
    id: string,
    pupil: { name: string },
    open: { reference: string; id: string | null },
  ) {
    JOURNEYS[route].end(req, id);
    await saveSession(req);
    const message = `${pupil.name} already has an open case (${open.reference}). Choose another pupil, or view the open case`;
    return this.renderPupil(res, route, JOURNEYS[route].newId(), { pupilId: '' }, [{ field: 'pupilId', message }], '', {
      openCase: { pupil: pupil.name, reference: open.reference, href: open.id ? `/ap/cases/${open.id}` : null },
    });
  }

  private async renderPupil(
    res: Response,
    route: CaseRoute,
    id: string,
    values: Record<string, string>,
    errors: FieldError[],
    q: string,
    extra: Record<string, unknown> = {},
  ) {
    const ownLas = this.ownLas();
    const page = await this.pupils.list({ limit: PUPILS_SHOWN, q: q || undefined });
    // an LA officer commissions for pupils of their own LA (they may read others' under an agreement)
    const pupils = page.items.filter((p) => route !== 'la_commission' || ownLas.includes(p.laId));
    return res.render('ap/case-pupil.njk', {
      title: ROUTES[route].title,
      route,
      words: ROUTES[route],
      journeyId: id,
      formHref: JOURNEYS[route].url(`/ap/cases/new?route=${route}`, id),
      values,
      errors,
      q,
      searchable: q !== '' || page.more,
      pupils: pupils.map((p) => ({
        value: p.id,
        text: `${p.familyName}, ${p.givenName} (born ${formatDate(p.dateOfBirth)}${p.upn ? `, UPN ${p.upn}` : ''})`,
      })),
      ...extra,
    });
  }

  private async renderQuestion(
    res: Response,
    route: CaseRoute,
    step: Step,
    id: string,
    values: Record<string, string>,
    errors: FieldError[],
  ) {
    const principal = this.context.principal;
    // a school commissions from the places its own LA commissions (tier 1 or 2)
    const schoolLa = principal.memberships.find(
      (m) => m.role === 'setting_staff' && m.organisationKind === 'school' && m.localAuthorityId,
    )?.localAuthorityId;
    const providers =
      step === 'provider' && route === 'school_commission' && schoolLa
        ? (await this.directory.offerableProviders(schoolLa))
            .map((p) => ({ ...p, tiers: p.tiers.filter((t) => t !== 'tier_3') }))
            .filter((p) => p.tiers.length)
        : [];
    const schools = step === 'school' ? await this.schools() : [];
    const pupil = await this.readablePupil(values['pupilId']);
    const ordered = oneEach(
      [...errors].sort((a, b) => FIELDS.indexOf(a.field as never) - FIELDS.indexOf(b.field as never)),
    );
    const steps = await this.steps(route, values);
    const at = steps.indexOf(step);
    const journey = JOURNEYS[route];
    return res.render('ap/case-question.njk', {
      title: QUESTION_TITLES[step](values),
      route,
      step,
      words: ROUTES[route],
      values,
      errors: ordered,
      pupilText: pupil?.name ?? '',
      pupilHref: journey.url(`/ap/cases/new?route=${route}`, id),
      backHref:
        values[ANSWERED] && !errors.length
          ? journey.url(`/ap/cases/new/check?route=${route}`, id)
          : at > 0
            ? journey.url(`/ap/cases/new/questions/${steps[at - 1]}?route=${route}`, id)
            : journey.url(`/ap/cases/new?route=${route}`, id),
      formHref: journey.url(`/ap/cases/new/questions/${step}?route=${route}`, id),
      schools: schools.map((s) => ({ value: s.id, text: s.name })),
      providers: providers.map((p) => ({ value: p.id, text: p.name })),
      reasons: CASE_REASONS.map((r) => ({ value: r.code, text: r.label })),
      tiers: AP_TIERS.filter((t) => route !== 'school_commission' || t.code !== 'tier_3').map((t) => ({
        value: t.code,
        text: t.label,
        hint: t.description,
      })),
      exclusionStartItems: dateInputItems(
        'exclusionStart',
        values,
        errors.some((e) => e.field === 'exclusionStart-day'),
      ),
    });
  }
}

/** Each question page's heading: the question it asks. */
const QUESTION_TITLES: Record<Step, (a: Record<string, string>) => string> = {
  school: () => 'Which of your schools is it for?',
  provider: () => 'Which provider are you commissioning?',
  reason: () => 'Why does the pupil need alternative provision?',
  tier: () => 'Which tier of alternative provision?',
  exclusion: () => 'Has the pupil been suspended or permanently excluded?',
  'exclusion-details': (a) =>
    a['exclusionType'] === 'suspension' ? 'About the suspension' : 'When was the pupil permanently excluded?',
  'family-views': () => 'What are the views of the family?',
  'child-views': () => 'What are the views of the child or young person?',
};
