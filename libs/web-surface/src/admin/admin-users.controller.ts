import { Controller, Get, Param, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AuthContext, OnboardingService, Policy } from '@rep-hub/auth';
import { FieldError } from '@rep-hub/platform';
import { TenancyService } from '@rep-hub/tenancy';
import { isEmail } from 'class-validator';
import type { Response } from 'express';
import { fieldErrorsOf, formFields } from '../forms';
import { saveSession, WebRequest } from '../session/web-session';
import { roleLabel, WebViewInterceptor } from '../web-view';
import { CheckAnswersJourney, formatDateTime, kindLabel, pageErrors, platformRoleLabel, statusTag } from './admin-view';

const USER_FIELDS = ['displayName', 'email', 'platformRole'] as const;
const NEW_USER = new CheckAnswersJourney(
  'new-user',
  USER_FIELDS,
  '/admin/users/new',
  '/admin/users/new/check',
  'the user invited',
);
const USERS_PER_PAGE = 50;

type PlatformRoleInput = 'none' | 'platform_admin' | 'national_board';

/** The platform role choices of the invite form ("none" is a partnership user). */
const PLATFORM_ROLES: { value: PlatformRoleInput; text: string; hint: string }[] = [
  { value: 'none', text: 'None – a partnership user', hint: 'Give them a role in a partnership after inviting them' },
  {
    value: 'platform_admin',
    text: 'Platform administrator',
    hint: 'Can add partnerships and users, and see background jobs and emails',
  },
  { value: 'national_board', text: 'National Board member', hint: 'Sees only the summary figures partnerships submit' },
];

/**
 * The platform admin's users: the list, inviting one (form, check answers, the invite link), a
 * user's roles, a password reset link and an authenticator reset. Every route needs `manage Platform`.
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('admin/users')
export class AdminUsersController {
  constructor(
    private readonly onboarding: OnboardingService,
    private readonly tenancy: TenancyService,
    private readonly context: AuthContext,
  ) {}

  private get actorId(): string {
    return this.context.principal.userId;
  }

  @Policy('manage', 'Platform')
  @Get()
  async list(@Query('after') after: unknown, @Query('q') qInput: unknown, @Res() res: Response) {
    const cursor = typeof after === 'string' && after ? after : undefined;
    const q = typeof qInput === 'string' ? qInput.trim() : '';
    let page: Awaited<ReturnType<OnboardingService['listUsers']>>;
    try {
      page = await this.onboarding.listUsers({ after: cursor, limit: USERS_PER_PAGE, q }, this.actorId);
    } catch (error) {
      const errors = fieldErrorsOf(error);
      return res.status(400).render('admin/users.njk', { title: 'Users', errors, q, users: [], firstPage: true });
    }
    const partnerships = await this.onboarding.partnershipsOfUsers(
      page.items.map((u) => u.id),
      this.actorId,
    );
    const search = q ? `&q=${encodeURIComponent(q)}` : '';
    return res.render('admin/users.njk', {
      title: q ? `Users matching “${q}”` : 'Users',
      q,
      users: page.items.map((u) => ({
        ...u,
        platformRoleLabel: platformRoleLabel(u.platformRole),
        partnerships: (partnerships.get(u.id) ?? []).join(', ') || 'None',
        tag: statusTag(u.status),
      })),
      nextHref: page.nextCursor ? `/admin/users?after=${encodeURIComponent(page.nextCursor)}${search}` : null,
      firstHref: q ? `/admin/users?q=${encodeURIComponent(q)}` : '/admin/users',
      firstPage: !cursor,
    });
  }

  // ---- invite a user: form, check answers, the invite ----

  @Policy('manage', 'Platform')
  @Get('new')
  newUserPage(@Req() req: WebRequest, @Res() res: Response) {
    const { id, values } = NEW_USER.open(req, this.context.principal);
    return this.renderUserForm(res, id, values, []);
  }

  @Policy('manage', 'Platform')
  @Post('new')
  async newUser(@Req() req: WebRequest, @Res() res: Response) {
    const id = NEW_USER.postedId(req, this.context.principal);
    const values = NEW_USER.posted(req);
    const errors = await this.checkUser(values);
    if (errors.length) return this.renderUserForm(res.status(400), id, values, errors);
    return NEW_USER.toCheck(req, res, this.context.principal, id, values);
  }

  @Policy('manage', 'Platform')
  @Get('new/check')
  checkUserPage(@Req() req: WebRequest, @Res() res: Response) {
    const current = NEW_USER.answers(req, this.context.principal);
    if (!current) return NEW_USER.restart(res);
    const answers = current.answers;
    return res.render('admin/user-check.njk', {
      title: 'Check your answers before sending the invitation',
      answers,
      formHref: NEW_USER.formUrl(current.id),
      checkHref: NEW_USER.checkUrl(current.id),
      platformRoleText: PLATFORM_ROLES.find((r) => r.value === answers['platformRole'])?.text ?? '',
    });
  }

  @Policy('manage', 'Platform')
  @Post('new/check')
  async createUser(@Req() req: WebRequest, @Res() res: Response) {
    const current = NEW_USER.answers(req, this.context.principal);
    if (!current) return NEW_USER.restart(res);
    const answers = current.answers;
    const role = answers['platformRole'];
    let user;
    try {
      user = await this.onboarding.createUser(
        {
          displayName: answers['displayName'],
          email: answers['email'],
          platformRole: role === 'platform_admin' || role === 'national_board' ? role : null,
        },
        this.actorId,
      );
    } catch (error) {
      const errors = pageErrors(error, {
        conflict: {
          field: 'email',
          message: 'There is already a user with this email address. Enter a different email address',
        },
        order: USER_FIELDS,
      });
      return this.renderUserForm(res.status(400), current.id, answers, errors);
    }
    NEW_USER.end(req, current.id);
    // the link is shown once, in this answer: it is never kept in the session
    return res.status(200).render('admin/user-invited.njk', {
      title: 'Invitation sent',
      user,
      inviteUrl: user.invite.url,
      expires: formatDateTime(user.invite.expiresAt),
    });
  }

  // ---- one user ----

  @Policy('manage', 'Platform')
  @Get(':userId')
  async user(@Param('userId') userId: string, @Res() res: Response) {
    const user = await this.onboarding.getUser(userId);
    const { items } = await this.onboarding.listUserMemberships(userId, this.actorId);
    return res.render('admin/user.njk', {
      title: user.displayName,
      user,
      platformRoleText: platformRoleLabel(user.platformRole),
      tag: statusTag(user.status),
      roles: items.map((m) => ({
        ...m,
        roleLabel: roleLabel(m.role),
        kindLabel: kindLabel(m.organisationKind),
        tag: statusTag(m.status),
      })),
    });
  }

  @Policy('manage', 'Platform')
  @Post(':userId/password-reset')
  async passwordReset(@Param('userId') userId: string, @Res() res: Response) {
    const user = await this.onboarding.getUser(userId);
    const link = await this.onboarding.passwordReset(userId, this.actorId);
    return res.status(200).render('admin/password-reset-sent.njk', {
      title: 'Password reset link sent',
      user,
      resetUrl: link.url,
      expires: formatDateTime(link.expiresAt),
    });
  }

  @Policy('manage', 'Platform')
  @Get(':userId/reset-authenticator')
  async resetAuthenticatorPage(@Param('userId') userId: string, @Res() res: Response) {
    const user = await this.onboarding.getUser(userId);
    return res.render('admin/reset-authenticator.njk', {
      title: 'Are you sure you want to reset their authenticator app?',
      user,
    });
  }

  @Policy('manage', 'Platform')
  @Post(':userId/reset-authenticator')
  async resetAuthenticator(@Param('userId') userId: string, @Req() req: WebRequest, @Res() res: Response) {
    const user = await this.onboarding.getUser(userId);
    await this.onboarding.mfaReset(userId, this.actorId);
    req.session.flash = {
      heading: `${user.displayName}’s authenticator app has been reset`,
      text: 'They will set up an authenticator app again the next time they sign in.',
    };
    await saveSession(req);
    return res.redirect(303, `/admin/users/${user.id}`);
  }

  // ---- choose the partnership to give a user a role in ----

  @Policy('manage', 'Platform')
  @Get(':userId/partnership')
  async choosePartnershipPage(@Param('userId') userId: string, @Res() res: Response) {
    return res.render('admin/user-partnership.njk', await this.choosePartnershipView(userId));
  }

  @Policy('manage', 'Platform')
  @Post(':userId/partnership')
  async choosePartnership(@Param('userId') userId: string, @Req() req: WebRequest, @Res() res: Response) {
    const view = await this.choosePartnershipView(userId);
    const tenantId = formFields(req.body)['tenantId'];
    if (!tenantId || !view.partnerships.some((p) => p.id === tenantId)) {
      return res.status(400).render('admin/user-partnership.njk', {
        ...view,
        errors: [{ field: 'tenantId', message: 'Select the partnership' }],
      });
    }
    return res.redirect(
      303,
      `/admin/partnerships/${tenantId}/memberships/new?userId=${encodeURIComponent(view.user.id)}`,
    );
  }

  // ---- internals ----

  private renderUserForm(res: Response, id: string, values: Record<string, string>, errors: FieldError[]) {
    return res.render('admin/user-form.njk', {
      title: 'Invite a user',
      values,
      errors,
      platformRoles: PLATFORM_ROLES,
      formHref: NEW_USER.formUrl(id),
    });
  }

  /** The service's rules for a new user, checked before the check-answers page (the service checks them again). */
  private async checkUser(v: Record<string, string>): Promise<FieldError[]> {
    const errors: FieldError[] = [];
    if (!v['displayName']) errors.push({ field: 'displayName', message: 'Enter their name' });
    else if (v['displayName'].length > 200)
      errors.push({ field: 'displayName', message: 'The name must be 200 characters or fewer' });
    if (!v['email']) errors.push({ field: 'email', message: 'Enter their email address' });
    else if (v['email'].length > 254)
      errors.push({ field: 'email', message: 'The email address must be 254 characters or fewer' });
    else if (!isEmail(v['email']))
      errors.push({ field: 'email', message: 'Enter an email address in the correct format, like name@example.com' });
    else if (await this.tenancy.findUserByEmail(v['email']))
      errors.push({
        field: 'email',
        message: 'There is already a user with this email address. Enter a different email address',
      });
    if (!PLATFORM_ROLES.some((r) => r.value === v['platformRole']))
      errors.push({ field: 'platformRole', message: 'Select whether they have a platform role' });
    return errors;
  }

  private async choosePartnershipView(userId: string) {
    const user = await this.onboarding.getUser(userId);
    const { items } = await this.onboarding.listTenants();
    return {
      title: 'Which partnership will they work in?',
      user,
      partnerships: items.filter((t) => t.status === 'active').sort((a, b) => a.name.localeCompare(b.name)),
    };
  }
}
