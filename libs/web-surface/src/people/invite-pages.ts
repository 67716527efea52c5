import type { Response } from 'express';
import { FieldError } from '@rep-hub/platform';
import { Organisation, rolesInForce } from '@rep-hub/tenancy';
import { isEmail } from 'class-validator';
import { inPageOrder, isUuid, kindLabel, oneEach, pageErrors } from '../admin/admin-view';
import { formFields, takeSavedForm } from '../forms';
import { saveSession, WebRequest } from '../session/web-session';
import { roleLabel } from '../web-view';
import { PeoplePagesBase, PeopleWhere, pick, withArticle } from './people-base';

/** The invite journey's answers, page by page. */
const WHO_FIELDS = ['displayName', 'email'] as const;
const ROLE_FIELDS = ['organisationId', 'role'] as const;
const ALL_FIELDS = [...WHO_FIELDS, ...ROLE_FIELDS];

/**
 * Inviting a person with a role: their name and email, then the organisation and role, then check
 * answers. One journey instance is about the one person being invited (and, for the platform
 * admin, kept with the partnership in the path). A role the user may not give is an error on the
 * role (403), before check answers and again when the invitation is sent.
 */
export class InvitePages extends PeoplePagesBase {
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

  // ---- internals ----

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
