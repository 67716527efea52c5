import { NestExpressApplication } from '@nestjs/platform-express';
import { AccountSessions, deriveKey } from '@rep-hub/auth';
import { APP_CONFIG, AppConfig, UnitOfWork } from '@rep-hub/platform';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as nunjucks from 'nunjucks';
import { formatDateTime, formatDay, mojDate } from './dates';
import { errorList, fieldError } from './forms';
import { PgSessionStore } from './session/pg-session-store';
import { webSessionMiddleware } from './session/web-session';
import { WebContributions } from './web-contributions';
import { months, plural } from './words';

/** The web session cookie: http-only, SameSite=Lax, Secure over HTTPS; no other cookie is set. */
export const WEB_SESSION_COOKIE = 'rephub.sid';

function findUp(start: string, relative: string): string {
  let dir = start;
  for (;;) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Cannot find ${relative} above ${start}`);
    dir = parent;
  }
}

/** Where the templates are, from source (embedded start, tests) or next to a build. */
export function viewsDir(): string {
  const here = join(__dirname, 'views');
  return existsSync(here) ? here : findUp(process.cwd(), 'libs/web-surface/src/views');
}

/** Paths that are not pages: the API, assets and the worker's metrics have no web session. */
const NO_SESSION = /^\/(api|assets)\//;

/**
 * Nunjucks with the govuk-frontend macros (the CSP nonce of each response is in res.locals), and
 * govuk-frontend's images and JavaScript under /assets/govuk and /assets/govuk-js; then, for the
 * pages, the server-side session in PostgreSQL (http-only cookie), the idle timeout and CSRF check.
 * Call after configureHttpApp (whose body parsers the CSRF check needs).
 */
export function configureWeb(app: NestExpressApplication, options: { production: boolean }): void {
  // found on disk (not require.resolve, which a bundler rewrites)
  const govuk = findUp(process.cwd(), 'node_modules/govuk-frontend');
  const mojFrontend = findUp(process.cwd(), 'node_modules/@ministryofjustice/frontend');
  const config = app.get<AppConfig>(APP_CONFIG);
  // the core's templates, then each module's (its own folder, named by its WebContribution)
  const contributions = app.get(WebContributions);
  const moduleViews = contributions.all().flatMap((c) => (c.views ? [c.views] : []));
  const env = nunjucks.configure([viewsDir(), ...moduleViews, join(govuk, 'dist'), mojFrontend], {
    autoescape: true,
    noCache: !(options.production || config.webTemplateCache),
    express: app.getHttpAdapter().getInstance(),
  });
  env.addGlobal('serviceName', 'REP Hub');
  env.addGlobal('errorList', errorList);
  env.addGlobal('fieldError', fieldError);
  // the modules' public pages (no sign-in): the start page and every page's footer link to them
  env.addGlobal('publicPages', contributions.publicPages());
  // MoJ Frontend's timeline formats its dates with this filter
  env.addFilter('mojDate', mojDate);
  // dates and words as GOV.UK writes them, for every module's templates
  env.addFilter('dateTime', formatDateTime); // "5 December 2026 at 11:32pm", UK time
  env.addFilter('date', formatDay); // "5 December 2026" (a timestamp's day in UK time)
  env.addFilter('plural', plural); // {{ n | plural("session") }}: "1 session", "6 sessions"
  env.addFilter('months', months); // {{ 300 | months }}: "25 years"
  app.setViewEngine('njk');
  app.useStaticAssets(resolve(govuk, 'dist/govuk/assets'), { prefix: '/assets/govuk/', immutable: true, maxAge: '7d' });
  app.useStaticAssets(resolve(govuk, 'dist/govuk'), { prefix: '/assets/govuk-js/', index: false });
  const moj = findUp(process.cwd(), 'node_modules/@ministryofjustice/frontend/moj');
  app.useStaticAssets(moj, { prefix: '/assets/moj/', index: false, maxAge: '1h' });

  const sessions = session({
    store: new PgSessionStore(app.get(UnitOfWork)),
    name: WEB_SESSION_COOKIE,
    secret: deriveKey(config.appSecret, 'web-session-cookie').toString('hex'),
    resave: false,
    saveUninitialized: false,
    unset: 'destroy',
    // no maxAge: the cookie ends with the browser; idle (30 min) and absolute (12 h) limits are checked on the server
    cookie: { httpOnly: true, sameSite: 'lax', secure: options.production ? 'auto' : false, path: '/' },
  });
  const web = webSessionMiddleware(app.get(AccountSessions), {
    idleSeconds: config.webSessionIdleSeconds,
    warningSeconds: config.webSessionWarningSeconds,
    demo: config.mode === 'embedded',
  });
  const pagesOnly = (handler: RequestHandler) => (req: Request, res: Response, next: NextFunction) =>
    NO_SESSION.test(req.path) || req.path === '/metrics' ? next() : handler(req, res, next);
  app.use(pagesOnly(sessions));
  app.use(pagesOnly(web));
}
