import { ApiWorld, Partnership } from '@rep-hub/api-surface/testing';
import { UnitOfWork } from '@rep-hub/platform';
import { PlansApiModule } from '../plans-api.module';

/**
 * What plans add to each test partnership: an ICB and a parent carer forum with a member each
 * (`members.icb`, `members.forum`), and a local SEND and AP partnership per LA whose member
 * organisations are the LA, the ICB and a forum: the REP Hub forum for LA one, a forum outside
 * REP Hub (no organisation) for LA two. `p.localMembers[laIndex]` lists their member ids by kind.
 */
export async function plansPartnership(world: ApiWorld, p: Partnership, label: string): Promise<void> {
  const base = `/api/v1/admin/tenants/${p.tenantId}/organisations`;
  const icb = await world.created('post', base, { kind: 'icb', name: `${label} ICB` });
  const forum = await world.created('post', base, { kind: 'parent_carer_forum', name: `${label} forum` });
  p.members.icb = await world.member(p.tenantId, icb.id, 'icb_member', `${label}-icb`);
  p.members.forum = await world.member(p.tenantId, forum.id, 'parent_carer_forum_member', `${label}-forum`);
  const members = await world.app.get(UnitOfWork).forTenant({ tenantId: p.tenantId }, async (m) => {
    const out: Record<string, string>[] = [];
    for (const [i, la] of p.las.entries()) {
      const [lp] = (await m.query(
        `INSERT INTO local_partnerships (tenant_id, la_id, name) VALUES ($1, $2, $3) RETURNING id`,
        [p.tenantId, la, `${label} local partnership ${i + 1}`],
      )) as { id: string }[];
      const ids: Record<string, string> = {};
      for (const [key, kind, name, org] of [
        ['la', 'local_authority', `${label} LA ${i + 1}`, la],
        ['icb', 'icb', `${label} ICB`, icb.id],
        ['forum', 'parent_carer_forum', `${label} forum ${i + 1}`, i === 0 ? forum.id : null],
      ] as const) {
        const [mb] = (await m.query(
          `INSERT INTO local_partnership_members (tenant_id, local_partnership_id, kind, name, organisation_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          [p.tenantId, lp.id, kind, name, org],
        )) as { id: string }[];
        ids[key] = mb.id;
      }
      out.push(ids);
    }
    return out;
  });
  (p as Partnership & { localMembers: Record<string, string>[] }).localMembers = members;
}

export type PlansPartnership = Partnership & { localMembers: Record<'la' | 'icb' | 'forum', string>[] };

/** The API with the inclusion plans' routes, for this module's suites. */
export const startPlansApiWorld = () =>
  ApiWorld.start({ modules: [PlansApiModule], partnershipExtras: [plansPartnership] });
