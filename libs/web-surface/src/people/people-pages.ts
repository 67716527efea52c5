import { ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { peoplePage, PersonView } from '@rep-hub/auth';
import { FieldError, problem } from '@rep-hub/platform';
import { Organisation, rolesInForce } from '@rep-hub/tenancy';
import type { Response } from 'express';
import { isUuid, kindLabel, pageErrors, statusTag } from '../admin/admin-view';
import { formFields, takeSavedForm } from '../forms';
import { saveSession, WebRequest } from '../session/web-session';
import { roleLabel } from '../web-view';
import { PeoplePagesBase, PeopleWhere, withArticle } from './people-base';

export type { PeopleWhere } from './people-base';

const PEOPLE_PER_PAGE = 50;

/**
 * The people pages: the list (filters by organisation and role), one person's role, changing it
 * (from the version shown: a stale change is refused with 409), ending it, and sending the invite
 * again (the invite journey is invite-pages.ts). Every refusal of the service is shown on the
 * page: field errors in the GOV.UK error summary, a role the user may not give as an error (403).
 */
export class PeoplePages extends PeoplePagesBase {
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
