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
import { Policy } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, ProblemDetails } from '@rep-hub/platform';
import {
  CURRENT_THEMES,
  MEMBER_KINDS,
  PLAN_STATUS_LABELS,
  PLAN_TRANSITIONS,
  PlanAction,
  PlanLifecycleService,
  PlansService,
  PlanVersionView,
  SAFE_TEXT_HELP,
} from '@rep-hub/plans-domain';
import type { Response } from 'express';
import {
  dateInputItems,
  formatDate,
  formatDateTime,
  formFields,
  postedDate,
  saveSession,
  WebRequest,
  WebViewInterceptor,
} from '@rep-hub/web-surface';

const STATUS_TAGS: Record<string, string> = {
  draft: 'govuk-tag--grey',
  co_production: 'govuk-tag--blue',
  signed_off: 'govuk-tag--turquoise',
  published: 'govuk-tag--green',
  superseded: 'govuk-tag--yellow',
};
const status = (s: string) => ({
  text: PLAN_STATUS_LABELS[s as keyof typeof PLAN_STATUS_LABELS],
  classes: STATUS_TAGS[s],
});
const kindName = (k: string) => MEMBER_KINDS.find((x) => x.code === k)?.name ?? k;
const decisionText = (d: string | null) =>
  d === 'signed_off' ? 'Signed off' : d === 'dissent' ? 'Dissented' : 'Not decided yet';
const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * The local inclusion plans as pages (GOV.UK, no JavaScript needed): the partnership's plans, a
 * new plan, a plan with its versions, a version with its rendered sections, its stage buttons and
 * the member organisations' decisions, the edit page of a section (with the formatting subset's
 * help; a stale version shows their text beside yours), and the sign-off page (dissent with a
 * reason). Each posts to the same services as the API.
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('plans')
export class PlansPagesController {
  constructor(
    private readonly plans: PlansService,
    private readonly lifecycle: PlanLifecycleService,
  ) {}

  @Policy('read', 'InclusionPlan')
  @Get()
  async index(@Res() res: Response) {
    const [plans, creatable] = await Promise.all([this.plans.list(), this.plans.creatableLas()]);
    return res.render('plans/plans.njk', {
      title: 'Local inclusion plans',
      canCreate: creatable.length > 0,
      rows: plans.map((p) => [
        { html: `<a class="govuk-link" href="/plans/${p.id}">${escape(p.title)}</a>` },
        { text: p.las.map((l) => l.name).join(', ') },
        { html: p.latestVersion ? `Version ${p.latestVersion.number} ${tag(p.latestVersion.status)}` : '' },
        { text: p.publishedVersion ? `Version ${p.publishedVersion.number}` : 'Not yet' },
        { text: formatDate(p.reviewOn) },
      ]),
    });
  }

  @Policy('create', 'InclusionPlan')
  @Get('new')
  async newPlan(@Res() res: Response) {
    return this.renderNew(res, {}, []);
  }

  @Policy('create', 'InclusionPlan')
  @Post('new')
  async create(@Req() req: WebRequest, @Res() res: Response) {
    const values = formFields(req.body);
    const errors: FieldError[] = [];
    const dates: Record<string, string | undefined> = {};
    for (const [name, what] of [
      ['periodStart', 'the first day of the plan’s period'],
      ['periodEnd', 'the last day of the plan’s period'],
      ['reviewOn', 'the review date'],
    ] as const) {
      const d = postedDate(values, name, what);
      if (d.error) errors.push(d.error);
      dates[name] = d.iso;
    }
    const laIds = list((req.body as Record<string, string | string[]>)['laIds']);
    try {
      if (errors.length) throw new InvalidFieldsException([]);
      const made = await this.plans.create({ title: values['title'], ...dates, laIds });
      req.session.flash = { heading: 'Plan created', text: `${made.title}: version 1 is a draft.` };
      await saveSession(req);
      return res.redirect(303, `/plans/${made.id}`);
    } catch (e) {
      if (e instanceof InvalidFieldsException) {
        const mapped = e.fieldErrors.map((x) =>
          ['periodStart', 'periodEnd', 'reviewOn'].includes(x.field) ? { ...x, field: `${x.field}-day` } : x,
        );
        const all = [...errors, ...mapped.filter((m) => !errors.some((x) => x.field === m.field))];
        return this.renderNew(res.status(400), { ...values, laIds }, all);
      }
      if (e instanceof ConflictException) {
        const p = e.getResponse() as ProblemDetails;
        return this.renderNew(res.status(409), { ...values, laIds }, [{ field: 'laIds', message: p.detail ?? '' }]);
      }
      throw e;
    }
  }

  private async renderNew(res: Response, values: Record<string, string | string[]>, errors: FieldError[]) {
    const las = await this.plans.creatableLas();
    const chosen = list(values['laIds']);
    const v = values as Record<string, string>;
    const has = (f: string) => errors.some((e) => e.field === f);
    return res.render('plans/plan-new.njk', {
      title: 'Create a local inclusion plan',
      values,
      errors,
      las: las.map((l) => ({ value: l.id, text: l.name, checked: chosen.includes(l.id) })),
      periodStart: dateInputItems('periodStart', v, has('periodStart-day')),
      periodEnd: dateInputItems('periodEnd', v, has('periodEnd-day')),
      reviewOn: dateInputItems('reviewOn', v, has('reviewOn-day')),
    });
  }

  @Policy('read', 'InclusionPlan')
  @Get(':planId')
  async plan(@Param('planId') planId: string, @Res() res: Response) {
    const p = await this.plans.get(planId);
    return res.render('plans/plan.njk', {
      title: p.title,
      p,
      details: [
        { key: { text: 'Local authorities' }, value: { text: p.las.map((l) => l.name).join(', ') } },
        { key: { text: 'Period' }, value: { text: `${formatDate(p.periodStart)} to ${formatDate(p.periodEnd)}` } },
        { key: { text: 'Review date' }, value: { text: formatDate(p.reviewOn) } },
        {
          key: { text: 'Published' },
          value: { text: p.publishedVersion ? `Version ${p.publishedVersion.number}` : 'Not yet published' },
        },
      ],
      rows: p.versions.map((v) => [
        { html: `<a class="govuk-link" href="/plans/${p.id}/versions/${v.id}">Version ${v.number}</a>` },
        { html: tag(v.status) },
        { text: v.changeSummary },
        { text: formatDateTime(v.publishedAt ?? v.signedOffAt ?? v.coProductionAt ?? v.createdAt) },
      ]),
    });
  }

  @Policy('update', 'InclusionPlan')
  @Post(':planId/versions')
  async newVersion(@Param('planId') planId: string, @Req() req: WebRequest, @Res() res: Response) {
    const values = formFields(req.body);
    try {
      const v = await this.lifecycle.newVersion(planId, { changeSummary: values['changeSummary'] ?? '' });
      req.session.flash = { heading: `Version ${v.number} started`, text: 'It is a draft copy of the latest version.' };
      await saveSession(req);
      return res.redirect(303, `/plans/${planId}/versions/${v.id}`);
    } catch (e) {
      if (e instanceof ConflictException || e instanceof InvalidFieldsException) {
        const detail =
          e instanceof ConflictException
            ? ((e.getResponse() as ProblemDetails).detail ?? '')
            : e.fieldErrors.map((x) => x.message).join(' ');
        req.session.flash = { heading: 'No new version was started', text: detail };
        await saveSession(req);
        return res.redirect(303, `/plans/${planId}`);
      }
      throw e;
    }
  }

  @Policy('read', 'InclusionPlan')
  @Get(':planId/versions/:versionId')
  async version(@Param('planId') planId: string, @Param('versionId') versionId: string, @Res() res: Response) {
    return this.renderVersion(res, await this.plans.getVersion(planId, versionId));
  }

  private renderVersion(res: Response, v: PlanVersionView, conflict?: string) {
    const decided = v.signOffs.filter((d) => d.decision !== null).length;
    return res.render('plans/version.njk', {
      title: `${v.planTitle}: version ${v.number}`,
      v,
      conflict,
      statusTag: status(v.status),
      stageButtons: v.allowedActions.map((a: PlanAction) => ({ action: a, text: PLAN_TRANSITIONS[a].label })),
      decided,
      waiting: v.signOffs.length - decided,
      dates: [
        ['Created', v.createdAt],
        ['Co-production started', v.coProductionAt],
        ['Signed off', v.signedOffAt],
        ['Published', v.publishedAt],
        ['Superseded', v.supersededAt],
      ]
        .filter(([, d]) => d)
        .map(([k, d]) => ({ key: { text: k! }, value: { text: formatDateTime(d!) } })),
      pdf: { none: '', queued: 'Being made', ready: 'Ready', failed: 'Could not be made' }[v.pdfStatus],
      decisions: v.signOffs.map((d) => [
        { text: d.name },
        { text: kindName(d.kind) },
        { text: decisionText(d.decision) },
        { text: d.reason ?? '' },
        {
          text: d.recordedBy
            ? `${d.recordedBy.name}${d.recordedOnBehalf ? ' (for a member outside REP Hub)' : ''}, ${formatDateTime(d.recordedAt!)}`
            : '',
        },
      ]),
      forum: v.parentCarerForum.map((d) => ({
        name: d.name,
        decision: decisionText(d.decision),
        reason: d.reason,
      })),
      sections: v.sections.map((s) => ({
        ...s,
        heading: s.laName ? `${s.name}: ${s.laName}` : s.name,
      })),
    });
  }

  @Policy('update', 'InclusionPlan')
  @Post(':planId/versions/:versionId/transitions')
  async transition(
    @Param('planId') planId: string,
    @Param('versionId') versionId: string,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const values = formFields(req.body);
    const version = /^\d+$/.test(values['version'] ?? '') ? Number(values['version']) : undefined;
    try {
      const v = await this.lifecycle.transition(planId, versionId, { action: values['action'], version });
      req.session.flash = { heading: `Version ${v.number} is ${PLAN_STATUS_LABELS[v.status].toLowerCase()}` };
      await saveSession(req);
      return res.redirect(303, `/plans/${planId}/versions/${versionId}`);
    } catch (e) {
      if (e instanceof ConflictException || e instanceof InvalidFieldsException) {
        const detail =
          e instanceof ConflictException
            ? ((e.getResponse() as ProblemDetails).detail ?? '')
            : e.fieldErrors.map((x) => x.message).join(' ');
        return this.renderVersion(res.status(409), await this.plans.getVersion(planId, versionId), detail);
      }
      throw e;
    }
  }

  @Policy('update', 'InclusionPlan')
  @Get(':planId/versions/:versionId/sections/:sectionId')
  async editSection(
    @Param('planId') planId: string,
    @Param('versionId') versionId: string,
    @Param('sectionId') sectionId: string,
    @Res() res: Response,
  ) {
    const v = await this.plans.getVersion(planId, versionId);
    const s = v.sections.find((x) => x.id === sectionId);
    if (!s) throw this.plans.notFound('section');
    if (!s.canEdit)
      throw new ForbiddenException(
        'This section cannot be edited now: its stage or its local authority does not allow it.',
      );
    return this.renderEdit(
      res,
      v,
      s,
      { body: s.body, version: String(s.version) },
      s.themes.map((t) => t.code),
      [],
    );
  }

  @Policy('update', 'InclusionPlan')
  @Post(':planId/versions/:versionId/sections/:sectionId')
  async saveSection(
    @Param('planId') planId: string,
    @Param('versionId') versionId: string,
    @Param('sectionId') sectionId: string,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const values = formFields(req.body);
    const themes = list((req.body as Record<string, string | string[]>)['themes']);
    const version = /^\d+$/.test(values['version'] ?? '') ? Number(values['version']) : undefined;
    try {
      const s = await this.plans.editSection(planId, versionId, sectionId, {
        body: values['body'] ?? '',
        themes,
        version,
      });
      req.session.flash = { heading: 'Section saved', text: s.laName ? `${s.name}: ${s.laName}` : s.name };
      await saveSession(req);
      return res.redirect(303, `/plans/${planId}/versions/${versionId}#section-${sectionId}`);
    } catch (e) {
      const v = await this.plans.getVersion(planId, versionId);
      const s = v.sections.find((x) => x.id === sectionId)!;
      if (e instanceof InvalidFieldsException)
        return this.renderEdit(res.status(400), v, s, values, themes, e.fieldErrors);
      if (e instanceof ConflictException) {
        const p = e.getResponse() as ProblemDetails & { currentVersion?: number; currentBody?: string };
        // theirs beside yours: the form now carries their version, so saving again keeps yours on purpose
        return this.renderEdit(res.status(409), v, s, { ...values, version: String(s.version) }, themes, [], {
          detail: p.detail ?? '',
          theirs: p.currentBody ?? null,
        });
      }
      throw e;
    }
  }

  private renderEdit(
    res: Response,
    v: PlanVersionView,
    s: PlanVersionView['sections'][number],
    values: Record<string, string>,
    themes: string[],
    errors: FieldError[],
    conflict?: { detail: string; theirs: string | null },
  ) {
    return res.render('plans/section-edit.njk', {
      title: `Edit ${s.name}${s.laName ? `: ${s.laName}` : ''}`,
      v,
      s,
      values,
      errors,
      conflict,
      bodyError:
        errors
          .filter((e) => e.field === 'body')
          .map((e) => e.message)
          .join('. ') || null,
      themeItems: CURRENT_THEMES.themes.map((t) => ({ value: t.code, text: t.name, checked: themes.includes(t.code) })),
      themesVersion: CURRENT_THEMES.version,
      help: SAFE_TEXT_HELP,
    });
  }

  @Policy('create', 'InclusionPlanSignOff')
  @Get(':planId/versions/:versionId/sign-off')
  async signOffPage(@Param('planId') planId: string, @Param('versionId') versionId: string, @Res() res: Response) {
    return this.renderSignOff(res, await this.plans.getVersion(planId, versionId), {}, []);
  }

  @Policy('create', 'InclusionPlanSignOff')
  @Post(':planId/versions/:versionId/sign-off')
  async signOff(
    @Param('planId') planId: string,
    @Param('versionId') versionId: string,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const values = formFields(req.body);
    try {
      const v = await this.lifecycle.signOff(planId, versionId, {
        memberId: values['memberId'],
        decision: values['decision'],
        reason: values['reason'],
      });
      const d = v.signOffs.find((x) => x.memberId === values['memberId'])!;
      req.session.flash = {
        heading: 'Decision recorded',
        text: `${d.name}: ${decisionText(d.decision).toLowerCase()}.`,
      };
      await saveSession(req);
      return res.redirect(303, `/plans/${planId}/versions/${versionId}`);
    } catch (e) {
      if (e instanceof InvalidFieldsException)
        return this.renderSignOff(
          res.status(400),
          await this.plans.getVersion(planId, versionId),
          values,
          e.fieldErrors,
        );
      if (e instanceof ConflictException)
        return this.renderVersion(
          res.status(409),
          await this.plans.getVersion(planId, versionId),
          (e.getResponse() as ProblemDetails).detail,
        );
      throw e;
    }
  }

  private renderSignOff(res: Response, v: PlanVersionView, values: Record<string, string>, errors: FieldError[]) {
    const mine = v.signOffs.filter((d) => v.canDecideFor.includes(d.memberId));
    return res.render('plans/sign-off.njk', {
      title: `Sign off ${v.planTitle}, version ${v.number}`,
      v,
      values,
      errors,
      members: mine.map((d) => ({
        value: d.memberId,
        text: d.name,
        hint: {
          text: `${kindName(d.kind)}. ${d.decision ? `Now: ${decisionText(d.decision).toLowerCase()}` : 'Not decided yet'}`,
        },
        checked: values['memberId'] === d.memberId || mine.length === 1,
      })),
      decisions: [
        { value: 'signed_off', text: 'Sign off the plan', checked: values['decision'] === 'signed_off' },
        {
          value: 'dissent',
          text: 'Dissent',
          hint: { text: 'Give your reason below' },
          checked: values['decision'] === 'dissent',
        },
      ],
    });
  }
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ESC[c]);
const tag = (s: string) => {
  const t = status(s);
  return `<strong class="govuk-tag ${t.classes}">${t.text}</strong>`;
};
