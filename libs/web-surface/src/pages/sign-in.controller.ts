import { Controller, Get, HttpException, Param, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  AccountEmails,
  Authenticated,
  AuthContext,
  AuthService,
  SingleUseLinks,
  InvalidLinkException,
  InvalidTokenException,
  MfaChallenge,
  SignInFailedException,
  TooManyAttemptsException,
  WebSessionIds,
} from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, Public } from '@rep-hub/platform';
import type { Request, Response } from 'express';
import { toString as qrSvg } from 'qrcode';
import { fieldErrorsOf, formFields } from '../forms';
import { journeysKept } from '../journeys';
import { regenerate, saveSession, WebRequest } from '../session/web-session';
import { safeReturnPath } from '../web-errors';
import { WebViewInterceptor } from '../web-view';

type Tenants = { id: string; name: string }[];
const isChallenge = (r: object): r is MfaChallenge => 'mfaRequired' in r;

/**
 * Signing in and out of the web app: email and password, the TOTP step (set-up the first time)
 * for roles that can open a named child, choosing a partnership, invites and password resets.
 * The session id is regenerated at sign-in and at every partnership switch.
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller()
export class SignInController {
  constructor(
    private readonly auth: AuthService,
    private readonly links: SingleUseLinks,
    private readonly context: AuthContext,
    private readonly emails: AccountEmails,
  ) {}

  @Public()
  @Get('sign-in')
  signInPage(@Req() req: WebRequest, @Res() res: Response) {
    if (this.context.maybePrincipal) return res.redirect(303, '/');
    const reason = req.session.signedOut;
    return res.render('auth/sign-in.njk', {
      title: 'Sign in',
      values: {},
      reason,
      keptForm: Boolean(req.session.savedForm),
    });
  }

  @Public()
  @Post('sign-in')
  async signIn(@Req() req: WebRequest, @Res() res: Response) {
    const f = formFields(req.body);
    const errors: FieldError[] = [];
    if (!f['email']) errors.push({ field: 'email', message: 'Enter your email address' });
    if (!f['password']) errors.push({ field: 'password', message: 'Enter your password' });
    const again = (errs: FieldError[], status = 400) =>
      res.status(status).render('auth/sign-in.njk', { title: 'Sign in', values: { email: f['email'] }, errors: errs });
    if (errors.length) return again(errors);
    let result;
    try {
      result = await this.auth.signIn(
        { email: f['email'], password: req.body.password },
        req.ip ?? 'unknown',
        this.auth.webSession,
      );
    } catch (error) {
      if (error instanceof SignInFailedException)
        return again([{ field: 'password', message: 'Enter a correct email address and password' }], 401);
      if (error instanceof TooManyAttemptsException) {
        return again(
          [{ field: 'password', message: `Too many attempts. Wait ${error.retryAfterSeconds} seconds and try again.` }],
          429,
        );
      }
      throw error;
    }
    if (isChallenge(result)) {
      req.session.mfa = { token: result.mfaToken, enrolled: result.mfaEnrolled };
      await saveSession(req);
      return res.redirect(303, result.mfaEnrolled ? '/sign-in/authenticator-code' : '/sign-in/set-up-authenticator');
    }
    return this.signedIn(req, res, result, result.tenants);
  }

  @Public()
  @Get('sign-in/set-up-authenticator')
  async setUpPage(@Req() req: WebRequest, @Res() res: Response) {
    const mfa = req.session.mfa;
    if (!mfa || mfa.enrolled) return res.redirect(303, '/sign-in');
    if (!mfa.secret) {
      try {
        const setup = await this.auth.mfaSetup(mfa.token);
        mfa.secret = setup.secret;
        mfa.otpauthUri = setup.otpauthUri;
      } catch (error) {
        if (error instanceof InvalidTokenException) return this.restart(req, res);
        throw error;
      }
    }
    return this.renderSetUp(res, mfa.secret!, mfa.otpauthUri!, []);
  }

  @Public()
  @Post('sign-in/set-up-authenticator')
  async setUp(@Req() req: WebRequest, @Res() res: Response) {
    const mfa = req.session.mfa;
    if (!mfa?.secret) return res.redirect(303, '/sign-in');
    return this.verifyCode(req, res, (errors) =>
      this.renderSetUp(res.status(400), mfa.secret!, mfa.otpauthUri!, errors),
    );
  }

  @Public()
  @Get('sign-in/authenticator-code')
  codePage(@Req() req: WebRequest, @Res() res: Response) {
    if (!req.session.mfa) return res.redirect(303, '/sign-in');
    return res.render('auth/code.njk', { title: 'Enter the code from your authenticator app' });
  }

  @Public()
  @Post('sign-in/authenticator-code')
  code(@Req() req: WebRequest, @Res() res: Response) {
    if (!req.session.mfa) return res.redirect(303, '/sign-in');
    return this.verifyCode(req, res, (errors) =>
      res.status(400).render('auth/code.njk', { title: 'Enter the code from your authenticator app', errors }),
    );
  }

  @Authenticated()
  @Get('choose-partnership')
  async choosePage(@Res() res: Response) {
    const p = this.context.principal;
    const tenants = await this.auth.partnershipsOf(p.userId);
    return res.render('auth/choose-partnership.njk', { title: 'Choose a partnership', tenants, current: p.tenantId });
  }

  @Authenticated()
  @Post('choose-partnership')
  async choose(@Req() req: WebRequest, @Res() res: Response) {
    const p = this.context.principal;
    const tenants = await this.auth.partnershipsOf(p.userId);
    const chosen = formFields(req.body)['tenantId'];
    if (!chosen || !tenants.some((t) => t.id === chosen)) {
      return res.status(400).render('auth/choose-partnership.njk', {
        title: 'Choose a partnership',
        tenants,
        current: p.tenantId,
        errors: [{ field: 'tenantId', message: 'Select the partnership you want to work in' }],
      });
    }
    if (chosen === p.tenantId) return res.redirect(303, '/');
    const ids = await this.auth.switchTenant(p, chosen, this.auth.webSession);
    const auth: WebSessionIds = { userId: ids.userId, sessionId: ids.sessionId, tenantId: ids.tenantId };
    // a switch ends every journey in progress; only what was kept through sign-in for the partnership chosen stays
    const saved =
      req.session.savedForm?.userId === p.userId && req.session.savedForm.tenantId === chosen
        ? req.session.savedForm
        : undefined;
    const journeys = journeysKept(req.session, { userId: p.userId, tenantId: chosen });
    await regenerate(req, {
      auth,
      lastSeen: Date.now(),
      flash: { heading: `You are now working in ${tenants.find((t) => t.id === chosen)!.name}` },
      ...(journeys ? { journeys } : {}),
      ...(saved ? { savedForm: saved } : {}),
    });
    await saveSession(req);
    return res.redirect(303, saved?.url ?? '/');
  }

  @Authenticated()
  @Post('sign-out')
  async signOut(@Req() req: WebRequest, @Res() res: Response) {
    await this.auth.signOut(this.context.principal);
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    return res.redirect(303, '/signed-out');
  }

  @Public()
  @Get('signed-out')
  signedOut(@Req() req: WebRequest, @Res() res: Response) {
    if (this.context.maybePrincipal) return res.redirect(303, '/');
    return res.render('auth/signed-out.njk', {
      title: 'You have signed out',
      timedOut: req.query['reason'] === 'timeout' || req.session?.signedOut === 'timeout',
    });
  }

  /** "Stay signed in" in the timeout warning: the request itself marks the session active. */
  @Authenticated()
  @Post('session/extend')
  extend(@Req() req: Request, @Res() res: Response) {
    if (req.get('x-requested-with') === 'fetch') return res.status(204).end();
    return res.redirect(303, safeReturnPath(formFields(req.body)['returnTo']) ?? '/');
  }

  @Public()
  @Get('invites/:token')
  invitePage(@Param('token') token: string, @Res() res: Response) {
    return res.render('auth/new-password.njk', {
      title: 'Create your password',
      action: `/invites/${encodeURIComponent(token)}`,
      invite: true,
    });
  }

  @Public()
  @Post('invites/:token')
  acceptInvite(@Param('token') token: string, @Req() req: WebRequest, @Res() res: Response) {
    return this.useLink(req, res, token, true);
  }

  @Public()
  @Get('password-reset')
  resetRequestPage(@Res() res: Response) {
    return res.render('auth/reset-request.njk', { title: 'Reset your password', values: {} });
  }

  @Public()
  @Post('password-reset')
  async resetRequest(@Req() req: WebRequest, @Res() res: Response) {
    const email = formFields(req.body)['email'] ?? '';
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
      return res.status(400).render('auth/reset-request.njk', {
        title: 'Reset your password',
        values: { email },
        errors: [
          {
            field: 'email',
            message: email
              ? 'Enter an email address in the correct format, like name@example.org'
              : 'Enter your email address',
          },
        ],
      });
    }
    await this.emails.requestPasswordReset(email, req.ip ?? 'unknown');
    return res.render('auth/reset-sent.njk', { title: 'Check your email' });
  }

  @Public()
  @Get('password-reset/:token')
  resetPage(@Param('token') token: string, @Res() res: Response) {
    return res.render('auth/new-password.njk', {
      title: 'Choose a new password',
      action: `/password-reset/${encodeURIComponent(token)}`,
      invite: false,
    });
  }

  @Public()
  @Post('password-reset/:token')
  completeReset(@Param('token') token: string, @Req() req: WebRequest, @Res() res: Response) {
    return this.useLink(req, res, token, false);
  }

  // ---- internals ----

  private async useLink(req: WebRequest, res: Response, token: string, invite: boolean) {
    const password = typeof req.body?.password === 'string' ? (req.body.password as string) : '';
    const confirm = typeof req.body?.confirmPassword === 'string' ? (req.body.confirmPassword as string) : '';
    const view = {
      title: invite ? 'Create your password' : 'Choose a new password',
      action: `/${invite ? 'invites' : 'password-reset'}/${encodeURIComponent(token)}`,
      invite,
    };
    const errors: FieldError[] = [];
    if (!password) errors.push({ field: 'password', message: 'Enter a password' });
    else if (password !== confirm) errors.push({ field: 'confirmPassword', message: 'The passwords do not match' });
    if (errors.length) return res.status(400).render('auth/new-password.njk', { ...view, errors });
    try {
      if (invite) await this.links.acceptInvite(token, password);
      else await this.links.completePasswordReset(token, password);
    } catch (error) {
      if (error instanceof InvalidLinkException)
        return res
          .status(410)
          .render('auth/link-expired.njk', { title: 'This link has expired or was already used', invite });
      if (error instanceof InvalidFieldsException)
        return res.status(400).render('auth/new-password.njk', { ...view, errors: fieldErrorsOf(error) });
      throw error;
    }
    req.session.flash = {
      heading: invite ? 'Your password is set' : 'Your password has been changed',
      text: 'Sign in with your email address and new password.',
    };
    await saveSession(req);
    return res.redirect(303, '/sign-in');
  }

  private async verifyCode(req: WebRequest, res: Response, again: (errors: FieldError[]) => void) {
    const code = (formFields(req.body)['code'] ?? '').replace(/\s+/g, '');
    if (!/^\d{6}$/.test(code)) {
      return again([
        {
          field: 'code',
          message: code ? 'Enter the 6-digit code, like 123456' : 'Enter the 6-digit code from your authenticator app',
        },
      ]);
    }
    try {
      const result = await this.auth.mfaVerify(req.session.mfa!.token, code, this.auth.webSession);
      return await this.signedIn(req, res, result, result.tenants);
    } catch (error) {
      if (
        error instanceof InvalidTokenException &&
        /expired/.test(String((error.getResponse() as { detail?: string }).detail))
      )
        return this.restart(req, res);
      if (error instanceof InvalidTokenException)
        return again([
          {
            field: 'code',
            message: 'The code is not right, or was already used. Enter the current code from your authenticator app',
          },
        ]);
      if (error instanceof TooManyAttemptsException)
        return again([
          { field: 'code', message: `Too many attempts. Wait ${error.retryAfterSeconds} seconds and try again.` },
        ]);
      if (error instanceof HttpException) throw error;
      throw error;
    }
  }

  private async renderSetUp(res: Response, secret: string, uri: string, errors: FieldError[]) {
    const svg = await qrSvg(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    return res.render('auth/set-up-authenticator.njk', {
      title: 'Set up your authenticator app',
      qr: svg,
      secret,
      secretGroups: secret.match(/.{1,4}/g)?.join(' '),
      errors,
    });
  }

  /** The password step has expired: start again. */
  private async restart(req: WebRequest, res: Response) {
    delete req.session.mfa;
    req.session.flash = { heading: 'Your sign-in timed out', text: 'Sign in again.' };
    await saveSession(req);
    return res.redirect(303, '/sign-in');
  }

  /**
   * Sign-in complete: a new session id, then the partnership or the page they wanted. The kept
   * form and the journeys in progress stay only for the same user, and only those of the
   * partnership they now work in (all of theirs, until they choose one, when they have several).
   */
  private async signedIn(req: WebRequest, res: Response, ids: WebSessionIds, tenants: Tenants) {
    const choosing = !ids.tenantId && tenants.length > 1;
    const ours = (owner: { userId: string; tenantId: string | null }) =>
      owner.userId === ids.userId && (choosing || owner.tenantId === ids.tenantId);
    const saved = req.session.savedForm && ours(req.session.savedForm) ? req.session.savedForm : undefined;
    const journeys = Object.fromEntries(Object.entries(req.session.journeys ?? {}).filter(([, i]) => ours(i)));
    const returnTo = req.session.returnTo;
    const auth: WebSessionIds = { userId: ids.userId, sessionId: ids.sessionId, tenantId: ids.tenantId };
    await regenerate(req, {
      auth,
      lastSeen: Date.now(),
      ...(Object.keys(journeys).length ? { journeys } : {}),
      ...(saved
        ? {
            savedForm: saved,
            flash: {
              heading: 'You are signed in again',
              text: 'We kept what you entered. Check it and send it again.',
            },
          }
        : {}),
    });
    await saveSession(req);
    if (choosing) return res.redirect(303, '/choose-partnership');
    return res.redirect(303, (saved?.url ?? returnTo) || '/');
  }
}
