import { AccountSessions, WebSessionIds } from '@rep-hub/auth';
import type { NextFunction, Request, Response } from 'express';
import type { Session, SessionData } from 'express-session';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { JourneyInstance } from '../journeys';

/** What a web session holds: ids, the CSRF token and short-lived journey state. Never a token or password. */
export interface WebSessionState {
  auth?: WebSessionIds;
  /** Milliseconds since the epoch of the last signed-in request (the idle timeout counts from it). */
  lastSeen?: number;
  csrf?: string;
  /** The password step passed; the TOTP step is next. */
  mfa?: { token: string; enrolled: boolean; secret?: string; otpauthUri?: string };
  /** Where to go after signing in. */
  returnTo?: string;
  /**
   * A form posted after the session ended, kept for the same user, in the same partnership, to
   * check and send again on the same page (its URL names the subject or the journey instance).
   */
  savedForm?: SavedForm;
  /** Why the user was signed out, for the sign-in page. */
  signedOut?: 'timeout' | 'ended';
  /** The user who was signed in before the session ended (the saved form is theirs only). */
  previousUserId?: string;
  /** The partnership they were working in then (the saved form belongs to it only). */
  previousTenantId?: string | null;
  /** A one-off message for the next page (GOV.UK notification banner). */
  flash?: { heading: string; text?: string };
  /**
   * What a form's POST left for the page it redirected to (an upload's problems), so that no page
   * is shown at a POST's address (a file upload's carries its CSRF token): taken once, by that page.
   */
  pageState?: { path: string; state: Record<string, unknown> };
  /** Journey instances in progress (answers kept between pages), by instance id: see journeys.ts. */
  journeys?: Record<string, JourneyInstance>;
}

export interface SavedForm {
  /** The page it was posted to: path and query (the query names a journey instance). */
  url: string;
  userId: string;
  tenantId: string | null;
  fields: Record<string, string | string[]>;
}

declare module 'express-session' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface SessionData extends WebSessionState {}
}

export type WebRequest = Request & { session: Session & Partial<SessionData> };

export const CSRF_FIELD = '_csrf';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The session's CSRF token, made on first use (so only pages with a form start a session). */
export function csrfToken(req: WebRequest): string {
  req.session.csrf ??= randomBytes(32).toString('base64url');
  return req.session.csrf;
}

function sameToken(a: unknown, b: string | undefined): boolean {
  if (typeof a !== 'string' || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * After express-session: ends a signed-in session that has been idle too long (the row of the
 * identity session is revoked, so its audit trail says why), marks activity, and refuses any form
 * posted without the session's CSRF token. Template locals: csrfToken(), the timeout settings.
 */
export function webSessionMiddleware(
  sessions: AccountSessions,
  options: { idleSeconds: number; warningSeconds: number; demo: boolean },
) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const r = req as WebRequest;
    try {
      const s = r.session;
      if (s.auth) {
        const now = Date.now();
        if (s.lastSeen !== undefined && now - s.lastSeen > options.idleSeconds * 1000) {
          const ended = s.auth;
          delete s.auth;
          s.previousUserId = ended.userId;
          s.previousTenantId = ended.tenantId;
          s.signedOut = 'timeout';
          await sessions.endIdleSession(ended);
        } else if (req.path !== '/session/status') {
          s.lastSeen = now;
        }
      }
      res.locals['csrfToken'] = () => csrfToken(r);
      res.locals['csrfField'] = CSRF_FIELD;
      res.locals['sessionTimeout'] = { idleSeconds: options.idleSeconds, warningSeconds: options.warningSeconds };
      res.locals['currentPath'] = req.path;
      res.locals['demo'] = options.demo;
      if (s.flash) {
        res.locals['flash'] = s.flash;
        delete s.flash;
      }
      if (UNSAFE.has(req.method)) {
        // a multipart body (a file upload) is parsed later, by its route: its form sends the token in the query (still this session's token)
        const sent =
          (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD] ??
          req.get('x-csrf-token') ??
          (req.is('multipart/form-data') ? req.query[CSRF_FIELD] : undefined);
        if (!sameToken(sent, s.csrf)) {
          res.status(403).render('errors/csrf.njk', { title: 'This form has expired' });
          return;
        }
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** Regenerates the session id (sign-in, partnership switch), keeping only what the journey needs. */
export function regenerate(req: WebRequest, keep: Partial<WebSessionState>): Promise<void> {
  return new Promise((resolve, reject) =>
    req.session.regenerate((err) => {
      if (err) return reject(err);
      Object.assign(req.session, keep);
      resolve();
    }),
  );
}

/** Saves the session before a redirect, so the next request sees it. */
export function saveSession(req: WebRequest): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
}

/** Keeps a one-off state for the page at `path` (see `pageState`) and saves the session, before a redirect there. */
export function keepForPage(req: WebRequest, path: string, state: Record<string, unknown>): Promise<void> {
  req.session.pageState = { path, state };
  return saveSession(req);
}

/** The state a POST kept for this page (its path, query ignored), once; undefined for any other page. */
export function takeForPage<T extends Record<string, unknown>>(req: WebRequest): T | undefined {
  const kept = req.session.pageState;
  if (!kept) return undefined;
  delete req.session.pageState;
  return kept.path === req.path ? (kept.state as T) : undefined;
}
