import {
  ConflictException,
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AgreementView, AuthContext, checkProposal, DataSharingService, Policy } from '@rep-hub/auth';
import { FieldError, schoolToday } from '@rep-hub/platform';
import { TenancyService } from '@rep-hub/tenancy';
import type { Response } from 'express';
import { CheckAnswersJourney, inPageOrder, oneEach, pageErrors } from '../admin/admin-view';
import { dateInputItems, dateParts, formatDate, formatDateTime, postedDate } from '../dates';
import { fieldErrorsOf, formFields } from '../forms';
import { saveSession, WebRequest } from '../session/web-session';
import { WebViewInterceptor } from '../web-view';

const DATE_FIELDS = ['startsOn-day', 'startsOn-month', 'startsOn-year', 'endsOn-day', 'endsOn-month', 'endsOn-year'];
const FIELDS = ['title', 'purpose', 'localAuthorityIds', 'grants', ...DATE_FIELDS] as const;
const ORDER = ['localAuthorityIds', 'title', 'purpose', 'grants', 'startsOn-day', 'endsOn-day'];
const NEW_AGREEMENT = new CheckAnswersJourney(
  'new-data-sharing-agreement',
  FIELDS,
  '/data-sharing/new',
  '/data-sharing/new/check',
  'the new data-sharing agreement',
);

export const GRANT_TEXT: Record<string, { text: string; hint: string }> = {
  partnership_view: {
    text: 'The partnership view',
    hint: 'The partnership lead sees each party LA’s AP cases without names, UPNs or dates of birth: each child under a pseudonym.',
  },
  named_pupils: {
    text: 'Named pupils',
    hint: 'LA officers of each party LA see the other party LAs’ pupils by name, to follow the children they place.',
  },
};

const STATE_TAGS: Record<string, { text: string; classes: string }> = {
  proposed: { text: 'Waiting for confirmation', classes: 'govuk-tag--blue' },
  awaiting_start: { text: 'Confirmed, not started', classes: 'govuk-tag--yellow' },
  in_force: { text: 'In force', classes: 'govuk-tag--green' },
  expired: { text: 'Expired', classes: 'govuk-tag--grey' },
  ended: { text: 'Ended', classes: 'govuk-tag--grey' },
};

/** A checkbox group's values, as one comma-separated answer (a form sends one value as a string, several as an array). */
function many(body: unknown, name: string): string {
  const v = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.filter((x): x is string => typeof x === 'string' && x !== '').join(',');
}

const list = (answer: string | undefined): string[] => (answer ? answer.split(',').filter(Boolean) : []);

/**
 * Data-sharing agreements between the partnership's LAs, as pages: the list, proposing one (the
 * lead: parties, purpose, what it grants and dates, then check answers), one agreement with each
 * party's confirmation, and confirming or ending it (a party LA's DPO or LA officer; the lead may
 * end it too). The service (DataSharingService) decides who may do what; a stale confirm or end is
 * a 409 page that says to read it again.
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('data-sharing')
export class DataSharingPagesController {
  constructor(
    private readonly sharing: DataSharingService,
    private readonly context: AuthContext,
    private readonly tenancy: TenancyService,
  ) {}

  @Policy('read', 'DataSharingAgreement')
  @Get()
  async list(@Res() res: Response) {
    const items = await this.sharing.list();
    return res.render('data-sharing/list.njk', {
      title: 'Data-sharing agreements',
      agreements: items.map((a) => this.view(a)),
      canPropose: this.context.ability.can('create', 'DataSharingAgreement'),
    });
  }

  // ---- propose: one question page, then check answers ----

  @Policy('create', 'DataSharingAgreement')
  @Get('new')
  async newPage(@Req() req: WebRequest, @Res() res: Response) {
    const { id, values } = NEW_AGREEMENT.open(req, this.context.principal);
    return this.renderForm(res, id, values, []);
  }

  @Policy('create', 'DataSharingAgreement')
  @Post('new')
  async newPosted(@Req() req: WebRequest, @Res() res: Response) {
    const id = NEW_AGREEMENT.postedId(req, this.context.principal);
    const fields = formFields(req.body);
    const values: Record<string, string> = {
      ...Object.fromEntries(FIELDS.map((f) => [f, fields[f] ?? ''])),
      localAuthorityIds: many(req.body, 'localAuthorityIds'),
      grants: many(req.body, 'grants'),
    };
    const { errors } = this.checked(values);
    if (errors.length) return this.renderForm(res.status(400), id, values, errors);
    return NEW_AGREEMENT.toCheck(req, res, this.context.principal, id, values);
  }

  @Policy('create', 'DataSharingAgreement')
  @Get('new/check')
  async checkPage(@Req() req: WebRequest, @Res() res: Response) {
    const current = NEW_AGREEMENT.answers(req, this.context.principal);
    if (!current) return NEW_AGREEMENT.restart(res);
    const { input } = this.checked(current.answers);
    const names = await this.laNames();
    return res.render('data-sharing/check.njk', {
      title: 'Check your answers before proposing the agreement',
      answers: {
        parties: list(current.answers['localAuthorityIds']).map((l) => names.get(l) ?? l),
        title: input.title,
        purpose: input.purpose,
        grants: list(current.answers['grants']).map((g) => GRANT_TEXT[g]?.text ?? g),
        startsOn: formatDate(input.startsOn),
        endsOn: input.endsOn ? formatDate(input.endsOn) : 'No end date',
      },
      formHref: NEW_AGREEMENT.formUrl(current.id),
      checkHref: NEW_AGREEMENT.checkUrl(current.id),
    });
  }

  @Policy('create', 'DataSharingAgreement')
  @Post('new/check')
  async propose(@Req() req: WebRequest, @Res() res: Response) {
    const current = NEW_AGREEMENT.answers(req, this.context.principal);
    if (!current) return NEW_AGREEMENT.restart(res);
    let made: AgreementView;
    try {
      made = await this.sharing.propose(this.checked(current.answers).input);
    } catch (error) {
      const errors = pageErrors(error, { rename: { startsOn: 'startsOn-day', endsOn: 'endsOn-day' }, order: ORDER });
      return this.renderForm(res.status(400), current.id, current.answers, errors);
    }
    NEW_AGREEMENT.end(req, current.id);
    req.session.flash = {
      heading: 'The agreement has been proposed',
      text: 'It grants nothing until the data protection officer or an LA officer of each party LA confirms it.',
    };
    await saveSession(req);
    return res.redirect(303, `/data-sharing/${made.id}`);
  }

  // ---- one agreement; confirm; end ----

  @Policy('read', 'DataSharingAgreement')
  @Get(':agreementId')
  async agreement(@Param('agreementId', ParseUUIDPipe) id: string, @Res() res: Response) {
    return this.renderAgreement(res, await this.sharing.get(id));
  }

  @Policy('update', 'DataSharingAgreement')
  @Post(':agreementId/confirm')
  async confirm(@Param('agreementId', ParseUUIDPipe) id: string, @Req() req: WebRequest, @Res() res: Response) {
    const fields = formFields(req.body);
    try {
      await this.sharing.confirm(id, {
        version: fields['version'],
        ...(fields['localAuthorityId'] ? { localAuthorityId: fields['localAuthorityId'] } : {}),
      });
    } catch (error) {
      return this.refused(res, id, error);
    }
    req.session.flash = { heading: 'You have confirmed the agreement for your local authority' };
    await saveSession(req);
    return res.redirect(303, `/data-sharing/${id}`);
  }

  @Policy('update', 'DataSharingAgreement')
  @Get(':agreementId/end')
  async endPage(@Param('agreementId', ParseUUIDPipe) id: string, @Res() res: Response) {
    const a = await this.sharing.get(id);
    if (!a.yourActions.end) return res.redirect(303, `/data-sharing/${id}`);
    return res.render('data-sharing/end.njk', {
      title: `End ${a.title}`,
      agreement: this.view(a),
      values: {},
      errors: [],
    });
  }

  @Policy('update', 'DataSharingAgreement')
  @Post(':agreementId/end')
  async end(@Param('agreementId', ParseUUIDPipe) id: string, @Req() req: WebRequest, @Res() res: Response) {
    const fields = formFields(req.body);
    try {
      await this.sharing.end(id, { version: fields['version'], reason: fields['reason'] || undefined });
    } catch (error) {
      if (error instanceof ConflictException) return this.refused(res, id, error);
      const errors = oneEach(fieldErrorsOf(error));
      const a = await this.sharing.get(id);
      return res.status(400).render('data-sharing/end.njk', {
        title: `End ${a.title}`,
        agreement: this.view(a),
        values: fields,
        errors,
      });
    }
    req.session.flash = {
      heading: 'The agreement has ended',
      text: 'It no longer grants anything, to any party.',
    };
    await saveSession(req);
    return res.redirect(303, `/data-sharing/${id}`);
  }

  // ----

  /** A confirm or end the service refused for the state it found (409: stale, or no longer possible): the agreement as it now is. */
  private async refused(res: Response, id: string, error: unknown) {
    if (!(error instanceof ConflictException)) {
      const errors = fieldErrorsOf(error);
      return this.renderAgreement(res.status(400), await this.sharing.get(id), errors);
    }
    const detail = (error.getResponse() as { detail?: string }).detail ?? 'The agreement has changed.';
    return this.renderAgreement(res.status(409), await this.sharing.get(id), [], detail);
  }

  private renderAgreement(res: Response, a: AgreementView, errors: FieldError[] = [], conflict?: string) {
    return res.render('data-sharing/agreement.njk', {
      title: a.title,
      agreement: this.view(a),
      errors,
      conflict,
    });
  }

  private view(a: AgreementView) {
    const names = new Map(a.parties.map((p) => [p.localAuthorityId, p.name]));
    return {
      ...a,
      tag: STATE_TAGS[a.state],
      grantTexts: a.grants.map((g) => GRANT_TEXT[g]),
      startsOnText: formatDate(a.startsOn),
      endsOnText: a.endsOn ? formatDate(a.endsOn) : 'No end date',
      parties: a.parties.map((p) => ({
        ...p,
        confirmedText: p.confirmedAt ? `Confirmed ${formatDateTime(p.confirmedAt)}` : 'Not confirmed yet',
      })),
      confirmFor: a.yourActions.confirmFor.map((l) => ({ id: l, name: names.get(l) ?? l })),
      endedText: a.endedAt
        ? `Ended ${formatDateTime(a.endedAt)} by ${a.endedForLocalAuthorityId ? (names.get(a.endedForLocalAuthorityId) ?? 'a party') : 'the partnership lead'}`
        : '',
    };
  }

  /** The answers as the service's input, and the field errors of the page (dates on their day box). */
  private checked(values: Record<string, string>) {
    const errors: FieldError[] = [];
    const starts = postedDate(values, 'startsOn', 'The start date');
    const ends = postedDate(values, 'endsOn', 'The end date');
    if (starts.error) errors.push(starts.error);
    else if (!starts.iso) errors.push({ field: 'startsOn-day', message: 'Enter the date the agreement starts' });
    if (ends.error) errors.push(ends.error);
    const input = {
      title: values['title'] ?? '',
      purpose: values['purpose'] ?? '',
      grants: list(values['grants']),
      localAuthorityIds: list(values['localAuthorityIds']),
      startsOn: starts.iso ?? '',
      endsOn: ends.iso,
    };
    const rename: Record<string, string> = { startsOn: 'startsOn-day', endsOn: 'endsOn-day' };
    for (const e of checkProposal(input, schoolToday())) {
      const field = rename[e.field] ?? e.field;
      if (field.endsWith('-day') && errors.some((x) => x.field === field)) continue;
      if (e.field === 'startsOn' && !starts.iso) continue;
      errors.push({ field, message: e.message });
    }
    return { input, errors: oneEach(inPageOrder(errors, ORDER)) };
  }

  private async laNames(): Promise<Map<string, string>> {
    const orgs = await this.tenancy.listOrganisations(this.context.tenantId);
    return new Map(orgs.filter((o) => o.kind === 'local_authority').map((o) => [o.id, o.name]));
  }

  private async renderForm(res: Response, id: string, values: Record<string, string>, errors: FieldError[]) {
    const names = await this.laNames();
    const chosenLas = list(values['localAuthorityIds']);
    const chosenGrants = list(values['grants']);
    const shown = { ...dateParts('startsOn', null), ...dateParts('endsOn', null), ...values };
    const hasError = (f: string) => errors.some((e) => e.field === f);
    return res.render('data-sharing/form.njk', {
      title: 'Propose a data-sharing agreement',
      formHref: NEW_AGREEMENT.formUrl(id),
      values: shown,
      dates: {
        startsOn: dateInputItems('startsOn', shown, hasError('startsOn-day')),
        endsOn: dateInputItems('endsOn', shown, hasError('endsOn-day')),
      },
      laItems: [...names].map(([value, text]) => ({ value, text, checked: chosenLas.includes(value) })),
      grantItems: Object.entries(GRANT_TEXT).map(([value, g]) => ({
        value,
        text: g.text,
        hint: { text: g.hint },
        checked: chosenGrants.includes(value),
      })),
      errors,
    });
  }
}
