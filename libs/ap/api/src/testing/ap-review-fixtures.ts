import { apPlacement, ApPlacementFixture, daysFromNow } from './ap-fixtures';
import { ApiWorld, Partnership } from '@rep-hub/api-surface/testing';

/** The first review of a placement (scheduled when it started), through the API as LA one's officer. */
export async function apFirstReview(world: ApiWorld, p: Partnership, placement: ApPlacementFixture): Promise<string> {
  const r = await world.http
    .get(`/api/v1/ap/cases/${placement.caseId}/reviews`)
    .set('Authorization', `Bearer ${p.members['la1']!.token}`);
  if (r.status !== 200 || !r.body.items?.length)
    throw new Error(`the reviews of ${placement.caseId} answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body.items[0].id as string;
}

/**
 * A second placement of LA one at the same provider as `placement`, ended yesterday with a return
 * to the home school: its first reintegration follow-up's id.
 */
export async function apReintegrationFollowUp(
  world: ApiWorld,
  p: Partnership,
  placement: ApPlacementFixture,
): Promise<string> {
  const auth = (who: string) => `Bearer ${p.members[who]!.token}`;
  const c = await world.http.get(`/api/v1/ap/cases/${placement.caseId}`).set('Authorization', auth('la1'));
  const back = await apPlacement(world, p, c.body.providerId as string, { startedDaysAgo: 10 });
  const ended = await world.http
    .post(`/api/v1/ap/cases/${back.caseId}/transitions`)
    .set('Authorization', auth('provider'))
    .send({
      action: 'end',
      destination: 'returned_to_home_school',
      endedOn: daysFromNow(-1),
      note: 'Returned to the home school',
    });
  if (ended.status !== 200)
    throw new Error(`ending ${back.caseId} answered ${ended.status}: ${JSON.stringify(ended.body)}`);
  const list = await world.http.get(`/api/v1/ap/cases/${back.caseId}/follow-ups`).set('Authorization', auth('la1'));
  if (list.status !== 200 || !list.body.items?.length)
    throw new Error(`the follow-ups of ${back.caseId} answered ${list.status}: ${JSON.stringify(list.body)}`);
  return list.body.items[0].id as string;
}
