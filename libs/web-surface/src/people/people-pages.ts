import { ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import { AppAbility, Granter, MembershipsService, peoplePage, PersonView } from '@rep-hub/auth';
import { FieldError, problem, UnitOfWork } from '@rep-hub/platform';
import { Organisation, rolesInForce } from '@rep-hub/tenancy';
import { isEmail } from 'class-validator';
import type { Response } from 'express';
import { EntityManager } from 'typeorm';
import { inPageOrder, isUuid, kindLabel, oneEach, pageErrors, statusTag } from '../admin/admin-view';
import { formFields, takeSavedForm } from '../forms';
import { Journey, JourneyOwner } from '../journeys';
import { saveSession, WebRequest } from '../session/web-session';
import { roleLabel } from '../web-view';

/** The invite journey's answers, page by page. */
const WHO_FIELDS = ['displayName', 'email'] as const;
const ROLE_FIELDS = ['organisationId', 'role'] as const;
const ALL_FIELDS = [...WHO_FIELDS, ...ROLE_FIELDS];
const PEOPLE_PER_PAGE = 50;

/**
 * Where the people pages work and for whom: a partnership's own people managers (the lead, each
 * LA's admins) at /people, or the platform admin at /admin/partnerships/:tenantId/people. The
 * same pages and the same MembershipsService serve both; only the granter, the base path and the
 * journey (one per place, so an admin's answers for one partnership never reach another's) differ.
 */
export interface PeopleWhere {
  tenantId: string;
  tenantName: string;
  /** The pages' base path: `/people` or `/admin/partnerships/<id>/people`. */
  base: string;
  granter: Granter;
  actorId: string;
  owner: JourneyOwner;
  /** The ability that chooses the list's projection (emails for the lead and DPO; all for the admin). */
  ability: AppAbility;
  laIds: readonly string[];
  journey: Journey;
  /** The layout the pages extend: the admin's (with its sub-navigation) or the service's. */
  layout: string;
}

/**
 * The people pages: the list (filters by organisation and role), inviting a person with a role
 * (their name and email, then the organisation and role, then check answers: a journey instance
 * about the one person being invited), one person's role, changing it (from the version shown: a
 * stale change is refused with 409), ending it, and sending the invite again. Every refusal of the
 * service is shown on the page: field errors in the GOV.UK error summary, a role the user may not
 * give as an error on the role (403).
 */
export class PeoplePages {
  constructor(
    private readonly memberships: MembershipsService,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  // ---- the list ----

  async list(w: PeopleWhere, query: Record<string, unknown>, res: Response) {
    const organisationId = isUuid(query['organisationId']) ? query['organisationId'] : undefined;
    const role = rolesInForce().isRole(query['role']) ? (query['role'] as string) : undefined;
    const after = this.cursorOf(query['after']);
    const { organisations, page } = await this.inTenant(w, async (m) => {
      const organisations = await this.organisations(m, w.tenantId);
      const page = await peoplePage(m, w.ability, w.tenantId, {
        limit: PEOPLE_PER_PAGE,
        after,
        organisationId,
        role,
      });
      await this.audit.record({ action: 'membership.list', subjectType: 'User', subjectIds: page.userIds });
      return { organisations, page };
    });
    const filter = new URLSearchParams({
      ...(organisationId ? { organisationId } : {}),
      ...(role ? { role } : {}),
    });
    return res.render('people/list.njk', {
      ...this.common(w),
      title: 'People',
      people: page.items.map((p) => ({
        ...p,
        roleLabel: roleLabel(String(p['role'])),
        tag: p['userStatus'] === 'invited' ? statusTag('invited') : null,
      })),
      showEmail: page.items.some((p) => 'email' in p),
      organisations: organisations.map((o) => ({ id: o.id, name: o.name, selected: o.id === organisationId })),
      roles: rolesInForce()
        .roles()
        .map((r) => ({ value: r.code, text: r.name, selected: r.code === role })),
      filtered: Boolean(organisationId || role),
      nextHref: page.next
        ? `${w.base}?${new URLSearchParams([...filter.entries(), ['after', JSON.stringify(page.next)]]).toString()}`
        : null,
      canInvite: this.grantable(w, organisations).length > 0,
    });
  }

  // ---- invite: who, then the organisation and role, then check answers ----

  whoPage(w: PeopleWhere, req: WebRequest, res: Response) {
    const current = this.current(w, req);
    const id = current?.id ?? w.journey.newId();
    const values = takeSavedForm(req, w.owner) ?? { ...(current?.answers ?? {}) };
    return this.renderWho(w, res, id, values, []);
  }

  async postWho(w: PeopleWhere, req: WebRequest, res: Response) {
    const current = this.current(w, req);
    const id = current?.id ?? w.journey.newId();
    const posted = pick(formFields(req.body), WHO_FIELDS);
    const errors = checkWho(posted);
    if (errors.length) return this.renderWho(w, res.status(400), id, posted, errors);
    await this.keep(w, req, id, { ...(current?.answers ?? {}), ...posted });
    return res.redirect(303, w.journey.url(`${w.base}/invite/role`, id));
  }

  async rolePage(w: PeopleWhere, req: WebRequest, res: Response) {
    const current = this.current(w, req);
    if (!current?.answers['email']) return res.redirect(303, `${w.base}/invite`);
    const values = takeSavedForm(req, w.owner) ?? current.answers;
    return this.renderRole(w, res, current.id, values, []);
  }

  async postRole(w: PeopleWhere, req: WebRequest, res: Response) {
    const current = this.current(w, req);
    if (!current?.answers['email']) return res.redirect(303, `${w.base}/invite`);
    const posted = pick(formFields(req.body), ROLE_FIELDS);
    const values = { ...current.answers, ...posted };
    const { errors, status } = await this.checkRole(w, posted);
    if (errors.length) return this.renderRole(w, res.status(status), current.id, values, errors);
    await this.keep(w, req, current.id, values);
    return res.redirect(303, w.journey.url(`${w.base}/invite/check`, current.id));
  }

  async checkPage(w: PeopleWhere, req: WebRequest, res: Response) {
    const current = this.current(w, req);
    if (!current?.answers['role']) return res.redirect(303, `${w.base}/invite`);
    const org = await this.inTenant(w, (m) =>
      m.findOne(Organisation, { where: { tenantId: w.tenantId, id: current.answers['organisationId'] } }),
    );
    return res.render('people/invite-check.njk', {
      ...this.common(w),
      title: 'Check your answers before sending the invitation',
      answers: current.answers,
      organisationName: org?.name ?? '',
      roleText: roleLabel(current.answers['role']),
      whoHref: w.journey.url(`${w.base}/invite`, current.id),
      roleHref: w.journey.url(`${w.base}/invite/role`, current.id),
      checkHref: w.journey.url(`${w.base}/invite/check`, current.id),
    });
  }

  async send(w: PeopleWhere, req: WebRequest, res: Response) {
    const current = this.current(w, req);
    if (!current?.answers['role']) return res.redirect(303, `${w.base}/invite`);
    const a = current.answers;
    try {
      const { person, newUser } = await this.memberships.invite(
        w.tenantId,
        { displayName: a['displayName'], email: a['email'], organisationId: a['organisationId'], role: a['role'] },
        w.granter,
        w.actorId,
      );
      w.journey.end(req, current.id);
      await saveSession(req);
      return res.status(200).render('people/invite-sent.njk', {
        ...this.common(w),
        title: newUser ? 'Invitation sent' : 'Role given',
        person: { ...person, email: a['email'] },
        newUser,
        roleText: roleLabel(person.role),
      });
    } catch (error) {
      const refused = this.refusal(error, 'role');
      const errors = refused?.errors ?? pageErrors(error, { order: ALL_FIELDS });
      const status = refused?.status ?? 400;
      if (errors.some((e) => (WHO_FIELDS as readonly string[]).includes(e.field)))
        return this.renderWho(w, res.status(status), current.id, a, errors);
      return this.renderRole(w, res.status(status), current.id, a, errors);
    }
  }

  // ---- one person's role ----

  async person(w: PeopleWhere, membershipId: string, res: Response) {
    const person = await this.personOf(w, membershipId);
    return res.render('people/person.njk', {
      ...this.common(w),
      title: person.displayName,
      person,
      roleText: roleLabel(person.role),
      kindText: kindLabel(person.organisationKind),
      tag: statusTag(person.status === 'active' ? person.userStatus : person.status),
      mayChange:
        person.status === 'active' && this.memberships.mayGive(w.granter, person.role, await this.placeOf(w, person)),
    });
  }

  async changePage(w: PeopleWhere, membershipId: string, req: WebRequest, res: Response) {
    const person = await this.activePerson(w, membershipId);
    const saved = takeSavedForm(req, w.owner);
    return this.renderChange(
      w,
      res,
      person,
      { role: saved?.['role'] ?? person.role, version: String(person.version) },
      [],
    );
  }

  async change(w: PeopleWhere, membershipId: string, req: WebRequest, res: Response) {
    const person = await this.activePerson(w, membershipId);
    const posted = formFields(req.body);
    const version = Number(posted['version']);
    if (!posted['role']) {
      const errors = [{ field: 'role', message: 'Select the role' }];
      return this.renderChange(w, res.status(400), person, posted, errors);
    }
    try {
      const changed = await this.memberships.change(
        w.tenantId,
        membershipId,
        { role: posted['role'], version },
        w.granter,
        w.actorId,
      );
      req.session.flash = {
        heading: `${changed.displayName} is now ${withArticle(roleLabel(changed.role))}`,
        text: `At ${changed.organisationName}.`,
      };
      await saveSession(req);
      return res.redirect(303, `${w.base}/${membershipId}`);
    } catch (error) {
      if (error instanceof ConflictException) {
        const now = await this.activePerson(w, membershipId);
        return this.renderChange(w, res.status(409), now, { role: now.role, version: String(now.version) }, [
          {
            field: 'role',
            message: `${now.displayName}’s role was changed by someone else while you were on this page: it is now ${roleLabel(now.role)}. Choose again`,
          },
        ]);
      }
      const refused = this.refusal(error, 'role');
      const errors = refused?.errors ?? pageErrors(error);
      return this.renderChange(w, res.status(refused?.status ?? 400), person, posted, errors);
    }
  }

  async endPage(w: PeopleWhere, membershipId: string, res: Response) {
    const person = await this.activePerson(w, membershipId);
    return res.render('people/end.njk', {
      ...this.common(w),
      title: `Are you sure you want to end ${person.displayName}’s role?`,
      person,
      roleText: roleLabel(person.role),
      errors: [],
    });
  }

  async end(w: PeopleWhere, membershipId: string, req: WebRequest, res: Response) {
    const person = await this.activePerson(w, membershipId);
    const version = Number(formFields(req.body)['version']);
    try {
      await this.memberships.end(w.tenantId, membershipId, { version }, w.granter, w.actorId);
    } catch (error) {
      if (error instanceof ConflictException || error instanceof ForbiddenException) {
        const status = error instanceof ConflictException ? 409 : 403;
        const now = await this.activePerson(w, membershipId);
        return res.status(status).render('people/end.njk', {
          ...this.common(w),
          title: `Are you sure you want to end ${now.displayName}’s role?`,
          person: now,
          roleText: roleLabel(now.role),
          errors: [
            {
              field: 'confirm',
              message:
                status === 409
                  ? `${now.displayName}’s role was changed by someone else while you were on this page. Check it and try again`
                  : `You cannot end this role: ${(error.getResponse() as { detail?: string }).detail ?? ''}`,
            },
          ],
        });
      }
      throw error;
    }
    req.session.flash = {
      heading: `${person.displayName}’s role has ended`,
      text: `They are no longer ${withArticle(roleLabel(person.role))} at ${person.organisationName}.`,
    };
    await saveSession(req);
    return res.redirect(303, w.base);
  }

  async resend(w: PeopleWhere, membershipId: string, req: WebRequest, res: Response) {
    const person = await this.activePerson(w, membershipId);
    try {
      await this.memberships.resendInvite(w.tenantId, membershipId, w.granter, w.actorId);
      req.session.flash = { heading: `We will email ${person.displayName} their invitation again` };
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
      req.session.flash = { heading: `${person.displayName} has already accepted their invitation` };
    }
    await saveSession(req);
    return res.redirect(303, `${w.base}/${membershipId}`);
  }

  // ---- internals ----

  private common(w: PeopleWhere) {
    return { layout: w.layout, base: w.base, tenantName: w.tenantName };
  }

  private inTenant<T>(w: PeopleWhere, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.uow.forTenant({ tenantId: w.tenantId, actorId: w.actorId, laIds: w.laIds }, work);
  }

  private organisations(m: EntityManager, tenantId: string): Promise<Organisation[]> {
    return m.find(Organisation, { where: { tenantId, status: 'active' }, order: { name: 'ASC', id: 'ASC' } });
  }

  /** The organisations and roles this user may give (for the role page's choices). */
  private grantable(w: PeopleWhere, organisations: Organisation[]) {
    const out: { org: Organisation; roles: string[] }[] = [];
    for (const org of organisations) {
      const roles = rolesInForce()
        .roleCodes()
        .filter((r) => this.memberships.mayGive(w.granter, r, org));
      if (roles.length) out.push({ org, roles });
    }
    return out;
  }

  private current(w: PeopleWhere, req: WebRequest): { id: string; answers: Record<string, string> } | undefined {
    const c = w.journey.current(req, w.owner);
    // the admin's instances are about one partnership: never offered in another's pages
    if (!c || c.instance.subject !== w.tenantId) return undefined;
    return { id: c.id, answers: c.instance.answers };
  }

  private async keep(w: PeopleWhere, req: WebRequest, id: string, answers: Record<string, string>) {
    w.journey.keep(req, id, w.owner, pick(answers, ALL_FIELDS), w.tenantId);
    await saveSession(req);
  }

  private renderWho(w: PeopleWhere, res: Response, id: string, values: Record<string, string>, errors: FieldError[]) {
    return res.render('people/invite-who.njk', {
      ...this.common(w),
      title: 'Who are you inviting?',
      values,
      errors: inPageOrder(oneEach(errors), WHO_FIELDS),
      formHref: w.journey.url(`${w.base}/invite`, id),
    });
  }

  private async renderRole(
    w: PeopleWhere,
    res: Response,
    id: string,
    values: Record<string, string>,
    errors: FieldError[],
  ) {
    const organisations = await this.inTenant(w, (m) => this.organisations(m, w.tenantId));
    const grantable = this.grantable(w, organisations);
    // every role the partnership's organisations can hold; each says where this user may give it, or who can
    const kinds = new Set(organisations.map((o) => o.kind));
    const roles = rolesInForce()
      .roles()
      .filter((r) => r.organisationKinds.some((k) => kinds.has(k)));
    return res.render('people/invite-role.njk', {
      ...this.common(w),
      title: `Where will ${values['displayName'] || 'they'} work, and as what?`,
      values,
      errors: inPageOrder(oneEach(errors), ROLE_FIELDS),
      organisations: organisations.map((o) => ({ id: o.id, text: `${o.name} (${kindLabel(o.kind)})` })),
      roles: roles.map((r) => {
        const where = grantable.filter((g) => g.roles.includes(r.code)).map((g) => g.org.name);
        return {
          value: r.code,
          text: r.name,
          hint: where.length
            ? `In ${where.join(', ')}`
            : rolesInForce().opensNamedChild(r.code)
              ? 'Only a local authority’s admins can give this role, in their own local authority'
              : 'Only the partnership lead can give this role',
        };
      }),
      formHref: w.journey.url(`${w.base}/invite/role`, id),
      backHref: w.journey.url(`${w.base}/invite`, id),
    });
  }

  /** The role page's rules, before check answers (the service checks them again when the invite is sent). */
  private async checkRole(
    w: PeopleWhere,
    v: Record<string, string>,
  ): Promise<{ errors: FieldError[]; status: number }> {
    const errors: FieldError[] = [];
    const org = isUuid(v['organisationId'])
      ? await this.inTenant(w, (m) =>
          m.findOne(Organisation, { where: { tenantId: w.tenantId, id: v['organisationId'] } }),
        )
      : null;
    if (!org) errors.push({ field: 'organisationId', message: 'Select the organisation they will work in' });
    if (!rolesInForce().isRole(v['role'])) errors.push({ field: 'role', message: 'Select their role' });
    if (errors.length || !org) return { errors, status: 400 };
    const role = v['role'];
    if (!rolesInForce().allows(role, org.kind))
      return {
        errors: [
          {
            field: 'role',
            message: `${roleLabel(role)} is not a role in ${withArticle(kindLabel(org.kind).toLowerCase())}. Choose another role or organisation`,
          },
        ],
        status: 400,
      };
    if (!this.memberships.mayGive(w.granter, role, org))
      return { errors: [{ field: 'role', message: refusalText(role, org.name) }], status: 403 };
    return { errors: [], status: 200 };
  }

  private async renderChange(
    w: PeopleWhere,
    res: Response,
    person: PersonView,
    values: Record<string, string>,
    errors: FieldError[],
  ) {
    const org = await this.placeOf(w, person);
    // the roles of the organisation's kind this user may give there (the service checks again)
    const roles = rolesInForce()
      .roles()
      .filter((r) => r.code === person.role || this.memberships.mayGive(w.granter, r.code, org));
    return res.render('people/change.njk', {
      ...this.common(w),
      title: `Change ${person.displayName}’s role`,
      person,
      values,
      errors,
      roles: roles.map((r) => ({ value: r.code, text: r.name })),
    });
  }

  /** A 403 (a role the user may not give) or a 409 of the service as an error on `field`; undefined for anything else. */
  private refusal(error: unknown, field: string): { errors: FieldError[]; status: number } | undefined {
    if (error instanceof ForbiddenException) {
      const detail = (error.getResponse() as { detail?: string }).detail ?? 'You cannot give this role here.';
      return { errors: [{ field, message: `You cannot give this role here. ${detail}` }], status: 403 };
    }
    if (error instanceof ConflictException)
      return {
        errors: [{ field, message: 'They already have this role in this organisation. Choose another role' }],
        status: 409,
      };
    return undefined;
  }

  private async personOf(w: PeopleWhere, membershipId: string): Promise<PersonView> {
    if (!isUuid(membershipId)) throw new NotFoundException(problem(404, 'There is no such role in your partnership.'));
    return this.memberships.person(w.tenantId, membershipId, w.actorId);
  }

  private async activePerson(w: PeopleWhere, membershipId: string): Promise<PersonView> {
    const person = await this.personOf(w, membershipId);
    if (person.status !== 'active') throw new NotFoundException(problem(404, 'This role has ended.'));
    return person;
  }

  private placeOf(w: PeopleWhere, person: PersonView) {
    return this.inTenant(w, (m) =>
      m.findOneOrFail(Organisation, { where: { tenantId: w.tenantId, id: person.organisationId } }),
    );
  }

  private cursorOf(v: unknown): [string, string] | null {
    if (typeof v !== 'string' || v.length > 600) return null;
    try {
      const parsed = JSON.parse(v) as unknown;
      return Array.isArray(parsed) && parsed.length === 2 && parsed.every((x) => typeof x === 'string')
        ? [parsed[0] as string, parsed[1] as string]
        : null;
    } catch {
      return null;
    }
  }
}

/** The invite's first page: the name and the email address. */
function checkWho(v: Record<string, string>): FieldError[] {
  const errors: FieldError[] = [];
  if (!v['displayName']) errors.push({ field: 'displayName', message: 'Enter their full name' });
  else if (v['displayName'].length > 200)
    errors.push({ field: 'displayName', message: 'The name must be 200 characters or fewer' });
  if (!v['email']) errors.push({ field: 'email', message: 'Enter their email address' });
  else if (v['email'].length > 254)
    errors.push({ field: 'email', message: 'The email address must be 254 characters or fewer' });
  else if (!isEmail(v['email']))
    errors.push({ field: 'email', message: 'Enter an email address in the correct format, like name@example.com' });
  return errors;
}

function refusalText(role: string, orgName: string): string {
  const opensChildren = rolesInForce().opensNamedChild(role);
  return opensChildren
    ? `You cannot give the ${roleLabel(role).toLowerCase()} role in ${orgName}: only that local authority’s admins can give a role that opens its children’s records`
    : `You cannot give the ${roleLabel(role).toLowerCase()} role: only the partnership lead can give partnership-wide roles`;
}

const withArticle = (words: string): string => `${/^[aeiou]/i.test(words) ? 'an' : 'a'} ${words}`;

function pick(fields: Record<string, string>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, fields[n] ?? '']));
}
