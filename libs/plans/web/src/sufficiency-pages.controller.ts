import { ConflictException, Controller, Get, Param, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { subject } from '@casl/ability';
import { AuthContext, Policy } from '@rep-hub/auth';
import { academicYearOf, PLACE_TYPES, SufficiencyService } from '@rep-hub/plans-domain';
import { FieldError } from '@rep-hub/platform';
import {
  fieldErrorsOf,
  formFields,
  inPageOrder,
  oneEach,
  saveSession,
  WebRequest,
  WebViewInterceptor,
} from '@rep-hub/web-surface';
import type { Response } from 'express';

const FIELDS = ['laId', 'placeType', 'academicYear', 'currentPlaces', 'forecastDemand', 'actionId'] as const;
const SOURCE_TEXT = { typed: 'Typed', ap_commissioned: 'Commissioned AP places', unavailable: 'Not available to you' };

/**
 * A plan's sufficiency of places (/plans/{planId}/sufficiency): the table of places by LA, type and
 * year (current, forecast, gap, the action closing it), and the form to add a row or change one
 * (its version carried in the form: a change made meanwhile answers 409 with the form kept).
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('plans/:planId/sufficiency')
export class SufficiencyPagesController {
  constructor(
    private readonly sufficiency: SufficiencyService,
    private readonly auth: AuthContext,
  ) {}

  @Policy('read', 'InclusionPlanSufficiency')
  @Get()
  async page(@Param('planId') planId: string, @Query() query: Record<string, unknown>, @Res() res: Response) {
    const rows = await this.sufficiency.list(planId);
    const edit = rows.find((r) => r.id === query['edit']);
    const values: Record<string, unknown> = edit
      ? {
          laId: edit.laId,
          placeType: edit.placeType,
          academicYear: edit.academicYear,
          currentPlaces:
            edit.currentSource === 'typed' && edit.currentPlaces !== null ? String(edit.currentPlaces) : '',
          forecastDemand: String(edit.forecastDemand),
          actionId: edit.action?.id ?? '',
          version: String(edit.version),
        }
      : { academicYear: academicYearOf() };
    return this.render(res, planId, values, []);
  }

  @Policy('update', 'InclusionPlanSufficiency')
  @Post()
  async save(@Param('planId') planId: string, @Req() req: WebRequest, @Res() res: Response) {
    const values = formFields(req.body);
    try {
      const row = await this.sufficiency.upsert(planId, {
        laId: values['laId'],
        placeType: values['placeType'],
        academicYear: values['academicYear'],
        currentPlaces: values['currentPlaces'],
        forecastDemand: values['forecastDemand'],
        actionId: values['actionId'],
        version: values['version'],
      });
      req.session.flash = {
        heading: `${row.laName}: ${row.placeTypeName.toLowerCase()} in ${row.academicYear} saved`,
        text: row.gap === null ? undefined : row.gap > 0 ? `${row.gap} places short` : `${-row.gap} places to spare`,
      };
      await saveSession(req);
      return res.redirect(303, `/plans/${planId}/sufficiency`);
    } catch (error) {
      if (error instanceof ConflictException)
        return this.render(res.status(409), planId, values, [
          {
            field: 'forecastDemand',
            message: values['version']
              ? 'This row changed since you opened it. Open it again from the table and make your change.'
              : 'There is a row for this local authority, type of place and year already: change it from the table.',
          },
        ]);
      const errors = oneEach(inPageOrder(fieldErrorsOf(error), FIELDS));
      return this.render(res.status(400), planId, values, errors);
    }
  }

  private async render(res: Response, planId: string, values: Record<string, unknown>, errors: FieldError[]) {
    const [plan, rows] = await Promise.all([this.sufficiency.planContext(planId), this.sufficiency.list(planId)]);
    const tenantId = this.auth.tenantId;
    const editable = plan.las.filter((la) =>
      this.auth.ability.can('update', subject('InclusionPlanSufficiency', { tenantId, laId: la.id }) as never),
    );
    return res.render('plans/sufficiency.njk', {
      title: `Sufficiency of places: ${plan.title}`,
      plan,
      formAction: `/plans/${planId}/sufficiency`,
      errors,
      values,
      canEdit: editable.length > 0,
      laItems: [
        { value: '', text: 'Select a local authority' },
        ...editable.map((la) => ({ value: la.id, text: la.name, selected: values['laId'] === la.id })),
      ],
      placeTypeItems: PLACE_TYPES.map((t) => ({
        value: t.code,
        text: t.name,
        checked: values['placeType'] === t.code,
      })),
      actionItems: [
        { value: '', text: 'None yet' },
        ...plan.actions.map((a) => ({ value: a.id, text: a.title, selected: values['actionId'] === a.id })),
      ],
      rows: rows.map((r) => [
        { text: r.laName },
        { text: r.placeTypeName },
        { text: r.academicYear },
        { text: r.currentPlaces === null ? 'Not available' : String(r.currentPlaces), format: 'numeric' },
        { text: SOURCE_TEXT[r.currentSource] },
        { text: String(r.forecastDemand), format: 'numeric' },
        { text: r.gap === null ? 'Not known' : String(r.gap), format: 'numeric' },
        { text: r.action?.title ?? 'None' },
        editable.some((la) => la.id === r.laId)
          ? {
              html: `<a class="govuk-link" href="/plans/${planId}/sufficiency?edit=${r.id}#laId">Change<span class="govuk-visually-hidden"> ${escape(`${r.laName}, ${r.placeTypeName}, ${r.academicYear}`)}</span></a>`,
            }
          : { text: '' },
      ]),
    });
  }
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
