import { Controller, Get, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Authenticated, AuthContext, AccountSessions } from '@rep-hub/auth';
import type { Response } from 'express';
import { WebRequest } from '../session/web-session';
import { WebViewInterceptor } from '../web-view';

/** The signed-in user's account: who they are, their roles, their sessions, and "sign out everywhere". */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('account')
export class AccountController {
  constructor(
    private readonly sessions: AccountSessions,
    private readonly context: AuthContext,
  ) {}

  @Authenticated()
  @Get()
  async account(@Res() res: Response) {
    const p = this.context.principal;
    const sessions = await this.sessions.listSessions(p.userId);
    return res.render('account/account.njk', {
      title: 'Your account',
      sessions: sessions.map((s) => ({ ...s, current: s.id === p.sessionId })),
    });
  }

  @Authenticated()
  @Post('sign-out-everywhere')
  async signOutEverywhere(@Req() req: WebRequest, @Res() res: Response) {
    await this.sessions.signOutEverywhere(this.context.principal);
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    return res.redirect(303, '/signed-out');
  }
}
