import { Controller, ForbiddenException, Get, Param, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Policy } from '@rep-hub/auth';
import {
  ACTION_RAGS,
  ACTION_STATUS_LABELS,
  ACTION_STATUSES,
  ActionDetail,
  ActionView,
  CURRENT_THEMES,
  PLAN_SECTIONS,
  PlanActionsService,
} from '@rep-hub/plans-domain';
import { FieldError, problem } from '@rep-hub/platform';
import {
  formatDate,
  formatDateTime,
  formFields,
  saveSession,
  WebRequest,
  WebViewInterceptor,
} from '@rep-hub/web-surface';
import type { Response } from 'express';
import { FormPage, formErrors, postedDates, renderForm } from './plans-forms';

const RAG_LABEL: Record<string, string> = { red: 'Red', amber: 'Amber', green: 'Green' };
const RAG_TAG: Record<string, string> = {
  red: 'govuk-tag--red',
  amber: 'govuk-tag--yellow',
  green: 'govuk-tag--green',
};
const SECTION_LABEL = Object.fromEntries(PLAN_SECTIONS.map((s) => [s.key, s.name])) as Record<string, string>;
const THEME_LABEL = Object.fromEntries(CURRENT_THEMES.themes.map((t) => [t.code, t.name])) as Record<string, string>;

const row = (a: ActionView) => ({
  ...a,
  dueText: formatDate(a.dueOn),
  statusLabel: ACTION_STATUS_LABELS[a.status],
  ragLabel: RAG_LABEL[a.rag],
  ragTag: RAG_TAG[a.rag],
  sectionLabel: SECTION_LABEL[a.sectionKey] ?? a.sectionKey,
});

/**
 * A local inclusion plan's actions: the plan's list (the lead and its LA officers add actions),
 * the actions the user's organisations own, and one action's page where its owner records
 * progress (status, RAG, a note) and the plan's managers change the rest.
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('plans')
export class PlanActionsPagesController {
  constructor(private readonly actions: PlanActionsService) {}

  @Policy('read', 'InclusionPlanAction')
  @Get('actions/mine')
  async mine(@Res() res: Response) {
    const items = await this.actions.listMine();
    return res.render('plans/actions.njk', {
      title: 'Your organisation’s plan actions',
      intro: 'The actions of local inclusion plans that your organisation owns. Open one to record its progress.',
      items: items.map(row),
      showPlan: true,
    });
  }

  @Policy('read', 'InclusionPlanAction')
  @Get('actions/:id')
  async show(@Param('id') id: string, @Res() res: Response) {
    const a = await this.actions.get(id);
    return this.renderAction(
      res,
      a,
      { status: a.status, rag: a.rag, progressNote: '', version: String(a.version) },
      [],
      200,
    );
  }

  @Policy('update', 'InclusionPlanAction')
  @Post('actions/:id')
  async update(@Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    const values = formFields(req.body);
    let saved: ActionDetail;
    try {
      saved = await this.actions.update(id, {
        status: values['status'],
        rag: values['rag'],
        progressNote: values['progressNote'] ?? '',
        version: values['version'],
      });
    } catch (error) {
      const { errors, status } = formErrors(error, this.progressFields());
      return this.renderAction(res, await this.actions.get(id), values, errors, status);
    }
    req.session.flash = {
      heading: 'Progress recorded',
      text: `${saved.title}: ${ACTION_STATUS_LABELS[saved.status]}, ${RAG_LABEL[saved.rag]}.`,
    };
    await saveSession(req);
    return res.redirect(303, `/plans/actions/${id}`);
  }

  private progressFields() {
    return [
      { type: 'radios' as const, name: 'status', label: 'Status' },
      { type: 'radios' as const, name: 'rag', label: 'RAG rating' },
      { type: 'textarea' as const, name: 'progressNote', label: 'Progress note' },
    ];
  }

  private renderAction(
    res: Response,
    a: ActionDetail,
    values: Record<string, string>,
    errors: FieldError[],
    status: number,
  ) {
    return res.status(status).render('plans/action.njk', {
      title: a.title,
      action: {
        ...row(a),
        themeLabel: a.themeCode ? (THEME_LABEL[a.themeCode] ?? a.themeCode) : 'None',
        completedText: a.completedOn ? formatDate(a.completedOn) : null,
      },
      updates: a.updates.map((u) => ({
        ...u,
        when: formatDateTime(u.recordedAt),
        statusLabel: ACTION_STATUS_LABELS[u.status],
        ragLabel: RAG_LABEL[u.rag],
      })),
      statuses: ACTION_STATUSES.map((s) => ({ value: s, text: ACTION_STATUS_LABELS[s] })),
      rags: ACTION_RAGS.map((r) => ({ value: r, text: RAG_LABEL[r] })),
      values,
      errors,
    });
  }

  @Policy('read', 'InclusionPlanAction')
  @Get(':planId/actions')
  async list(@Param('planId') planId: string, @Res() res: Response) {
    const { plan, items } = await this.actions.listForPlan(planId);
    return res.render('plans/actions.njk', {
      title: 'Plan actions',
      caption: plan.title,
      items: items.map(row),
      newHref: plan.canCreate ? `/plans/${planId}/actions/new` : null,
    });
  }

  private async newForm(planId: string, planTitle: string, laIds: string[]): Promise<FormPage> {
    const orgs = await this.actions.organisations();
    const las = orgs.filter((o) => laIds.includes(o.id));
    const indicators = this.actions.indicatorCodes();
    return {
      title: 'Add an action',
      caption: planTitle,
      action: `/plans/${planId}/actions/new`,
      button: 'Add the action',
      back: { text: 'Back to the plan’s actions', href: `/plans/${planId}/actions` },
      fields: [
        { type: 'textarea', name: 'title', label: 'What is to be done', rows: 3 },
        {
          type: 'select',
          name: 'sectionKey',
          label: 'Section of the plan',
          options: [
            { value: '', text: 'Select a section' },
            ...PLAN_SECTIONS.map((s) => ({ value: s.key, text: s.name })),
          ],
        },
        {
          type: 'select',
          name: 'themeCode',
          label: 'National Standards theme (optional)',
          hint: `Provisional list ${CURRENT_THEMES.version}`,
          options: [
            { value: '', text: 'No theme' },
            ...CURRENT_THEMES.themes.map((t) => ({ value: t.code, text: t.name })),
          ],
        },
        {
          type: 'select',
          name: 'indicatorCode',
          label: 'Indicator (optional)',
          options: [{ value: '', text: 'No indicator' }, ...indicators.map((i) => ({ value: i.code, text: i.name }))],
        },
        {
          type: 'select',
          name: 'ownerOrganisationId',
          label: 'Organisation that owns it',
          options: [{ value: '', text: 'Select an organisation' }, ...orgs.map((o) => ({ value: o.id, text: o.name }))],
        },
        {
          type: 'select',
          name: 'laId',
          label: 'Local authority (for an action of one local authority)',
          options: [{ value: '', text: 'The whole plan' }, ...las.map((o) => ({ value: o.id, text: o.name }))],
        },
        { type: 'date', name: 'dueOn', label: 'Date it is due' },
      ],
    };
  }

  @Policy('create', 'InclusionPlanAction')
  @Get(':planId/actions/new')
  async newPage(@Param('planId') planId: string, @Res() res: Response) {
    const { plan } = await this.actions.listForPlan(planId);
    if (!plan.canCreate)
      throw new ForbiddenException(
        problem(403, 'Only the lead and the plan’s local authority officers can add actions to it.'),
      );
    return renderForm(res, await this.newForm(planId, plan.title, plan.laIds), {}, []);
  }

  @Policy('create', 'InclusionPlanAction')
  @Post(':planId/actions/new')
  async create(@Param('planId') planId: string, @Req() req: WebRequest, @Res() res: Response) {
    const { plan } = await this.actions.listForPlan(planId);
    const values = formFields(req.body);
    const page = await this.newForm(planId, plan.title, plan.laIds);
    const posted = postedDates(values, page.fields);
    try {
      if (posted.errors.length) throw posted.errors;
      const made = await this.actions.create(planId, {
        title: values['title'],
        sectionKey: values['sectionKey'],
        themeCode: values['themeCode'] || null,
        indicatorCode: values['indicatorCode'] || null,
        ownerOrganisationId: values['ownerOrganisationId'] || null,
        laId: values['laId'] || null,
        dueOn: posted.dates['dueOn'],
      });
      req.session.flash = {
        heading: 'Action added',
        text: `${made.ownerOrganisationName} owns it; it is due on ${formatDate(made.dueOn)}.`,
      };
      await saveSession(req);
      return res.redirect(303, `/plans/${planId}/actions`);
    } catch (error) {
      const { errors, status } = Array.isArray(error)
        ? { errors: error as FieldError[], status: 400 }
        : formErrors(error, page.fields);
      return renderForm(res, page, values, errors, status);
    }
  }
}
