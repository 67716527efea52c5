import {
  ConflictException,
  Controller,
  ForbiddenException,
  Get,
  NotFoundException,
  Param,
  Post,
  Req,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PupilsService, PupilView } from '@rep-hub/ap-domain';
import { AuthContext, Policy } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException } from '@rep-hub/platform';
import { SEN_NEED_TYPES, SEN_PROVISION_CODES, UPN_UNKNOWN_REASONS } from '@rep-hub/reference';
import type { Response } from 'express';
import {
  answersOfPupil,
  listOf,
  pageChecks,
  plainPupilMessage,
  PUPIL_PAGES,
  pupilInputOf,
  QuestionPage,
  SAFEGUARDING_LABELS,
  SERVICE_FIELD_INPUT,
  upnReasonLabel,
} from './ap-pupils-view';
import {
  formFields,
  inPageOrder,
  oneEach,
  pick,
  saveSession,
  takeSavedForm,
  WebRequest,
  WebViewInterceptor,
} from '@rep-hub/web-surface';

/** The question pages of a record by the slug of their change page (`details` for the first). */
const PAGE_OF: Record<string, QuestionPage> = Object.fromEntries(PUPIL_PAGES.map((p) => [p.slug || 'details', p]));
/** What a change page takes: its question page's fields but the home LA, which a change never moves. */
const changeFields = (page: QuestionPage) => page.fields.filter((f) => f !== 'laId');

/**
 * Changing a pupil's record: the Change links of the pupil's page open the question page that
 * recorded each answer, filled from the record, at `/ap/pupils/:pupilId/change/:slug`. Each page
 * posts on its own with the record's version: no answers are kept between pages, so nothing of one
 * pupil can reach another's page. The service checks the record as it would be after the change,
 * who may change it (the home LA's officers; a school its own records) and the version (a change
 * made since answers 409 and shows the record as it now is).
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('ap/pupils')
export class ApPupilChangeController {
  constructor(
    private readonly pupils: PupilsService,
    private readonly context: AuthContext,
  ) {}

  @Policy('read', 'Pupil')
  @Get(':pupilId/change/:slug')
  async changePage(
    @Param('pupilId') pupilId: string,
    @Param('slug') slug: string,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const page = this.pageOf(slug);
    const pupil = await this.changeable(pupilId);
    const saved = takeSavedForm(req, this.context.principal);
    const values = { ...answersOfPupil(pupil), ...(saved ? pick(saved, changeFields(page)) : {}) };
    return this.render(res, pupil, page, values, [], pupil.version);
  }

  @Policy('read', 'Pupil')
  @Post(':pupilId/change/:slug')
  async change(
    @Param('pupilId') pupilId: string,
    @Param('slug') slug: string,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const page = this.pageOf(slug);
    const pupil = await this.changeable(pupilId);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const posted = pick(formFields(body), changeFields(page));
    if (page.fields.includes('safeguardingFlags'))
      posted['safeguardingFlags'] = listOf(body['safeguardingFlags']).join(',');
    const version = Number(formFields(body)['version']);
    const answers = { ...answersOfPupil(pupil), ...posted };
    if (answers['upnChoice'] !== 'upn') answers['upn'] = '';
    const own = pageChecks(page.slug, answers);
    const service = this.serviceErrors(this.pupils.fieldErrors(pupilInputOf(answers))).filter((e) =>
      page.fields.includes(e.field),
    );
    const errors = oneEach(inPageOrder(own.length && page.slug === 'needs' ? own : [...own, ...service], page.fields));
    if (errors.length) return this.render(res.status(400), pupil, page, answers, errors, version);
    const { laId: _laId, ...input } = pupilInputOf(answers);
    // the contact page changes the first contact; any others stay as they are
    if (page.slug === 'contact') input.contacts = [...(input.contacts as unknown[]), ...pupil.contacts.slice(1)];
    else input.contacts = pupil.contacts;
    try {
      await this.pupils.update(pupil.id, { ...input, version });
    } catch (error) {
      if (error instanceof ConflictException) {
        const detail =
          (error.getResponse() as { detail?: string }).detail ?? 'This record has changed since you opened it.';
        const now = await this.pupils.get(pupil.id);
        return this.render(
          res.status(409),
          now,
          page,
          answersOfPupil(now),
          [{ field: page.fields[0], message: detail }],
          now.version,
        );
      }
      if (!(error instanceof InvalidFieldsException)) throw error;
      const mine = this.serviceErrors(error.fieldErrors);
      const shown = mine.filter((e) => page.fields.includes(e.field));
      return this.render(
        res.status(400),
        pupil,
        page,
        answers,
        shown.length ? shown : [{ field: page.fields[0], message: mine[0]?.message ?? 'Check your answers' }],
        version,
      );
    }
    req.session.flash = { heading: `${pupil.givenName} ${pupil.familyName}’s record has been changed` };
    await saveSession(req);
    return res.redirect(303, `/ap/pupils/${pupil.id}`);
  }

  private pageOf(slug: string): QuestionPage {
    const page = PAGE_OF[slug];
    if (!page) throw new NotFoundException('There is no such page.');
    return page;
  }

  /** The pupil if the caller may read it (404 otherwise, from the service) and change it (403). */
  private async changeable(pupilId: string): Promise<PupilView> {
    const pupil = await this.pupils.get(pupilId);
    if (!this.pupils.canChange(pupil))
      throw new ForbiddenException(
        'Only the pupil’s home local authority, or the school that recorded the pupil, can change this record.',
      );
    return pupil;
  }

  private serviceErrors(errors: FieldError[]): FieldError[] {
    return errors.map((e) => ({ field: SERVICE_FIELD_INPUT[e.field] ?? e.field, message: plainPupilMessage(e) }));
  }

  private async render(
    res: Response,
    pupil: PupilView,
    page: QuestionPage,
    values: Record<string, string>,
    errors: FieldError[],
    version: number,
  ) {
    const view: Record<string, unknown> = {
      title: page.title,
      caption: `Change ${pupil.givenName} ${pupil.familyName}’s record`,
      submitText: 'Save changes',
      page,
      values,
      errors,
      version,
      back: `/ap/pupils/${pupil.id}`,
      formHref: `/ap/pupils/${pupil.id}/change/${page.slug || 'details'}`,
      localAuthorities: [],
    };
    if (page.slug === 'upn') {
      view['reasons'] = UPN_UNKNOWN_REASONS.map((r) => ({ value: r.code, text: upnReasonLabel(r.code) }));
    } else if (page.slug === 'needs') {
      view['provisions'] = SEN_PROVISION_CODES.map((c) => ({ value: c.code, text: c.label }));
      view['needTypes'] = SEN_NEED_TYPES.map((n) => ({ value: n.code, text: n.label }));
    } else if (page.slug === 'circumstances') {
      view['schools'] = await this.schools();
      view['flags'] = Object.entries(SAFEGUARDING_LABELS).map(([value, text]) => ({ value, text }));
      view['flagValues'] = listOf(values['safeguardingFlags']);
    }
    return res.render(page.view, view);
  }

  private async schools(): Promise<{ id: string; name: string }[]> {
    const tenantId = this.context.tenantId;
    return (await this.context.inTenant((m) =>
      m.query(
        `SELECT id, name FROM organisations WHERE tenant_id = $1 AND kind = 'school' AND status = 'active' ORDER BY name, id`,
        [tenantId],
      ),
    )) as { id: string; name: string }[];
  }
}
