import { Controller, Get, Param, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AuthContext, Policy } from '@rep-hub/auth';
import {
  LocalPartnershipMembersService,
  LocalPartnershipsService,
  MEMBER_KINDS,
  renderSafeHtml,
} from '@rep-hub/plans-domain';
import { FieldError } from '@rep-hub/platform';
import { formatDate, formatDateTime, formFields, WebRequest, WebViewInterceptor } from '@rep-hub/web-surface';
import type { Response } from 'express';
import { dateValues, FormPage, formErrors, postedDates, renderForm } from './plans-forms';
import { done, mayEdit, MEETING_LABEL, MEETING_TAG } from './local-partnership-pages';

const KIND_LABEL = Object.fromEntries(MEMBER_KINDS.map((k) => [k.code, k.name])) as Record<string, string>;

/**
 * The local partnership pages: each LA's local partnership with its members and representatives,
 * meetings (attendance, papers, decisions) and terms of reference. Every member of the partnership
 * reads them; the lead and the LA's own officers and admins change them. Each form is one page.
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('local-partnerships')
export class LocalPartnershipsPagesController {
  constructor(
    private readonly lps: LocalPartnershipsService,
    private readonly members: LocalPartnershipMembersService,
    private readonly context: AuthContext,
  ) {}

  // ---- the list, and setting one up ----

  @Policy('read', 'LocalPartnership')
  @Get()
  async list(@Res() res: Response) {
    const items = await this.lps.list();
    const canCreate = (await this.lps.lasWithout()).length > 0;
    return res.render('plans/local-partnerships.njk', {
      title: 'Local SEND and AP partnerships',
      items: items.map((i) => ({
        ...i,
        nextMeetingText: i.nextMeetingOn ? formatDate(i.nextMeetingOn) : 'None planned',
      })),
      canCreate,
    });
  }

  @Policy('create', 'LocalPartnership')
  @Get('new')
  async newPage(@Res() res: Response) {
    const page = await this.newForm();
    return renderForm(
      res,
      page,
      { laId: page.fields[0].options?.length === 2 ? page.fields[0].options[1].value : '' },
      [],
    );
  }

  @Policy('create', 'LocalPartnership')
  @Post('new')
  async create(@Req() req: WebRequest, @Res() res: Response) {
    const values = formFields(req.body);
    const page = await this.newForm();
    try {
      const lp = await this.lps.create({ laId: values['laId'] || undefined, name: values['name'] });
      return done(
        req,
        res,
        `/local-partnerships/${lp.id}`,
        `${lp.name} has been set up`,
        'Next, add its member organisations.',
      );
    } catch (error) {
      const { errors, status } = formErrors(error, page.fields);
      return renderForm(res, page, values, errors, status);
    }
  }

  private async newForm(): Promise<FormPage> {
    const las = await this.lps.lasWithout();
    return {
      title: 'Set up a local partnership',
      action: '/local-partnerships/new',
      button: 'Set up the local partnership',
      back: { text: 'Back to local partnerships', href: '/local-partnerships' },
      fields: [
        {
          type: 'select',
          name: 'laId',
          label: 'Local authority',
          options: [
            { value: '', text: 'Select a local authority' },
            ...las.map((l) => ({ value: l.id, text: l.name })),
          ],
        },
        { name: 'name', label: 'Name of the local partnership', hint: 'For example, Derby SEND and AP partnership' },
      ],
    };
  }

  // ---- one local partnership ----

  @Policy('read', 'LocalPartnership')
  @Get(':id')
  async show(@Param('id') id: string, @Res() res: Response) {
    const lp = await this.lps.get(id);
    const canEdit = this.lps.may('update', lp.laId);
    return res.render('plans/local-partnership.njk', {
      title: lp.name,
      lp,
      termsHtml: renderSafeHtml(lp.termsOfReference),
      termsUpdatedText: lp.termsUpdatedAt ? formatDateTime(lp.termsUpdatedAt) : null,
      members: lp.members.map((m) => ({
        ...m,
        kindLabel: KIND_LABEL[m.kind] ?? m.kind,
        datesText: [
          m.joinedOn ? `Joined ${formatDate(m.joinedOn)}` : '',
          m.leftOn ? `left ${formatDate(m.leftOn)}` : '',
        ]
          .filter(Boolean)
          .join(', '),
      })),
      meetings: lp.meetings.map((m) => ({
        ...m,
        heldOnText: formatDate(m.heldOn),
        statusLabel: MEETING_LABEL[m.status],
        statusTag: MEETING_TAG[m.status],
      })),
      canEdit,
    });
  }

  // ---- terms of reference ----

  private termsForm(id: string, name: string): FormPage {
    return {
      title: 'Terms of reference',
      caption: name,
      intro: 'Write in plain text. Leave a blank line between paragraphs.',
      action: `/local-partnerships/${id}/terms`,
      button: 'Save the terms of reference',
      back: { text: 'Back to the local partnership', href: `/local-partnerships/${id}` },
      fields: [{ type: 'textarea', name: 'termsOfReference', label: 'Terms of reference', rows: 15 }],
    };
  }

  @Policy('update', 'LocalPartnership')
  @Get(':id/terms')
  async termsPage(@Param('id') id: string, @Res() res: Response) {
    const lp = await this.lps.get(id);
    mayEdit(this.lps, lp.laId);
    return renderForm(
      res,
      this.termsForm(id, lp.name),
      { termsOfReference: lp.termsOfReference, version: String(lp.version) },
      [],
    );
  }

  @Policy('update', 'LocalPartnership')
  @Post(':id/terms')
  async saveTerms(@Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    const lp = await this.lps.get(id);
    const values = formFields(req.body);
    const page = this.termsForm(id, lp.name);
    try {
      await this.lps.update(id, { termsOfReference: values['termsOfReference'] ?? '', version: values['version'] });
    } catch (error) {
      const { errors, status } = formErrors(error, page.fields);
      return renderForm(res, page, values, errors, status);
    }
    return done(req, res, `/local-partnerships/${id}`, 'Terms of reference saved');
  }

  // ---- members ----

  private memberForm(id: string, name: string, orgs: { id: string; name: string }[]): FormPage {
    return {
      title: 'Add a member organisation',
      caption: name,
      action: `/local-partnerships/${id}/members/new`,
      button: 'Add the member',
      back: { text: 'Back to the local partnership', href: `/local-partnerships/${id}` },
      fields: [
        {
          type: 'radios',
          name: 'kind',
          label: 'Kind of organisation',
          options: MEMBER_KINDS.map((k) => ({ value: k.code, text: k.name })),
        },
        {
          type: 'select',
          name: 'organisationId',
          label: 'Organisation in REP Hub (if it has one)',
          options: [{ value: '', text: 'Not in REP Hub' }, ...orgs.map((o) => ({ value: o.id, text: o.name }))],
        },
        { name: 'name', label: 'Name', hint: 'Needed when the organisation is not in REP Hub' },
        { type: 'date', name: 'joinedOn', label: 'Date it joined (optional)' },
      ],
    };
  }

  @Policy('update', 'LocalPartnership')
  @Get(':id/members/new')
  async memberPage(@Param('id') id: string, @Res() res: Response) {
    const lp = await this.lps.get(id);
    mayEdit(this.lps, lp.laId);
    return renderForm(res, this.memberForm(id, lp.name, await this.lps.organisations()), {}, []);
  }

  @Policy('update', 'LocalPartnership')
  @Post(':id/members/new')
  async addMember(@Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    const lp = await this.lps.get(id);
    const values = formFields(req.body);
    const page = this.memberForm(id, lp.name, await this.lps.organisations());
    const posted = postedDates(values, page.fields);
    try {
      if (posted.errors.length) throw posted.errors;
      const member = await this.members.addMember(id, {
        kind: values['kind'],
        organisationId: values['organisationId'] || null,
        name: values['name'] ?? '',
        joinedOn: posted.dates['joinedOn'] || null,
      });
      return done(req, res, `/local-partnerships/${id}`, `${member.name} added`, 'Next, add its representatives.');
    } catch (error) {
      const { errors, status } = Array.isArray(error)
        ? { errors: error as FieldError[], status: 400 }
        : formErrors(error, page.fields);
      return renderForm(res, page, values, errors, status);
    }
  }

  private leaveForm(memberId: string, lpId: string, name: string): FormPage {
    return {
      title: `${name} leaves the local partnership`,
      action: `/local-partnerships/members/${memberId}/leave`,
      button: 'Save the date it left',
      back: { text: 'Back to the local partnership', href: `/local-partnerships/${lpId}` },
      fields: [{ type: 'date', name: 'leftOn', label: 'Date it left' }],
    };
  }

  @Policy('update', 'LocalPartnership')
  @Get('members/:memberId/leave')
  async leavePage(@Param('memberId') memberId: string, @Res() res: Response) {
    const { lp, member } = await this.memberOf(memberId);
    mayEdit(this.lps, lp.laId);
    return renderForm(
      res,
      this.leaveForm(memberId, lp.id, member.name),
      { version: String(member.version), ...dateValues({ leftOn: member.leftOn }) },
      [],
    );
  }

  @Policy('update', 'LocalPartnership')
  @Post('members/:memberId/leave')
  async leave(@Param('memberId') memberId: string, @Req() req: WebRequest, @Res() res: Response) {
    const { lp, member } = await this.memberOf(memberId);
    const values = formFields(req.body);
    const page = this.leaveForm(memberId, lp.id, member.name);
    const posted = postedDates(values, page.fields);
    try {
      if (posted.errors.length) throw posted.errors;
      if (!posted.dates['leftOn']) throw [{ field: 'leftOn-day', message: 'Enter the date it left' }];
      await this.members.updateMember(memberId, {
        kind: member.kind,
        name: member.name,
        organisationId: member.organisationId,
        joinedOn: member.joinedOn,
        leftOn: posted.dates['leftOn'],
        version: values['version'],
      });
    } catch (error) {
      const { errors, status } = Array.isArray(error)
        ? { errors: error as FieldError[], status: 400 }
        : formErrors(error, page.fields);
      return renderForm(res, page, values, errors, status);
    }
    return done(req, res, `/local-partnerships/${lp.id}`, `${member.name} has left the local partnership`);
  }

  // ---- representatives ----

  private repForm(memberId: string, lpId: string, memberName: string): FormPage {
    return {
      title: 'Add a representative',
      caption: memberName,
      action: `/local-partnerships/members/${memberId}/representatives/new`,
      button: 'Add the representative',
      back: { text: 'Back to the local partnership', href: `/local-partnerships/${lpId}` },
      fields: [
        { name: 'fullName', label: 'Full name', inputType: 'text' },
        { name: 'roleTitle', label: 'Role (optional)', hint: 'For example, Head of SEND' },
        { name: 'email', label: 'Work email address (optional)', inputType: 'email' },
        { type: 'date', name: 'fromOn', label: 'Date they started (optional)' },
      ],
    };
  }

  @Policy('update', 'LocalPartnership')
  @Get('members/:memberId/representatives/new')
  async repPage(@Param('memberId') memberId: string, @Res() res: Response) {
    const { lp, member } = await this.memberOf(memberId);
    mayEdit(this.lps, lp.laId);
    return renderForm(res, this.repForm(memberId, lp.id, member.name), {}, []);
  }

  @Policy('update', 'LocalPartnership')
  @Post('members/:memberId/representatives/new')
  async addRep(@Param('memberId') memberId: string, @Req() req: WebRequest, @Res() res: Response) {
    const { lp, member } = await this.memberOf(memberId);
    const values = formFields(req.body);
    const page = this.repForm(memberId, lp.id, member.name);
    const posted = postedDates(values, page.fields);
    try {
      if (posted.errors.length) throw posted.errors;
      const rep = await this.members.addRepresentative(memberId, {
        fullName: values['fullName'],
        roleTitle: values['roleTitle'] ?? '',
        email: values['email'] ?? '',
        fromOn: posted.dates['fromOn'] || null,
      });
      return done(
        req,
        res,
        `/local-partnerships/${lp.id}`,
        `${rep.fullName} added as a representative of ${member.name}`,
      );
    } catch (error) {
      const { errors, status } = Array.isArray(error)
        ? { errors: error as FieldError[], status: 400 }
        : formErrors(error, page.fields);
      return renderForm(res, page, values, errors, status);
    }
  }

  // ---- helpers ----

  private async memberOf(memberId: string) {
    const lp = await this.lps.memberPartnership(memberId);
    const member = lp.members.find((m) => m.id === memberId)!;
    return { lp, member };
  }
}
