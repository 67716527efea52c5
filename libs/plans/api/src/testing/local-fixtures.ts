import { ApiWorld, Partnership } from '@rep-hub/api-surface/testing';
import { UnitOfWork } from '@rep-hub/platform';

/**
 * A bare inclusion plan row of the partnership for the given LAs, written as the app role under
 * RLS (the plans routes that create plans are another part of the module): what actions hang on.
 */
export async function insertBarePlan(
  world: ApiWorld,
  p: Partnership,
  laIds: string[],
  opts: { title?: string; reviewOn?: string } = {},
): Promise<string> {
  return world.app.get(UnitOfWork).forTenant({ tenantId: p.tenantId }, async (m) => {
    const [plan] = (await m.query(
      `INSERT INTO inclusion_plans (tenant_id, title, period_start, period_end, review_on) VALUES ($1, $2, '2026-09-01', '2029-08-31', $3) RETURNING id`,
      [p.tenantId, opts.title ?? 'Local inclusion plan 2026–2029', opts.reviewOn ?? '2027-09-01'],
    )) as { id: string }[];
    for (const la of laIds)
      await m.query(`INSERT INTO inclusion_plan_las (tenant_id, plan_id, la_id) VALUES ($1, $2, $3)`, [
        p.tenantId,
        plan.id,
        la,
      ]);
    return plan.id;
  });
}

/** The local partnership of the partnership's first LA, set up by its officer, with one member and one representative. */
export async function localPartnershipOf(
  world: ApiWorld,
  p: Partnership,
): Promise<{ id: string; memberId: string; representativeId: string; meetingId: string }> {
  const as = (path: string, body: object) =>
    world.http.post(path).set('Authorization', `Bearer ${p.members.la1.token}`).send(body);
  const lp = await as('/api/v1/local-partnerships', { laId: p.las[0], name: 'LA one SEND and AP partnership' });
  if (lp.status !== 201) throw new Error(`local partnership answered ${lp.status}: ${JSON.stringify(lp.body)}`);
  const member = await as(`/api/v1/local-partnerships/${lp.body.id}/members`, {
    kind: 'school_college',
    organisationId: p.schoolId,
  });
  if (member.status !== 201) throw new Error(`member answered ${member.status}: ${JSON.stringify(member.body)}`);
  const rep = await as(`/api/v1/local-partnerships/${lp.body.id}/members/${member.body.id}/representatives`, {
    fullName: 'Robin Ash',
    roleTitle: 'SENCo',
    email: 'robin.ash@example.org',
  });
  if (rep.status !== 201) throw new Error(`representative answered ${rep.status}: ${JSON.stringify(rep.body)}`);
  const meeting = await as(`/api/v1/local-partnerships/${lp.body.id}/meetings`, {
    title: 'Autumn board',
    heldOn: '2026-10-01',
    status: 'held',
  });
  if (meeting.status !== 201) throw new Error(`meeting answered ${meeting.status}: ${JSON.stringify(meeting.body)}`);
  return { id: lp.body.id, memberId: member.body.id, representativeId: rep.body.id, meetingId: meeting.body.id };
}
