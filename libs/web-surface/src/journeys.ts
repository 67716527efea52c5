import { randomBytes } from 'node:crypto';
import type { WebRequest, WebSessionState } from './session/web-session';

/**
 * Journey instances. A journey (a question page or pages, then check answers) keeps its answers in
 * the web session between pages; those answers are about one subject (a pupil, a case, a new
 * record) and must never reach another. So every journey runs as an instance: its first page,
 * opened without an instance id, gets a new random id, which every later page, Change link and
 * Back link carries in the URL (`?journey=`); answers are kept under that id only, with the
 * user, the partnership and the subject they belong to. Opening the first page again starts a new
 * instance with no answers. An instance ends (its answers go) when it completes, when it is refused
 * for good, when the user signs out or switches partnership, or after JOURNEY_IDLE_MS untouched.
 */
export const JOURNEY_PARAM = 'journey';

/** An instance untouched for this long has ended. */
export const JOURNEY_IDLE_MS = 60 * 60 * 1000;

/** At most this many instances per session (the least recently touched go first). */
const MAX_INSTANCES = 8;

const ID = /^[A-Za-z0-9_-]{22}$/;

/** Whose an instance is: the signed-in user in the partnership they are working in (null: platform). */
export interface JourneyOwner {
  userId: string;
  tenantId: string | null;
}

export interface JourneyInstance {
  /** The journey it is an instance of (`ap-case-school_referral`, `new-pupil`…). */
  kind: string;
  userId: string;
  tenantId: string | null;
  /** The record the answers are about, once chosen (a pupil's id for a referral). */
  subject?: string;
  answers: Record<string, string>;
  /** Milliseconds since the epoch of the last change. */
  touchedAt: number;
}

/** Every journey of the web app by kind, with its first page (the journey tests go through each). */
export const JOURNEYS = new Map<string, { firstPath: string; subject: string }>();

/** A URL with the instance id added to its query. */
export function withJourney(path: string, id: string): string {
  const [base, hash] = path.split('#');
  return `${base}${base.includes('?') ? '&' : '?'}${JOURNEY_PARAM}=${id}${hash === undefined ? '' : `#${hash}`}`;
}

/** The session's live instances: expired ones are dropped, and the oldest past MAX_INSTANCES. */
function live(session: WebSessionState, now = Date.now()): Record<string, JourneyInstance> {
  const all = Object.entries(session.journeys ?? {}).filter(([, i]) => now - i.touchedAt <= JOURNEY_IDLE_MS);
  all.sort((a, b) => b[1].touchedAt - a[1].touchedAt);
  session.journeys = Object.fromEntries(all.slice(0, MAX_INSTANCES));
  return session.journeys;
}

/**
 * The instances that stay when a session id is regenerated: only the same user's, in the given
 * partnership (a sign-in after a timeout keeps the user's work; another user, or a switch to
 * another partnership, keeps nothing).
 */
export function journeysKept(
  session: WebSessionState,
  owner: JourneyOwner,
): Record<string, JourneyInstance> | undefined {
  const kept = Object.entries(live(session)).filter(
    ([, i]) => i.userId === owner.userId && i.tenantId === owner.tenantId,
  );
  return kept.length ? Object.fromEntries(kept) : undefined;
}

/** One journey (a kind of instance). Create one per journey at module level: it is listed in JOURNEYS. */
export class Journey {
  /**
   * @param kind a name unique in the app
   * @param firstPath the first page (opening it without an id starts a new instance)
   * @param subject what an instance is about, in words (for docs and tests): "the pupil chosen"
   */
  constructor(
    readonly kind: string,
    readonly firstPath: string,
    subject: string,
  ) {
    if (JOURNEYS.has(kind)) throw new Error(`The journey "${kind}" is declared twice`);
    JOURNEYS.set(kind, { firstPath, subject });
  }

  /** The instance id the request names, if it is well formed. */
  idOf(req: WebRequest): string | undefined {
    const v = req.query?.[JOURNEY_PARAM];
    return typeof v === 'string' && ID.test(v) ? v : undefined;
  }

  /** A new instance id (nothing is kept until its first answers are). */
  newId(): string {
    return randomBytes(16).toString('base64url');
  }

  /**
   * The instance the request names, only when it is one of this journey's, the owner's, in the
   * owner's partnership and still live; otherwise undefined (never another instance's answers).
   */
  current(req: WebRequest, owner: JourneyOwner): { id: string; instance: JourneyInstance } | undefined {
    const id = this.idOf(req);
    if (!id) return undefined;
    const instance = live(req.session)[id];
    if (
      !instance ||
      instance.kind !== this.kind ||
      instance.userId !== owner.userId ||
      instance.tenantId !== owner.tenantId
    )
      return undefined;
    return { id, instance };
  }

  /** The id for a first page: the live instance the request names (Back and Change links), else a new one. */
  idFor(req: WebRequest, owner: JourneyOwner): string {
    return this.current(req, owner)?.id ?? this.newId();
  }

  /** Keeps an instance's answers (and its subject), replacing what it held. */
  keep(req: WebRequest, id: string, owner: JourneyOwner, answers: Record<string, string>, subject?: string): void {
    req.session.journeys = {
      ...req.session.journeys,
      [id]: {
        kind: this.kind,
        userId: owner.userId,
        tenantId: owner.tenantId,
        ...(subject ? { subject } : {}),
        answers,
        touchedAt: Date.now(),
      },
    };
    live(req.session); // drops what has expired, and the oldest past the limit
  }

  /** Ends an instance: its answers go. */
  end(req: WebRequest, id: string): void {
    if (req.session.journeys) delete req.session.journeys[id];
  }

  /** A path of this journey for an instance. */
  url(path: string, id: string): string {
    return withJourney(path, id);
  }
}
