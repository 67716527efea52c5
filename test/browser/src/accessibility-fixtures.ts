import { api, apiToken, apiTokenWithTotp } from './flows';
import { DemoSignIn } from './harness';

/** An id no row has: the route answers its not-found page (a template the crawl checks too). */
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

/** Whose API token a fixture is read or made with. */
type Who = 'admin' | 'lead' | 'officer' | 'board' | 'trainer';

/**
 * Real values for the web routes' parameters (`:caseId`...), found or made through the API, for
 * the accessibility crawl (accessibility-crawl.ts). Each is resolved only when a part's routes name
 * it, and once: a resolver asks for what it needs (another parameter, a token, a list several
 * parameters share) through this object, which keeps each answer for the part.
 */
export class CrawlFixtures {
  private readonly kept = new Map<string, Promise<unknown>>();

  constructor(
    readonly base: string,
    /** The demo's sign-ins, and the partnership whose users the crawl signs in. */
    readonly demo: DemoSignIn[],
    readonly firstPartnership: string,
  ) {}

  /** Whether a parameter has a resolver. */
  static knows(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(PARAMETERS, name);
  }

  /** `make`'s answer, made once (later calls with the same key share it). */
  once<T>(key: string, make: () => Promise<T>): Promise<T> {
    if (!this.kept.has(key)) this.kept.set(key, make());
    return this.kept.get(key) as Promise<T>;
  }

  /** A route parameter's value. */
  param(name: string): Promise<string> {
    if (!CrawlFixtures.knows(name)) throw new Error(`no resolver for the route parameter :${name}`);
    return this.once(`:${name}`, async () => PARAMETERS[name](this));
  }

  /** A demo user of the first partnership with that role (or the platform's, for a platform role). */
  private email(role: string): string {
    return this.demo.find((s) => s.role === role && (!s.partnership || s.partnership === this.firstPartnership))!.email;
  }

  /** An API token, signed in once per part (the harness keeps it for the worker's files too). */
  token(who: Who): Promise<string> {
    return this.once(`token ${who}`, async () => {
      switch (who) {
        case 'admin':
          return apiToken(this.base, this.email('platform_admin'));
        case 'board':
          return apiTokenWithTotp(this.base, this.email('national_board'));
        // in the first partnership: another suite on this worker's database may have given the
        // user a second one
        case 'lead':
          return apiToken(this.base, this.email('partnership_lead'), { tenantId: await this.param('tenantId') });
        case 'officer':
          return apiTokenWithTotp(this.base, this.email('la_officer'), { tenantId: await this.param('tenantId') });
        case 'trainer':
          return apiToken(this.base, this.email('training_provider_staff'), {
            tenantId: await this.param('tenantId'),
          });
      }
    });
  }

  async get<T>(who: Who, path: string): Promise<T> {
    return api<T>(this.base, await this.token(who), 'GET', path);
  }

  async post<T>(who: Who, path: string, body: unknown): Promise<T> {
    return api<T>(this.base, await this.token(who), 'POST', path, body);
  }

  /** A GET whose answer several parameters share, read once. */
  shared<T>(who: Who, path: string): Promise<T> {
    return this.once(`${who} GET ${path}`, () => this.get<T>(who, path));
  }
}

type Resolver = (f: CrawlFixtures) => Promise<string> | string;

/**
 * Every route parameter's resolver, by its name. A route whose parameter has none fails the
 * crawl's HTTP check, which names it: add one here.
 */
const PARAMETERS: Record<string, Resolver> = {
  // the first partnership (the admin's list of tenants)
  tenantId: async (f) =>
    (await f.shared<{ items: { id: string; name: string }[] }>('admin', '/api/v1/admin/tenants')).items.find(
      (t) => t.name === f.firstPartnership,
    )!.id,
  userId: async (f) => (await f.get<{ items: { id: string }[] }>('admin', '/api/v1/admin/users')).items[0].id,
  membershipId: async (f) =>
    (
      await f.get<{ items: { id: string }[] }>(
        'admin',
        `/api/v1/admin/tenants/${await f.param('tenantId')}/memberships`,
      )
    ).items[0].id,
  token: () => 'an-invalid-link-token-AAAAAAAAAAAAAAAAAAAAAAA',
  // an indicator of the evaluation library (a submitted one, with the demo's figures)
  code: () => 'evaluation.ehcp_20_weeks',
  // a provider of the demo directory, read as the partnership lead
  providerId: async (f) =>
    (await f.get<{ items: { id: string; providerType: string }[] }>('lead', '/api/v1/ap/providers')).items.find(
      (p) => p.providerType !== 'unregistered_provision',
    )!.id,
  // the demo's data-sharing agreement (confirmed by both LAs)
  agreementId: async (f) =>
    (await f.get<{ items: { id: string }[] }>('lead', '/api/v1/data-sharing-agreements')).items[0].id,
  // a demo pupil and the demo's UPN match request, read as the officer of the lead LA (who holds them)
  pupilId: async (f) => (await f.get<{ items: { id: string }[] }>('officer', '/api/v1/ap/pupils')).items[0].id,
  matchId: async (f) =>
    (await f.get<{ items: { id: string }[] }>('officer', '/api/v1/ap/pupil-matches')).items[0]?.id ?? NO_SUCH_ID,
  // the officer's LA
  laId: async (f) =>
    (await f.get<{ roles: { role: string; organisationId: string }[] }>('officer', '/api/v1/auth/me')).roles.find(
      (r) => r.role === 'la_officer',
    )!.organisationId,
  // an organisation of the first partnership, for the admin's change page
  organisationId: (f) => f.param('laId'),
  // a case of the officer's LA waiting for triage (the demo's, or one opened here), for the case pages
  caseId: async (f) => {
    const laId = await f.param('laId');
    const waiting = await f.get<{ items: { id: string }[] }>(
      'officer',
      `/api/v1/ap/cases?status=referred&laId=${laId}`,
    );
    if (waiting.items[0]) return waiting.items[0].id;
    const pupil = await f.post<{ id: string }>('officer', '/api/v1/ap/pupils', {
      laId,
      givenName: 'Crawl',
      familyName: `Fixture${Date.now()}`,
      dateOfBirth: '2013-01-02',
      upnUnknownReason: 'UN2',
    });
    return (
      await f.post<{ id: string }>('officer', '/api/v1/ap/cases', {
        route: 'la_commission',
        pupilId: pupil.id,
        reason: 'at_risk_of_exclusion',
        requestedTier: 'tier_2',
        familyViews: 'Parents agree a short placement would help.',
        childViews: 'Would like a smaller group.',
      })
    ).id;
  },
  action: () => 'triage',
  // a referral's question page (without a journey of its own the crawl is sent to the first page)
  step: () => 'reason',
  // a scheduled review of the officer's placements (the demo's active placement has one) for the review pages
  reviewId: async (f) => {
    const placed = await placedCase(f);
    if (!placed) return NO_SUCH_ID;
    const reviews = await f.get<{ items: { id: string; status: string }[] }>(
      'officer',
      `/api/v1/ap/cases/${placed}/reviews`,
    );
    return reviews.items.find((r) => r.status === 'scheduled')?.id ?? NO_SUCH_ID;
  },
  // the demo's finished placement (a return to school) has follow-ups
  followUpId: async (f) => {
    const ended = await f.get<{ items: { id: string }[] }>(
      'officer',
      `/api/v1/ap/cases?status=ended&laId=${await f.param('laId')}`,
    );
    if (!ended.items[0]) return NO_SUCH_ID;
    const followUps = await f.get<{ items: { id: string; outcome: string | null }[] }>(
      'officer',
      `/api/v1/ap/cases/${ended.items[0].id}/follow-ups`,
    );
    return followUps.items.find((x) => !x.outcome)?.id ?? NO_SUCH_ID;
  },
  // the active placement: a register and a review alert
  placementId: async (f) => {
    const placed = await placedCase(f);
    if (!placed) return NO_SUCH_ID;
    return (
      (await f.get<{ placement: { id: string } | null }>('officer', `/api/v1/ap/cases/${placed}`)).placement?.id ??
      NO_SUCH_ID
    );
  },
  alertId: async (f) =>
    (await f.get<{ items: { id: string }[] }>('officer', '/api/v1/ap/alerts')).items[0]?.id ?? NO_SUCH_ID,
  // the demo plan in co-production: its version, a section to edit, the sign-off page (and the
  // sufficiency page's planId)
  planId: async (f) => (await coProducedPlan(f)).id,
  versionId: async (f) => (await coProducedPlan(f)).latestVersion.id,
  sectionId: async (f) => {
    const plan = await coProducedPlan(f);
    return (
      await f.get<{ sections: { id: string }[] }>(
        'officer',
        `/api/v1/plans/${plan.id}/versions/${plan.latestVersion.id}`,
      )
    ).sections[0].id;
  },
  // inclusion plans' public pages: a partnership with a published plan and that version (when the
  // demo has none, the demo partnership and an id that answers the not-found page)
  partnership: async (f) => {
    const withPlan = await publishedPlan(f);
    if (withPlan) return withPlan.slug;
    const tenantId = await f.param('tenantId');
    return (await f.shared<{ items: { id: string; slug?: string }[] }>('admin', '/api/v1/admin/tenants')).items.find(
      (t) => t.id === tenantId,
    )!.slug!;
  },
  publishedVersionId: async (f) => (await publishedPlan(f))?.plans[0].publishedVersionId ?? NO_SUCH_ID,
  // evidence returns (issue 22): the demo's return sent last term (its page, lineage and downloads)
  returnId: async (f) => {
    const returns = await f.get<{ items: { id: string; status: string }[] }>('lead', '/api/v1/evaluation/returns');
    return returns.items.find((r) => r.status === 'sent')?.id ?? returns.items[0]?.id ?? NO_SUCH_ID;
  },
  // the reform register's cell and a test and learn record of the demo (the lead's view)
  reformCode: () => 'mediation',
  testId: async (f) =>
    (await f.get<{ items: { id: string }[] }>('lead', '/api/v1/evaluation/tests')).items[0]?.id ?? NO_SUCH_ID,
  // the National Board's comparison (issue 23): a submitted indicator the demo's sent returns publish, and the first partnership
  indicatorCode: () => 'evaluation.ehcp_20_weeks',
  partnershipId: (f) => f.param('tenantId'),
  // the public dashboard (issue 24): an LA the demo's releases publish figures for (by GSS code)
  gssCode: async (f) => {
    const dashboard = await fetch(`${f.base}/api/v1/public/open-data/indicators/${await f.param('indicatorCode')}`);
    const figures = (await dashboard.json()) as { partnerships?: { localAuthorities: { gssCode: string }[] }[] };
    return figures.partnerships?.flatMap((p) => p.localAuthorities)[0]?.gssCode ?? 'E99999999';
  },
  // a question page of a pupil's record to change
  slug: () => 'details',
  recordType: () => 'attendance',
  queue: () => 'notifications',
  // local partnerships (issue 21): the officer's LA's (the demo's, or one set up here), a member and a meeting of it
  id: (f) => localPartnership(f),
  memberId: (f) => localPartnershipChild(f, 'members', { kind: 'icb', name: 'Accessibility check ICB' }),
  meetingId: (f) =>
    localPartnershipChild(f, 'meetings', {
      title: 'Accessibility check meeting',
      heldOn: '2026-10-01',
      status: 'held',
    }),
  // the demo's board meeting and its action, read as the National Board member
  boardMeetingId: async (f) => (await boardAction(f))?.meetingId ?? NO_SUCH_ID,
  boardDecisionId: async (f) => (await boardAction(f))?.id ?? NO_SUCH_ID,
  // a board pack: the demo's newest, or one asked for here (queued or built, its page is the same template)
  packId: async (f) => {
    const packs = await f.get<{ items: { id: string }[] }>('board', '/api/v1/national/board-packs');
    if (packs.items[0]) return packs.items[0].id;
    const releasedTerms = await f.get<{ items: { lastPeriod: string }[] }>('board', '/api/v1/national/indicators');
    return (
      await f.post<{ id: string }>('board', '/api/v1/national/board-packs', {
        title: 'Accessibility check pack',
        meetingDate: new Date().toISOString().slice(0, 10),
        period: releasedTerms.items[0].lastPeriod,
      })
    ).id;
  },
  // open data (issue 24): the demo's corrected release (its page shows what changed), else the newest
  releaseId: async (f) => {
    const releases = await f.get<{ items: { id: string; version: number }[] }>(
      'lead',
      '/api/v1/public/open-data/releases',
    );
    return (releases.items.find((r) => r.version > 1) ?? releases.items[0])?.id ?? NO_SUCH_ID;
  },
  // workforce training (issue 25): the demo's first cohort and an active enrolment of it, read as the training provider's staff
  cohortId: async (f) => (await f.get<{ items: { id: string }[] }>('trainer', '/api/v1/workforce/cohorts')).items[0].id,
  enrolmentId: async (f) => {
    const enrolments = await f.get<{ items: { id: string; status: string }[] }>(
      'trainer',
      `/api/v1/workforce/cohorts/${await f.param('cohortId')}/enrolments`,
    );
    return (enrolments.items.find((e) => e.status === 'active') ?? enrolments.items[0]).id;
  },
  // a participant of the officer's LA (the DPO's, in the demo), for the DPO's subject access pages about an adult
  personId: async (f) => {
    const laId = await f.param('laId');
    const participants = await f.get<{ items: { id: string; laId: string }[] }>(
      'trainer',
      '/api/v1/workforce/participants',
    );
    return (participants.items.find((x) => x.laId === laId) ?? participants.items[0]).id;
  },
  // an upload of that cohort with a bad row (an LA without places): its page lists the problems, and nothing changes
  uploadId: async (f) => {
    const file = new FormData();
    file.append(
      'file',
      new Blob([
        'full_name,work_email,employing_la,role,status\r\nAxe Check,axe.check@school.example,999,senco,applied\r\n',
      ]),
      'accessibility.csv',
    );
    const uploaded = await fetch(`${f.base}/api/v1/workforce/cohorts/${await f.param('cohortId')}/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await f.token('trainer')}` },
      body: file,
    });
    return ((await uploaded.json()) as { upload: { id: string } }).upload.id;
  },
};

/** A case of the officer's LA with an active placement (the review and placement pages'), if any. */
const placedCase = (f: CrawlFixtures) =>
  f.once('placed case', async () => {
    const placed = await f.get<{ items: { id: string }[] }>(
      'officer',
      `/api/v1/ap/cases?stage=placements&laId=${await f.param('laId')}`,
    );
    return placed.items[0]?.id;
  });

/** The demo plan in co-production (else the first plan the officer sees). */
const coProducedPlan = (f: CrawlFixtures) =>
  f.once('co-produced plan', async () => {
    const plans = await f.get<{ items: { id: string; latestVersion: { id: string; status: string } }[] }>(
      'officer',
      '/api/v1/plans',
    );
    return plans.items.find((x) => x.latestVersion.status === 'co_production') ?? plans.items[0];
  });

/** A partnership with a published inclusion plan, if any. */
const publishedPlan = (f: CrawlFixtures) =>
  f.once('published plan', async () => {
    const published = await f.get<{ partnerships: { slug: string; plans: { publishedVersionId: string }[] }[] }>(
      'lead',
      '/api/v1/public/inclusion-plans',
    );
    return published.partnerships.find((p) => p.plans.length);
  });

/** The officer's LA's local partnership: the demo's, or one set up here. */
const localPartnership = (f: CrawlFixtures) =>
  f.once('local partnership', async () => {
    const laId = await f.param('laId');
    const lps = await f.get<{ items: { id: string; laId: string }[] }>('officer', '/api/v1/local-partnerships');
    return (
      lps.items.find((l) => l.laId === laId)?.id ??
      (
        await f.post<{ id: string }>('officer', '/api/v1/local-partnerships', {
          laId,
          name: 'Accessibility check partnership',
        })
      ).id
    );
  });

/** The local partnership's first member or meeting (`kind`), or one added here when it has none. */
async function localPartnershipChild(f: CrawlFixtures, kind: 'members' | 'meetings', body: unknown): Promise<string> {
  const lpId = await localPartnership(f);
  return (
    (await localPartnershipDetail(f))[kind][0]?.id ??
    (await f.post<{ id: string }>('officer', `/api/v1/local-partnerships/${lpId}/${kind}`, body)).id
  );
}

const localPartnershipDetail = (f: CrawlFixtures) =>
  f.once('local partnership detail', async () =>
    f.get<{ members: { id: string }[]; meetings: { id: string }[] }>(
      'officer',
      `/api/v1/local-partnerships/${await localPartnership(f)}`,
    ),
  );

/** The demo's board action (and its meeting), read as the National Board member. */
const boardAction = (f: CrawlFixtures) =>
  f.once('board action', async () => {
    const log = await f.get<{ items: { id: string; meetingId: string; kind: string }[] }>(
      'board',
      '/api/v1/national/decisions',
    );
    return log.items.find((d) => d.kind === 'action');
  });
