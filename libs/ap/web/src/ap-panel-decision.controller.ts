import {
  ConflictException,
  Controller,
  ForbiddenException,
  Get,
  Param,
  Post,
  Req,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  ApDirectoryService,
  CasesService,
  CaseTransitionsService,
  CaseView,
  check,
  TransitionInput,
} from '@rep-hub/ap-domain';
import { AuthContext, Policy } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, problem, ProblemDetails } from '@rep-hub/platform';
import { AP_TIERS } from '@rep-hub/reference';
import type { Response } from 'express';
import { caseStatusText, pageFieldError, pupilName } from './ap-case-view';
import { tierLabel } from './ap-view';
import {
  formFields,
  isUuid,
  Journey,
  oneEach,
  saveSession,
  WebRequest,
  WebViewInterceptor,
} from '@rep-hub/web-surface';

/**
 * The panel's decision as a journey (issue 26): what the panel decided, then only what that
 * decision needs (an offer: the provider and tier, with an optional note for the provider; more
 * information or a decline: why), then check answers, and only then is the case moved and the
 * provider told. The answers are kept under a journey instance whose subject is the case.
 */
const DECISION = new Journey('ap-panel-decision', '/ap/cases/:caseId/decide', 'the case being decided');

const DECISIONS = [
  { value: 'offer', text: 'Offer a place', hint: 'Choose the provider and tier next: the provider is asked to accept' },
  {
    value: 'more_information',
    text: 'Ask for more information',
    hint: 'The case goes back for the information the panel needs',
  },
  { value: 'decline', text: 'Decline', hint: 'The panel will not commission alternative provision: the case closes' },
] as const;
type Decision = (typeof DECISIONS)[number]['value'];

/** The note's question for each decision (required but for an offer). */
const NOTE: Record<Decision, { label: string; hint?: string; required?: string; key: string }> = {
  offer: { label: 'Notes for the provider (optional)', key: 'Notes for the provider' },
  more_information: {
    label: 'What information does the panel need?',
    hint: 'Say what is missing and who should give it',
    required: 'Say what information the panel needs',
    key: 'Information needed',
  },
  decline: {
    label: 'Why did the panel decline?',
    hint: 'The school and the family are told this reason',
    required: 'Give the reason the panel declined',
    key: 'Reason for declining',
  },
};

const isDecision = (v: string | undefined): v is Decision => DECISIONS.some((d) => d.value === v);

@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('ap/cases')
export class ApPanelDecisionController {
  constructor(
    private readonly cases: CasesService,
    private readonly transitions: CaseTransitionsService,
    private readonly directory: ApDirectoryService,
    private readonly context: AuthContext,
  ) {}

  // ---- 1. what the panel decided ----

  @Policy('update', 'ApCase')
  @Get(':caseId/decide')
  async decisionPage(@Param('caseId') caseId: string, @Req() req: WebRequest, @Res() res: Response) {
    const c = await this.decidable(caseId);
    const current = this.current(req, c.id);
    const id = current?.id ?? DECISION.newId();
    return this.renderDecision(res, c, id, current?.instance.answers ?? {}, []);
  }

  @Policy('update', 'ApCase')
  @Post(':caseId/decide')
  async decide(@Param('caseId') caseId: string, @Req() req: WebRequest, @Res() res: Response) {
    const c = await this.decidable(caseId);
    const owner = this.context.principal;
    const id = DECISION.idFor(req, owner);
    const current = this.current(req, c.id);
    const decision = formFields(req.body)['decision'];
    if (!isDecision(decision))
      return this.renderDecision(res.status(400), c, id, {}, [{ field: 'decision', message: 'Choose the decision' }]);
    const before = current?.instance.answers ?? {};
    // another decision starts its answers afresh; the version is the one first seen (a change meanwhile answers 409)
    const answers =
      before['decision'] === decision ? before : { decision, version: before['version'] ?? String(c.version) };
    DECISION.keep(req, id, owner, answers, c.id);
    await saveSession(req);
    return res.redirect(303, DECISION.url(`/ap/cases/${c.id}/decide/${answers['answered'] ? 'check' : 'details'}`, id));
  }

  // ---- 2. what that decision needs ----

  @Policy('update', 'ApCase')
  @Get(':caseId/decide/details')
  async detailsPage(@Param('caseId') caseId: string, @Req() req: WebRequest, @Res() res: Response) {
    const c = await this.decidable(caseId);
    const current = this.current(req, c.id);
    if (!current || !isDecision(current.instance.answers['decision']))
      return res.redirect(303, `/ap/cases/${c.id}/decide`);
    const answers = current.instance.answers;
    return this.renderDetails(res, c, current.id, { tier: c.requestedTier, ...answers }, []);
  }

  @Policy('update', 'ApCase')
  @Post(':caseId/decide/details')
  async details(@Param('caseId') caseId: string, @Req() req: WebRequest, @Res() res: Response) {
    const c = await this.decidable(caseId);
    const current = this.current(req, c.id);
    if (!current || !isDecision(current.instance.answers['decision']))
      return res.redirect(303, `/ap/cases/${c.id}/decide`);
    const decision = current.instance.answers['decision'] as Decision;
    const v = formFields(req.body);
    const answers: Record<string, string> = {
      decision,
      version: current.instance.answers['version'],
      note: v['note'] ?? '',
      ...(decision === 'offer' ? { providerId: v['providerId'] ?? '', tier: v['tier'] ?? '' } : {}),
    };
    const errors: FieldError[] = [];
    if (decision === 'offer') {
      if (!answers['providerId'])
        errors.push({ field: 'providerId', message: 'Choose the provider to offer the place to' });
      if (!AP_TIERS.some((t) => t.code === answers['tier'])) errors.push({ field: 'tier', message: 'Choose the tier' });
    }
    const required = NOTE[decision].required;
    if (required && !answers['note']) errors.push({ field: 'note', message: required });
    if (errors.length) return this.renderDetails(res.status(400), c, current.id, answers, errors);
    DECISION.keep(req, current.id, this.context.principal, { ...answers, answered: '1' }, c.id);
    await saveSession(req);
    return res.redirect(303, DECISION.url(`/ap/cases/${c.id}/decide/check`, current.id));
  }

  // ---- 3. check answers, then the provider is told ----

  @Policy('update', 'ApCase')
  @Get(':caseId/decide/check')
  async checkPage(@Param('caseId') caseId: string, @Req() req: WebRequest, @Res() res: Response) {
    const c = await this.decidable(caseId);
    const current = this.current(req, c.id);
    if (!current) return res.redirect(303, `/ap/cases/${c.id}/decide`);
    if (!current.instance.answers['answered'])
      return res.redirect(303, DECISION.url(`/ap/cases/${c.id}/decide/details`, current.id));
    return this.renderCheck(res, c, current.id, current.instance.answers);
  }

  @Policy('update', 'ApCase')
  @Post(':caseId/decide/check')
  async confirm(@Param('caseId') caseId: string, @Req() req: WebRequest, @Res() res: Response) {
    const c = await this.decidable(caseId);
    const current = this.current(req, c.id);
    if (!current) return res.redirect(303, `/ap/cases/${c.id}/decide`);
    const a = current.instance.answers;
    if (!a['answered']) return res.redirect(303, DECISION.url(`/ap/cases/${c.id}/decide/details`, current.id));
    const input: TransitionInput = {
      version: a['version'] || undefined,
      note: a['note'] || undefined,
      decision: a['decision'],
    };
    if (a['decision'] === 'offer') Object.assign(input, { providerId: a['providerId'], tier: a['tier'] });
    let updated: CaseView;
    try {
      updated = await this.transitions.transition(c.id, 'decide', input);
    } catch (error) {
      if (error instanceof ConflictException) {
        const p = error.getResponse() as ProblemDetails;
        // a provider whose checks are out of date is the answer to the provider question
        if (p['blockedBy'])
          return this.renderDetails(res.status(409), c, current.id, a, [
            { field: 'providerId', message: p.detail ?? 'This provider cannot receive offers now' },
          ]);
        // the case changed meanwhile: this decision is refused for good, its answers go
        DECISION.end(req, current.id);
        await saveSession(req);
        return this.renderCheck(res.status(409), c, current.id, a, p.detail ?? 'Someone may have changed the case.');
      }
      if (error instanceof InvalidFieldsException) {
        const mapped = error.fieldErrors.map((e) => pageFieldError(e));
        return this.renderDetails(res.status(400), c, current.id, a, oneEach(mapped));
      }
      throw error;
    }
    DECISION.end(req, current.id);
    req.session.flash = {
      heading: 'Panel decision recorded',
      text: `${updated.reference} is now: ${caseStatusText(updated.status).toLowerCase()}.`,
    };
    await saveSession(req);
    return res.redirect(303, `/ap/cases/${updated.id}`);
  }

  // ---- internals ----

  /** The case, when the user may record its panel decision now (403 for a role that never does; 409 when not now). */
  private async decidable(caseId: string): Promise<CaseView> {
    const c = await this.cases.get(caseId);
    const verdict = check('decide', c.status, c.route, c.relations);
    if (verdict.ok) return c;
    if (verdict.reason === 'forbidden')
      throw new ForbiddenException(problem(403, 'Your role cannot record the panel’s decision on this case.'));
    throw new ConflictException(
      problem(409, `A case that is ${caseStatusText(c.status).toLowerCase()} cannot take the panel’s decision now.`),
    );
  }

  /** The instance the request names, only when it is about this case. */
  private current(req: WebRequest, caseId: string) {
    const current = DECISION.current(req, this.context.principal);
    return current && current.instance.subject === caseId ? current : undefined;
  }

  private head(c: CaseView) {
    return { id: c.id, reference: c.reference, pupilName: pupilName(c.pupil), laName: c.laName };
  }

  private renderDecision(
    res: Response,
    c: CaseView,
    id: string,
    answers: Record<string, string>,
    errors: FieldError[],
  ) {
    return res.render('ap/case-decide.njk', {
      title: 'What did the panel decide?',
      step: 'decision',
      c: this.head(c),
      errors,
      formHref: DECISION.url(`/ap/cases/${c.id}/decide`, id),
      backHref: `/ap/cases/${c.id}`,
      decisions: DECISIONS.map((d) => ({ ...d, hint: { text: d.hint }, checked: answers['decision'] === d.value })),
    });
  }

  private async renderDetails(
    res: Response,
    c: CaseView,
    id: string,
    values: Record<string, string>,
    errors: FieldError[],
  ) {
    const decision = values['decision'] as Decision;
    const offer = decision === 'offer';
    const providers = offer ? await this.directory.offerableProviders(c.laId) : [];
    return res.render('ap/case-decide.njk', {
      title: offer ? 'Which provider and tier does the panel offer?' : NOTE[decision].label,
      step: 'details',
      offer,
      c: this.head(c),
      errors: oneEach(errors),
      values,
      note: NOTE[decision],
      formHref: DECISION.url(`/ap/cases/${c.id}/decide/details`, id),
      backHref: DECISION.url(`/ap/cases/${c.id}/decide`, id),
      providers: [
        { value: '', text: 'Choose a provider' },
        ...providers.map((p) => ({
          value: p.id,
          text: `${p.name} (${p.tiers.map((t) => tierLabel(t).split(':')[0]).join(', ')})`,
          selected: values['providerId'] === p.id,
        })),
      ],
      tiers: AP_TIERS.filter((t) => c.route !== 'school_commission' || t.code !== 'tier_3').map((t) => ({
        value: t.code,
        text: t.label,
        selected: values['tier'] === t.code,
      })),
    });
  }

  private async renderCheck(res: Response, c: CaseView, id: string, a: Record<string, string>, conflict?: string) {
    const decision = a['decision'] as Decision;
    const detailsHref = (field: string) => DECISION.url(`/ap/cases/${c.id}/decide/details#${field}`, id);
    const rows: { key: string; value: string; href: string; hidden: string }[] = [
      {
        key: 'Decision',
        value: DECISIONS.find((d) => d.value === decision)!.text,
        href: DECISION.url(`/ap/cases/${c.id}/decide#decision`, id),
        hidden: 'the decision',
      },
    ];
    if (decision === 'offer') {
      const provider = isUuid(a['providerId'])
        ? await this.directory.getProvider(a['providerId']).catch(() => null)
        : null;
      rows.push(
        {
          key: 'Provider',
          value: provider?.name ?? 'Not chosen',
          href: detailsHref('providerId'),
          hidden: 'the provider',
        },
        { key: 'Tier', value: tierLabel(a['tier']), href: detailsHref('tier'), hidden: 'the tier' },
      );
    }
    rows.push({
      key: NOTE[decision].key,
      value: a['note'] || 'None',
      href: detailsHref('note'),
      hidden: NOTE[decision].key.toLowerCase(),
    });
    return res.render('ap/case-decide.njk', {
      title: 'Check the panel’s decision before it is recorded',
      step: 'check',
      c: this.head(c),
      errors: [],
      conflict,
      rows,
      next:
        decision === 'offer'
          ? 'The provider is told of the offer and asked to accept it. The school and the family see the decision on the case.'
          : decision === 'decline'
            ? 'The case closes. The school sees the decision and the reason on the case.'
            : 'The case goes back for the information the panel needs. The school sees what is asked for on the case.',
      button: decision === 'offer' ? 'Record the decision and tell the provider' : 'Record the decision',
      formHref: DECISION.url(`/ap/cases/${c.id}/decide/check`, id),
      backHref: DECISION.url(`/ap/cases/${c.id}/decide/details`, id),
    });
  }
}
