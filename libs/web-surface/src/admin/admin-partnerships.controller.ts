import {
  ConflictException,
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
import { AuthContext, OnboardingService, OrganisationView, Policy, UserView } from '@rep-hub/auth';
import { FieldError, problem } from '@rep-hub/platform';
import { findLocalAuthorityByNumber, localAuthorities } from '@rep-hub/reference';
import { RoleRegistry, TenancyService } from '@rep-hub/tenancy';
import type { Response } from 'express';
import { formFields, takeSavedForm } from '../forms';
import { saveSession, WebRequest } from '../session/web-session';
import { roleLabel, WebViewInterceptor } from '../web-view';
import {
  CheckAnswersJourney,
  formatDateTime,
  inSentence,
  isUuid,
  kindHint,
  kindLabel,
  oneEach,
  pageErrors,
  pick,
  REGION_NAMES,
  roleKindsText,
  statusTag,
} from './admin-view';

const PARTNERSHIP_FIELDS = ['name', 'slug', 'region'] as const;
const NEW_PARTNERSHIP = new CheckAnswersJourney(
  'new-partnership',
  PARTNERSHIP_FIELDS,
  '/admin/partnerships/new',
  '/admin/partnerships/new/check',
  'the new partnership',
);
const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const ORGANISATION_FIELDS = [
  'kind',
  'name',
  'laNumber',
  'isLead',
  'urn',
  'ukprn',
  'ofstedUrn',
  'localAuthorityId',
] as const;
const MEMBERSHIP_FIELDS = ['email', 'organisationId', 'role'] as const;
/** What a change may touch: the name and the identifiers (the kind, lead and maintaining LA stay). */
const CHANGE_FIELDS = ['name', 'laNumber', 'urn', 'ukprn', 'ofstedUrn'] as const;
type ChangeField = (typeof CHANGE_FIELDS)[number];

/** A 409 that names fields (an identifier another organisation holds): its field errors, else none. */
function clashErrors(error: unknown): FieldError[] {
  if (!(error instanceof ConflictException)) return [];
  const errors = (error.getResponse() as { errors?: unknown }).errors;
  return Array.isArray(errors) ? (errors as FieldError[]) : [];
}

/** Service messages that name a field in code, in plain English. */
function plainOrganisationMessage(e: FieldError): string | undefined {
  if (e.field === 'laNumber' && /not a current English local authority/.test(e.message))
    return 'Enter the DfE number of a current English local authority, like 856';
  if (/^Only a local authority/.test(e.message)) {
    return e.field === 'isLead'
      ? 'Only a local authority can lead the partnership. Untick the box, or select local authority'
      : 'Leave the LA number empty: only a local authority has one';
  }
  if (e.field === 'localAuthorityId' && /must be a local authority/.test(e.message))
    return 'Select a local authority of this partnership';
  if (e.field === 'urn' && /^URN /.test(e.message))
    return `The ${e.message}`.replace('The URN must be 6 digits', 'The URN must be six digits, like 120000');
  if (e.field === 'ukprn' && /^UKPRN /.test(e.message))
    return `The ${e.message}`.replace('The UKPRN must be 8 digits', 'The UKPRN must be eight digits, like 10012345');
  if (e.field === 'ofstedUrn' && /^Ofsted URN /.test(e.message)) return `The ${e.message}, like EY123456`;
  return undefined;
}

/** An organisation's saved values as the change form shows them. */
function changeValues(o: OrganisationView): Record<string, string> {
  return {
    name: o.name,
    laNumber: o.laNumber ?? '',
    urn: o.urn ?? '',
    ukprn: o.ukprn ?? '',
    ofstedUrn: o.ofstedUrn ?? '',
    version: String(o.version),
  };
}

/**
 * The platform admin's partnerships: the list, adding one (form, check answers, create), a
 * partnership's organisations and roles, adding an organisation and changing one (its name and
 * identifiers), giving someone a role and removing one. Every route needs `manage Platform`.
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('admin')
export class AdminPartnershipsController {
  constructor(
    private readonly onboarding: OnboardingService,
    private readonly tenancy: TenancyService,
    private readonly context: AuthContext,
    private readonly roles: RoleRegistry,
  ) {}

  private get actorId(): string {
    return this.context.principal.userId;
  }

  @Policy('manage', 'Platform')
  @Get()
  home(@Res() res: Response) {
    return res.redirect(303, '/admin/partnerships');
  }

  @Policy('manage', 'Platform')
  @Get('partnerships')
  async list(@Res() res: Response) {
    const { items } = await this.onboarding.listTenants();
    const partnerships = [...items]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((t) => ({ ...t, tag: statusTag(t.status) }));
    return res.render('admin/partnerships.njk', { title: 'Partnerships', partnerships });
  }

  // ---- add a partnership: form, check answers, create ----

  @Policy('manage', 'Platform')
  @Get('partnerships/new')
  newPartnershipPage(@Req() req: WebRequest, @Res() res: Response) {
    const { id, values } = NEW_PARTNERSHIP.open(req, this.context.principal);
    return this.renderPartnershipForm(res, id, values, []);
  }

  @Policy('manage', 'Platform')
  @Post('partnerships/new')
  async newPartnership(@Req() req: WebRequest, @Res() res: Response) {
    const id = NEW_PARTNERSHIP.postedId(req, this.context.principal);
    const values = NEW_PARTNERSHIP.posted(req);
    const errors = await this.checkPartnership(values);
    if (errors.length) return this.renderPartnershipForm(res.status(400), id, values, errors);
    return NEW_PARTNERSHIP.toCheck(req, res, this.context.principal, id, values);
  }

  @Policy('manage', 'Platform')
  @Get('partnerships/new/check')
  checkPartnershipPage(@Req() req: WebRequest, @Res() res: Response) {
    const current = NEW_PARTNERSHIP.answers(req, this.context.principal);
    if (!current) return NEW_PARTNERSHIP.restart(res);
    return res.render('admin/partnership-check.njk', {
      title: 'Check your answers before adding the partnership',
      answers: current.answers,
      formHref: NEW_PARTNERSHIP.formUrl(current.id),
      checkHref: NEW_PARTNERSHIP.checkUrl(current.id),
    });
  }

  @Policy('manage', 'Platform')
  @Post('partnerships/new/check')
  async createPartnership(@Req() req: WebRequest, @Res() res: Response) {
    const current = NEW_PARTNERSHIP.answers(req, this.context.principal);
    if (!current) return NEW_PARTNERSHIP.restart(res);
    const answers = current.answers;
    let tenant;
    try {
      tenant = await this.onboarding.createTenant(
        { name: answers['name'], slug: answers['slug'], region: answers['region'] || null },
        this.actorId,
      );
    } catch (error) {
      const errors = pageErrors(error, {
        conflict: { field: 'slug', message: 'There is already a partnership with this slug. Enter a different slug' },
        order: PARTNERSHIP_FIELDS,
      });
      return this.renderPartnershipForm(res.status(400), current.id, answers, errors);
    }
    NEW_PARTNERSHIP.end(req, current.id);
    req.session.flash = {
      heading: `${tenant.name} has been added`,
      text: 'Next, add its local authorities and other organisations.',
    };
    await saveSession(req);
    return res.redirect(303, `/admin/partnerships/${tenant.id}`);
  }

  // ---- one partnership ----

  @Policy('manage', 'Platform')
  @Get('partnerships/:tenantId')
  async partnership(@Param('tenantId') tenantId: string, @Res() res: Response) {
    const tenant = await this.onboarding.getTenant(tenantId);
    const [{ items: organisations }, { items: memberships }] = await Promise.all([
      this.onboarding.listOrganisations(tenantId),
      this.onboarding.listMemberships(tenantId, this.actorId),
    ]);
    const users = await this.usersById(memberships.map((m) => m.userId));
    const orgNames = new Map(organisations.map((o) => [o.id, o.name]));
    const roles = memberships
      .map((m) => ({
        ...m,
        user: users.get(m.userId) ?? null,
        organisationName: orgNames.get(m.organisationId) ?? '',
        roleLabel: roleLabel(m.role),
        roleText: inSentence(roleLabel(m.role)),
        tag: statusTag(m.status),
      }))
      .sort(
        (a, b) =>
          (a.status === b.status ? 0 : a.status === 'active' ? -1 : 1) ||
          (a.user?.email ?? '').localeCompare(b.user?.email ?? ''),
      );
    const laNames = new Map(organisations.filter((o) => o.kind === 'local_authority').map((o) => [o.id, o.name]));
    return res.render('admin/partnership.njk', {
      title: tenant.name,
      tenant: { ...tenant, tag: statusTag(tenant.status), created: formatDateTime(tenant.createdAt) },
      organisations: organisations.map((o) => ({
        ...o,
        kindLabel: kindLabel(o.kind),
        tag: statusTag(o.status),
        maintainedBy: o.localAuthorityId ? (laNames.get(o.localAuthorityId) ?? '') : '',
      })),
      roles,
    });
  }

  // ---- add an organisation: its kind, then only what that kind needs ----

  @Policy('manage', 'Platform')
  @Get('partnerships/:tenantId/organisations/new')
  async newOrganisationPage(@Param('tenantId') tenantId: string, @Query('kind') kind: unknown, @Res() res: Response) {
    const view = await this.organisationFormView(tenantId);
    return res.render('admin/organisation-form.njk', {
      ...view,
      step: 'kind',
      values: { kind: typeof kind === 'string' ? kind : '' },
    });
  }

  @Policy('manage', 'Platform')
  @Post('partnerships/:tenantId/organisations/new')
  async chooseKind(@Param('tenantId') tenantId: string, @Req() req: WebRequest, @Res() res: Response) {
    const kind = formFields(req.body)['kind'] ?? '';
    const view = await this.organisationFormView(tenantId);
    if (!view.kinds.some((k) => k.value === kind))
      return res.status(400).render('admin/organisation-form.njk', {
        ...view,
        step: 'kind',
        values: {},
        errors: [{ field: 'kind', message: 'Select what kind of organisation it is' }],
      });
    return res.redirect(
      303,
      `/admin/partnerships/${tenantId}/organisations/new/details?kind=${encodeURIComponent(kind)}`,
    );
  }

  @Policy('manage', 'Platform')
  @Get('partnerships/:tenantId/organisations/new/details')
  async organisationDetailsPage(
    @Param('tenantId') tenantId: string,
    @Query('kind') kind: unknown,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const view = await this.organisationFormView(tenantId);
    const chosen = view.kinds.find((k) => k.value === kind);
    if (!chosen) return res.redirect(303, `/admin/partnerships/${tenantId}/organisations/new`);
    const values = takeSavedForm(req, this.context.principal) ?? {};
    return res.render('admin/organisation-form.njk', this.detailsView(view, chosen.value, values, []));
  }

  @Policy('manage', 'Platform')
  @Post('partnerships/:tenantId/organisations/new/details')
  async newOrganisation(
    @Param('tenantId') tenantId: string,
    @Query('kind') kindQ: unknown,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const view = await this.organisationFormView(tenantId);
    const chosen = view.kinds.find((k) => k.value === kindQ);
    if (!chosen) return res.redirect(303, `/admin/partnerships/${tenantId}/organisations/new`);
    const kind = chosen.value;
    const values = pick(formFields(req.body), ORGANISATION_FIELDS);
    const la = kind === 'local_authority';
    // only what this kind asks for is sent: a local authority is one of the reference list, named as it is there
    const reference = la && values['laNumber'] ? findLocalAuthorityByNumber(values['laNumber']) : undefined;
    if (la && !values['laNumber'])
      return res
        .status(400)
        .render(
          'admin/organisation-form.njk',
          this.detailsView(view, kind, values, [{ field: 'laNumber', message: 'Select the local authority' }]),
        );
    let organisation;
    try {
      organisation = await this.onboarding.createOrganisation(
        tenantId,
        {
          kind,
          name: la ? (reference?.label ?? values['laNumber']) : values['name'],
          laNumber: la ? values['laNumber'] : null,
          isLead: la && values['isLead'] === 'yes' ? true : null,
          urn: chosen.identifier === 'urn' || chosen.identifier === 'urn_or_ukprn' ? values['urn'] || null : null,
          ukprn: chosen.identifier === 'urn_or_ukprn' ? values['ukprn'] || null : null,
          ofstedUrn: chosen.identifier === 'ofsted_urn' ? values['ofstedUrn'] || null : null,
          localAuthorityId: la ? null : values['localAuthorityId'] || null,
        },
        this.actorId,
      );
    } catch (error) {
      const clash = clashErrors(error);
      if (clash.length)
        return res.status(409).render('admin/organisation-form.njk', this.detailsView(view, kind, values, clash));
      const errors = pageErrors(error, { reword: plainOrganisationMessage, order: ORGANISATION_FIELDS });
      return res.status(400).render('admin/organisation-form.njk', this.detailsView(view, kind, values, errors));
    }
    req.session.flash = { heading: `${organisation.name} has been added to ${view.tenant.name}` };
    await saveSession(req);
    return res.redirect(303, `/admin/partnerships/${tenantId}`);
  }

  // ---- change an organisation: its name and the identifiers its kind has ----

  @Policy('manage', 'Platform')
  @Get('partnerships/:tenantId/organisations/:organisationId/change')
  async changeOrganisationPage(
    @Param('tenantId') tenantId: string,
    @Param('organisationId') organisationId: string,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const { tenant, organisation } = await this.organisationToChange(tenantId, organisationId);
    const values = takeSavedForm(req, this.context.principal) ?? changeValues(organisation);
    return res.render('admin/organisation-change.njk', this.changeView(tenant, organisation, values, []));
  }

  @Policy('manage', 'Platform')
  @Post('partnerships/:tenantId/organisations/:organisationId/change')
  async changeOrganisation(
    @Param('tenantId') tenantId: string,
    @Param('organisationId') organisationId: string,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const { tenant, organisation } = await this.organisationToChange(tenantId, organisationId);
    const posted = formFields(req.body);
    const shown = this.changeFieldsOf(organisation);
    const values: Record<string, string> = { version: posted['version'] ?? '' };
    for (const f of shown) values[f] = posted[f] ?? '';
    // only the fields on the page are sent: the others keep their values
    const change: Record<string, unknown> = {
      version: /^\d+$/.test(values['version']) ? Number(values['version']) : NaN,
    };
    for (const f of shown) change[f] = f === 'name' ? values[f] : values[f].trim() || null;
    let changed: OrganisationView;
    try {
      changed = await this.onboarding.changeOrganisation(tenantId, organisationId, change as never, this.actorId);
    } catch (error) {
      const clash = clashErrors(error);
      if (clash.length)
        return res
          .status(409)
          .render('admin/organisation-change.njk', this.changeView(tenant, organisation, values, clash));
      if (error instanceof ConflictException) {
        // changed by someone else meanwhile: what it is now, to change again
        const now = await this.onboarding.getOrganisation(tenantId, organisationId);
        return res.status(409).render(
          'admin/organisation-change.njk',
          this.changeView(tenant, now, changeValues(now), [
            {
              field: 'name',
              message:
                'Someone else changed this organisation while you were on this page. Its details are shown as they are now: make your changes again',
            },
          ]),
        );
      }
      const errors = pageErrors(error, {
        reword: plainOrganisationMessage,
        rename: { version: 'name' },
        order: CHANGE_FIELDS,
      });
      return res
        .status(400)
        .render('admin/organisation-change.njk', this.changeView(tenant, organisation, values, errors));
    }
    req.session.flash = { heading: `${changed.name} has been changed` };
    await saveSession(req);
    return res.redirect(303, `/admin/partnerships/${tenantId}`);
  }

  // ---- give someone a role ----

  @Policy('manage', 'Platform')
  @Get('partnerships/:tenantId/memberships/new')
  async newMembershipPage(
    @Param('tenantId') tenantId: string,
    @Query('userId') userId: unknown,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const view = await this.membershipFormView(tenantId);
    let values = takeSavedForm(req, this.context.principal);
    if (!values && isUuid(userId)) {
      const user = await this.tenancy.findUser(userId);
      values = user ? { email: user.email } : undefined;
    }
    return res.render('admin/membership-form.njk', { ...view, values: values ?? {} });
  }

  @Policy('manage', 'Platform')
  @Post('partnerships/:tenantId/memberships/new')
  async newMembership(@Param('tenantId') tenantId: string, @Req() req: WebRequest, @Res() res: Response) {
    const view = await this.membershipFormView(tenantId);
    const values = pick(formFields(req.body), MEMBERSHIP_FIELDS);
    const again = (errors: FieldError[]) =>
      res.status(400).render('admin/membership-form.njk', { ...view, values, errors: oneEach(errors) });
    const errors: FieldError[] = [];
    const user = values['email'] ? await this.tenancy.findUserByEmail(values['email']) : null;
    if (!values['email']) errors.push({ field: 'email', message: 'Enter the email address of the person' });
    else if (!user)
      errors.push({ field: 'email', message: 'There is no user with this email address. Invite them first' });
    if (!values['organisationId']) errors.push({ field: 'organisationId', message: 'Select the organisation' });
    if (!this.roles.isRole(values['role'])) errors.push({ field: 'role', message: 'Select the role' });
    if (errors.length) return again(errors);
    const role = values['role'];
    try {
      await this.onboarding.addMembership(
        tenantId,
        { userId: user!.id, organisationId: values['organisationId'], role },
        this.actorId,
      );
    } catch (error) {
      return again(
        pageErrors(error, {
          rename: { userId: 'email' },
          order: MEMBERSHIP_FIELDS,
          conflict: {
            field: 'role',
            message: 'They already have this role in this organisation. Select a different role or organisation',
          },
          reword: (e) => {
            if (e.field === 'role' && e.message.startsWith('A '))
              return `${roleLabel(role)} is a role in ${roleKindsText(role)}. Select a different role or organisation`;
            if (e.field === 'organisationId') return 'Select an organisation of this partnership';
            if (e.field === 'userId' && /Platform and National Board/.test(e.message))
              return 'This person has a platform role, so they cannot have a role in a partnership';
            if (e.field === 'userId') return 'There is no user with this email address. Invite them first';
            return undefined;
          },
        }),
      );
    }
    const organisation = view.organisations.find((o) => o.id === values['organisationId']);
    req.session.flash = {
      heading: `${user!.displayName} is now ${inSentence(roleLabel(role))} at ${organisation?.name ?? view.tenant.name}`,
    };
    await saveSession(req);
    return res.redirect(303, `/admin/partnerships/${tenantId}`);
  }

  // ---- remove a role ----

  @Policy('manage', 'Platform')
  @Get('partnerships/:tenantId/memberships/:membershipId/remove')
  async removeMembershipPage(
    @Param('tenantId') tenantId: string,
    @Param('membershipId') membershipId: string,
    @Res() res: Response,
  ) {
    const view = await this.activeMembership(tenantId, membershipId);
    return res.render('admin/membership-remove.njk', { title: 'Are you sure you want to remove this role?', ...view });
  }

  @Policy('manage', 'Platform')
  @Post('partnerships/:tenantId/memberships/:membershipId/remove')
  async removeMembership(
    @Param('tenantId') tenantId: string,
    @Param('membershipId') membershipId: string,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    await this.onboarding.revokeMembership(tenantId, membershipId, this.actorId);
    req.session.flash = {
      heading: 'The role has been removed',
      text: 'It stops working the next time they do anything in REP Hub.',
    };
    await saveSession(req);
    return res.redirect(303, `/admin/partnerships/${tenantId}`);
  }

  // ---- internals ----

  private renderPartnershipForm(res: Response, id: string, values: Record<string, string>, errors: FieldError[]) {
    return res.render('admin/partnership-form.njk', {
      title: 'Add a partnership',
      values,
      errors,
      regions: REGION_NAMES,
      formHref: NEW_PARTNERSHIP.formUrl(id),
    });
  }

  /** The service's rules for a partnership, checked before the check-answers page (the service checks them again). */
  private async checkPartnership(v: Record<string, string>): Promise<FieldError[]> {
    const errors: FieldError[] = [];
    if (!v['name']) errors.push({ field: 'name', message: 'Enter the partnership name' });
    else if (v['name'].length > 200)
      errors.push({ field: 'name', message: 'The partnership name must be 200 characters or fewer' });
    if (!v['slug']) errors.push({ field: 'slug', message: 'Enter the slug' });
    else if (v['slug'].length > 63) errors.push({ field: 'slug', message: 'The slug must be 63 characters or fewer' });
    else if (!SLUG_PATTERN.test(v['slug']))
      errors.push({
        field: 'slug',
        message: 'The slug must be lower-case letters and numbers joined by hyphens, like east-midlands',
      });
    else if (await this.tenancy.findTenantBySlug(v['slug']))
      errors.push({ field: 'slug', message: 'There is already a partnership with this slug. Enter a different slug' });
    if (!REGION_NAMES.includes(v['region'])) errors.push({ field: 'region', message: 'Select the region' });
    return errors;
  }

  private async organisationFormView(tenantId: string) {
    const tenant = await this.onboarding.getTenant(tenantId);
    const { items } = await this.onboarding.listOrganisations(tenantId);
    return {
      title: 'Add an organisation',
      tenant,
      kinds: this.roles.kinds().map((k) => ({
        value: k.code,
        text: k.name,
        hint: kindHint(k),
        identifier: k.requires?.identifier ?? null,
      })),
      localAuthorities: items
        .filter((o) => o.kind === 'local_authority' && o.status === 'active')
        .map((o) => ({ id: o.id, name: o.name, laNumber: o.laNumber })),
    };
  }

  /** The second page: the organisation's name and only the identifiers its kind needs (a local authority: one of the reference list). */
  private detailsView(
    view: Awaited<ReturnType<AdminPartnershipsController['organisationFormView']>>,
    kind: string,
    values: Record<string, string>,
    errors: FieldError[],
  ) {
    const chosen = view.kinds.find((k) => k.value === kind)!;
    const taken = new Set(view.localAuthorities.map((l) => l.laNumber));
    return {
      ...view,
      step: 'details',
      kind: chosen,
      isLa: kind === 'local_authority',
      values,
      errors,
      formHref: `/admin/partnerships/${view.tenant.id}/organisations/new/details?kind=${encodeURIComponent(kind)}`,
      backHref: `/admin/partnerships/${view.tenant.id}/organisations/new?kind=${encodeURIComponent(kind)}`,
      referenceLas: [
        { value: '', text: 'Select a local authority' },
        ...localAuthorities()
          .filter((l) => !taken.has(l.code))
          .map((l) => ({ value: l.code, text: `${l.label} (${l.code})`, selected: values['laNumber'] === l.code }))
          .sort((x, y) => x.text.localeCompare(y.text)),
      ],
    };
  }

  private async organisationToChange(tenantId: string, organisationId: string) {
    const tenant = await this.onboarding.getTenant(tenantId);
    const organisation = await this.onboarding.getOrganisation(tenantId, organisationId);
    return { tenant, organisation };
  }

  /** The fields a change shows: the name, the identifiers the kind has and any the organisation holds. */
  private changeFieldsOf(o: OrganisationView): ChangeField[] {
    const identifier = this.roles.kind(o.kind)?.requires?.identifier;
    const shown = new Set<ChangeField>(['name']);
    if (o.kind === 'local_authority' || o.laNumber) shown.add('laNumber');
    if (identifier === 'urn' || identifier === 'urn_or_ukprn' || o.urn) shown.add('urn');
    if (identifier === 'urn_or_ukprn' || o.ukprn) shown.add('ukprn');
    if (identifier === 'ofsted_urn' || o.ofstedUrn) shown.add('ofstedUrn');
    return CHANGE_FIELDS.filter((f) => shown.has(f));
  }

  private changeView(
    tenant: { id: string; name: string },
    organisation: OrganisationView,
    values: Record<string, string>,
    errors: FieldError[],
  ) {
    return {
      title: `Change ${organisation.name}`,
      tenant,
      organisation: { ...organisation, kindLabel: kindLabel(organisation.kind) },
      show: Object.fromEntries(this.changeFieldsOf(organisation).map((f) => [f, true])),
      identifier: this.roles.kind(organisation.kind)?.requires?.identifier ?? null,
      values,
      errors: oneEach(errors),
      formHref: `/admin/partnerships/${tenant.id}/organisations/${organisation.id}/change`,
    };
  }

  private async membershipFormView(tenantId: string) {
    const tenant = await this.onboarding.getTenant(tenantId);
    const { items } = await this.onboarding.listOrganisations(tenantId);
    return {
      title: 'Give someone a role',
      tenant,
      organisations: items
        .filter((o) => o.status === 'active')
        .map((o) => ({ id: o.id, name: o.name, kindLabel: kindLabel(o.kind) })),
      roles: this.roles.roles().map((r) => ({ value: r.code, text: r.name, hint: `For ${roleKindsText(r.code)}` })),
    };
  }

  private async activeMembership(tenantId: string, membershipId: string) {
    const tenant = await this.onboarding.getTenant(tenantId);
    const { items } = await this.onboarding.listMemberships(tenantId, this.actorId);
    const membership = items.find((m) => m.id === membershipId && m.status === 'active');
    if (!membership) throw new NotFoundException(problem(404, 'There is no such active membership.'));
    const [{ items: organisations }, users] = await Promise.all([
      this.onboarding.listOrganisations(tenantId),
      this.usersById([membership.userId]),
    ]);
    return {
      tenant,
      membership,
      user: users.get(membership.userId) ?? null,
      organisationName: organisations.find((o) => o.id === membership.organisationId)?.name ?? '',
      roleLabel: roleLabel(membership.role),
    };
  }

  private async usersById(ids: string[]): Promise<Map<string, UserView>> {
    const out = new Map<string, UserView>();
    for (const id of new Set(ids)) {
      try {
        out.set(id, await this.onboarding.getUser(id));
      } catch (error) {
        if (!(error instanceof NotFoundException)) throw error;
      }
    }
    return out;
  }
}
