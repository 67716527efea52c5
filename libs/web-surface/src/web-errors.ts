import { requestPrincipal } from '@rep-hub/auth';
import type { ErrorPageRenderer, FieldError } from '@rep-hub/platform';
import { InvalidFieldsException } from '@rep-hub/platform';
import type { MeView } from './web-view';
import type { WebRequest } from './session/web-session';
import { CSRF_FIELD } from './session/web-session';

const PAGES: Record<number, { title: string; text: string }> = {
  400: { title: 'There is a problem with what was sent', text: 'Go back, check your answers and try again.' },
  403: {
    title: 'You cannot see this page',
    text: 'Your role does not allow this. If you think it should, ask your partnership lead.',
  },
  404: {
    title: 'Page not found',
    text: 'If you typed the web address, check it is correct. If you pasted the web address, check you copied the entire address.',
  },
  409: {
    title: 'This could not be done',
    text: 'Someone may have changed the record while you were working on it. Go back and try again.',
  },
  413: { title: 'What you sent is too large', text: 'Go back and send less.' },
  429: { title: 'Too many attempts', text: 'Wait a minute and try again.' },
  500: {
    title: 'Sorry, there is a problem with the service',
    text: 'Try again later. What you entered has not been saved.',
  },
  503: { title: 'Sorry, the service is unavailable', text: 'Try again later.' },
};

/**
 * The pages that speak to a National Board member in the board's own terms: they are in no
 * partnership, so "ask your partnership lead" means nothing to them.
 */
const BOARD_PAGES: Record<number, { title: string; text: string }> = {
  403: {
    title: 'You cannot see this page',
    text: 'National Board members see only published, disclosure-controlled figures and the board’s own records; pages of a partnership’s own work are not open to you.',
  },
  404: {
    title: 'Page not found',
    text: 'If you typed the web address, check it is correct. National Board members see only published, disclosure-controlled figures and the board’s own records, so a partnership’s own records are never found for you.',
  },
};

/** The signed-in user's platform role: from the page's view when it was built, else from the request's principal. */
function platformRoleOf(res: { locals?: Record<string, unknown> }): string | null {
  const me = res.locals?.['me'] as MeView | undefined;
  return me?.platformRole ?? requestPrincipal()?.platformRole ?? null;
}

/** A local path only (never another site), for the redirect after sign-in. */
export function safeReturnPath(path: unknown): string | undefined {
  return typeof path === 'string' && /^\/(?!\/)[^\s\\]*$/.test(path) && !path.startsWith('/api/') ? path : undefined;
}

/**
 * The web app's error pages. A 401 is not a page: the session has ended (or never began), so the
 * user goes to sign in, and a form they were posting is kept for them to check and send again
 * (only for the same user, and only a form that passed the CSRF check).
 */
export const webErrorPages: ErrorPageRenderer = (req, res, problem, exception) => {
  const r = req as WebRequest;
  if (problem.status === 401 && r.session) {
    const ended = r.session.auth;
    if (ended) {
      r.session.previousUserId = ended.userId;
      r.session.previousTenantId = ended.tenantId;
      r.session.signedOut = 'ended';
      delete r.session.auth;
    }
    // the whole URL: its path names the subject (a case, a review) and its query the journey instance
    const path = safeReturnPath(req.originalUrl);
    if (path) r.session.returnTo = path;
    if (req.method === 'POST' && path && r.session.previousUserId && req.body && typeof req.body === 'object') {
      const fields = Object.fromEntries(
        Object.entries(req.body as Record<string, unknown>).filter(
          ([k, v]) => k !== CSRF_FIELD && !/password|code/i.test(k) && (typeof v === 'string' || Array.isArray(v)),
        ),
      ) as Record<string, string | string[]>;
      r.session.savedForm = {
        url: path,
        userId: r.session.previousUserId,
        tenantId: r.session.previousTenantId ?? null,
        fields,
      };
    }
    // saved before the redirect is sent: express-session would otherwise send the headers first,
    // and the browser's next request could read (and overwrite) the session before this is written
    r.session.save(() => res.redirect(303, '/sign-in'));
    return true;
  }
  const status = PAGES[problem.status] ? problem.status : problem.status >= 500 ? 500 : 400;
  const page = (platformRoleOf(res) === 'national_board' && BOARD_PAGES[status]) || PAGES[status];
  const errors: FieldError[] = exception instanceof InvalidFieldsException ? exception.fieldErrors : [];
  if (typeof problem['retryAfterSeconds'] === 'number')
    res.setHeader('Retry-After', String(problem['retryAfterSeconds']));
  res.status(problem.status).render('errors/error.njk', {
    title: page.title,
    text: page.text,
    detail: problem.status < 500 && problem.status !== 404 ? problem.detail : undefined,
    fieldErrors: errors,
    status: problem.status,
  });
  return true;
};
