import { Controller, Get, Header, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@rep-hub/platform';
import type { Response } from 'express';
import { homeSections } from './role-home';
import { stylesheet } from './styles';
import { WebContributions } from './web-contributions';
import { MeView, WebViewInterceptor } from './web-view';

/** The start page (or the signed-in user's home, by role) and the service's own assets. */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller()
export class PagesController {
  constructor(private readonly modules: WebContributions) {}

  @Public()
  @Get('assets/application.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  css(): string {
    return stylesheet();
  }

  @Public()
  @Get('assets/init.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  init(): string {
    return INIT_JS;
  }

  @Public()
  @Get('assets/favicon.svg')
  @Header('Content-Type', 'image/svg+xml')
  @Header('Cache-Control', 'public, max-age=86400')
  favicon(): string {
    return FAVICON;
  }

  @Public()
  @Get()
  async home(@Res() res: Response) {
    const me = res.locals['me'] as MeView | undefined;
    if (!me) return res.render('pages/home.njk', { title: 'REP Hub' });
    if (!me.tenant && !me.platformRole && me.partnershipCount > 1) return res.redirect(303, '/choose-partnership');
    const sections = await homeSections(me, this.modules);
    return res.render('pages/dashboard.njk', { title: 'Home', sections });
  }
}

/** REP Hub's icon: its initials on the service's blue (no crown). */
const FAVICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="4" fill="#1d70b8"/>' +
  '<text x="16" y="22" font-family="Arial, sans-serif" font-size="14" font-weight="bold" fill="#fff" text-anchor="middle">RH</text></svg>';

/**
 * Progressive enhancement: govuk-frontend and MoJ Frontend components, and the timeout warning
 * (a dialog before the idle timeout, "Stay signed in" refreshes the session without leaving the page).
 */
const INIT_JS = `import { initAll } from '/assets/govuk-js/govuk-frontend.min.js';
import { initAll as initMoj } from '/assets/moj/all.bundle.mjs';
initAll();
initMoj();

const dialog = document.getElementById('timeout-dialog');
if (dialog && typeof dialog.showModal === 'function') {
  const idle = Number(dialog.dataset.idleSeconds) * 1000;
  const warning = Number(dialog.dataset.warningSeconds) * 1000;
  const countdown = document.getElementById('timeout-countdown');
  const form = dialog.querySelector('form');
  let last = Date.now();
  let timer;
  const words = (s) => (s >= 60 ? Math.ceil(s / 60) + (Math.ceil(s / 60) === 1 ? ' minute' : ' minutes') : s + (s === 1 ? ' second' : ' seconds'));
  const tick = () => {
    const left = Math.ceil((last + idle - Date.now()) / 1000);
    if (left <= 0) {
      window.location.href = '/signed-out?reason=timeout';
      return;
    }
    countdown.textContent = words(left);
    timer = setTimeout(tick, 1000);
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      dialog.showModal();
      document.getElementById('timeout-stay').focus();
      tick();
    }, Math.max(0, idle - warning));
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const r = await fetch(form.action, { method: 'POST', body: new URLSearchParams(new FormData(form)), headers: { 'x-requested-with': 'fetch' } });
    if (r.status === 204) {
      last = Date.now();
      clearTimeout(timer);
      dialog.close();
      schedule();
    } else {
      window.location.href = '/signed-out?reason=timeout';
    }
  });
  dialog.addEventListener('cancel', (event) => event.preventDefault());
  schedule();
}
`;
