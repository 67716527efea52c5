import { academicYearOf } from '@rep-hub/ap-domain';
import { randomUUID } from 'node:crypto';
import { ApiWorld, Partnership } from '@rep-hub/api-surface/testing';

/** YYYY-MM-DD, `n` days from today (negative: in the past). */
export const daysFromNow = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

type Who = keyof Partnership['members'];

/** Sends one request as a member of the partnership and fails the test with the body when it is refused. */
async function ok(
  world: ApiWorld,
  p: Partnership,
  who: Who,
  method: 'post' | 'put',
  path: string,
  body: object,
  status: number,
): Promise<Record<string, unknown>> {
  const r = await world.http[method](path).set('Authorization', `Bearer ${p.members[who]!.token}`).send(body);
  if (r.status !== status)
    throw new Error(
      `${method.toUpperCase()} ${path} as ${String(who)} answered ${r.status}: ${JSON.stringify(r.body)}`,
    );
  return r.body as Record<string, unknown>;
}

/**
 * A directory entry for the partnership's provider organisation (so its staff act on the cases
 * offered to it), with in-date checks and places for both LAs in this academic year and the last
 * (placements that started months ago).
 */
export async function apProvider(
  world: ApiWorld,
  p: Partnership,
  places: Record<string, number> = { tier_1: 10, tier_2: 20, tier_3: 10 },
): Promise<string> {
  const provider = await ok(
    world,
    p,
    'lead',
    'post',
    '/api/v1/ap/providers',
    {
      name: `Provider ${randomUUID().slice(0, 6)}`,
      providerType: 'pru',
      ukprn: String(10000000 + Math.floor(Math.random() * 9999999)),
      tiers: ['tier_1', 'tier_2', 'tier_3'],
      organisationId: p.providerId,
    },
    201,
  );
  const id = provider['id'] as string;
  for (const kind of ['due_diligence', 'safeguarding', 'insurance']) {
    await ok(
      world,
      p,
      'lead',
      'post',
      `/api/v1/ap/providers/${id}/quality-checks`,
      { kind, checkedOn: daysFromNow(-30), expiresOn: daysFromNow(335) },
      201,
    );
  }
  const years = [...new Set([academicYearOf(new Date()), academicYearOf(new Date(Date.now() - 365 * 86_400_000))])];
  for (const laId of p.las) {
    for (const academicYear of years) {
      for (const [tier, n] of Object.entries(places)) {
        await ok(
          world,
          p,
          'lead',
          'put',
          `/api/v1/ap/providers/${id}/places`,
          { laId, tier, academicYear, places: n },
          200,
        );
      }
    }
  }
  return id;
}

export interface ApPlacementFixture {
  caseId: string;
  placementId: string;
  pupilId: string;
  laId: string;
}

/**
 * A pupil, a case and an active placement at `providerId`, through the API as each role would:
 * an LA commission by LA one's officer, or (`school: true`) the school's referral to LA two. The
 * placement started `startedDaysAgo` days ago (default today).
 */
export async function apPlacement(
  world: ApiWorld,
  p: Partnership,
  providerId: string,
  opts: {
    school?: boolean;
    tier?: 'tier_1' | 'tier_2' | 'tier_3';
    startedDaysAgo?: number;
    pupil?: Record<string, unknown>;
  } = {},
): Promise<ApPlacementFixture> {
  const la: Who = opts.school ? 'la2' : 'la1';
  const laId = opts.school ? p.las[1] : p.las[0];
  const pupil = await ok(
    world,
    p,
    opts.school ? 'school' : la,
    'post',
    '/api/v1/ap/pupils',
    {
      laId,
      upnUnknownReason: 'UN2',
      givenName: `Placed${randomUUID().slice(0, 4)}`,
      familyName: 'Fixture',
      dateOfBirth: '2013-05-02',
      ...(opts.pupil ?? {}),
    },
    201,
  );
  const apCase = await ok(
    world,
    p,
    opts.school ? 'school' : la,
    'post',
    '/api/v1/ap/cases',
    {
      route: opts.school ? 'school_referral' : 'la_commission',
      pupilId: pupil['id'],
      reason: 'medical_needs',
      requestedTier: opts.tier ?? 'tier_2',
      familyViews: 'The family agree to a placement.',
      childViews: 'Would like a smaller group.',
    },
    201,
  );
  const caseId = apCase['id'] as string;
  const move = (who: Who, action: string, input: object) =>
    ok(world, p, who, 'post', `/api/v1/ap/cases/${caseId}/transitions`, { action, ...input }, 200);
  await move(la, 'triage', { urgency: 'high', panelDate: daysFromNow(0) });
  await move(la, 'screen', { note: 'Ready for panel' });
  await move(la, 'decide', { decision: 'offer', providerId, tier: opts.tier ?? 'tier_2', note: 'Offer' });
  const start = daysFromNow(-(opts.startedDaysAgo ?? 0));
  await move('provider', 'accept', { plannedStart: start });
  const started = await move('provider', 'start', { startedOn: start });
  const placement = started['placement'] as { id: string };
  return { caseId, placementId: placement.id, pupilId: pupil['id'] as string, laId };
}
