import type { ModuleRef } from '@nestjs/core';
import { schoolToday, UnitOfWork } from '@rep-hub/platform';
import type { EntityManager } from 'typeorm';
import { periodOf, previousPeriod } from '../reference';
import { ReturnAssemblyService } from '../return-assembly.service';
import { ReturnSignOffService } from '../return-signoff.service';
import { ReturnsStore } from '../returns.store';

const NARRATIVE =
  'Requests for EHC needs assessment held steady across the partnership. Timeliness of new plans improved in the lead LA after the panel was rebooked; suspensions of pupils with SEN fell in both LAs (demo text).';

/** The partnership's lead and, per LA, an officer (who signs off its part; the lead when it has none). */
async function people(m: EntityManager, tenantId: string) {
  const rows = (await m.query(
    `SELECT ms.user_id, ms.role, ms.organisation_id FROM memberships ms
      WHERE ms.tenant_id = $1 AND ms.status = 'active' AND ms.role IN ('partnership_lead', 'la_officer')
      ORDER BY ms.created_at, ms.id`,
    [tenantId],
  )) as { user_id: string; role: string; organisation_id: string }[];
  const lead = rows.find((r) => r.role === 'partnership_lead')?.user_id ?? null;
  const officerOf = (laId: string) =>
    rows.find((r) => r.role === 'la_officer' && r.organisation_id === laId)?.user_id ?? lead;
  return { lead, officerOf };
}

/** How many past terms each demo partnership has sent (and published), oldest first. */
export const DEMO_SENT_PERIODS = 3;

/** The exception of each sent term (its red indicator's owner commentary), oldest first, then again. */
const EXCEPTIONS = [
  'Two panels were cancelled; both are rebooked and tracked weekly (demo).',
  'Plans finalised late over the holidays; an extra caseworker is covering until Easter (demo).',
  'Suspensions rose in one secondary; the LA’s inclusion team is working with the school (demo).',
];

/**
 * Evidence returns of the demo partnerships, idempotent: in each, the last three terms' returns
 * sent (every LA's sign-off, the lead's with a narrative and ratings, at least one red exception
 * with its owner's commentary, its snapshot, through the publisher if one is registered, so the
 * National Board has something over time) and this term's in progress (a draft, assembled, the
 * first LA signed off). The figures are assembled here directly (as the lead), not through the
 * job queue. Returns how many returns it made.
 */
export async function seedDemoReturns(
  uow: UnitOfWork,
  moduleRef: ModuleRef,
  opts: { today?: string; slugs?: string } = {},
): Promise<number> {
  const today = opts.today ?? schoolToday();
  const assembly = moduleRef.get(ReturnAssemblyService, { strict: false });
  const signOffs = moduleRef.get(ReturnSignOffService, { strict: false });
  const tenants = (await uow.forPlatform(null, (m) =>
    m.query(`SELECT id FROM tenants WHERE slug LIKE $1 ORDER BY slug`, [opts.slugs ?? 'demo-%']),
  )) as { id: string }[];
  const current = periodOf(today);
  const sentPeriods = [previousPeriod(current)];
  while (sentPeriods.length < DEMO_SENT_PERIODS) sentPeriods.unshift(previousPeriod(sentPeriods[0]));
  let made = 0;
  for (const { id: tenantId } of tenants) {
    const { lead, officerOf } = await uow.forTenant({ tenantId }, (m) => people(m, tenantId));
    if (!lead) continue;
    for (const [term, [period, sent]] of [
      ...sentPeriods.map((p) => [p.code, true] as const),
      [current.code, false] as const,
    ].entries()) {
      const id = await uow.forTenant({ tenantId, actorId: lead }, async (m) => {
        if ((await ReturnsStore.ofPeriod(m, tenantId, period)).length) return null;
        return ReturnsStore.insert(m, tenantId, {
          period,
          returnVersion: 1,
          correctsReturnId: null,
          reason: null,
          by: lead,
        });
      });
      if (!id) continue;
      made++;
      await assembly.assemble(tenantId, id, lead);
      await uow.forTenant({ tenantId, actorId: lead }, async (m) => {
        const las = await ReturnsStore.returnLas(m, tenantId, id);
        for (const la of sent ? las : las.slice(0, 1))
          await ReturnsStore.signOff(
            m,
            tenantId,
            id,
            la.id,
            officerOf(la.id) as string,
            'Checked against our own data.',
          );
        if (!sent) return;
        const codes = [...new Set((await ReturnsStore.figures(m, tenantId, id)).map((f) => f.indicatorCode))];
        await ReturnsStore.replaceRatings(
          m,
          tenantId,
          id,
          lead,
          // each term a different indicator red (an exception with commentary), the others amber or green
          codes.map((code, i) => {
            const red = i === term % codes.length;
            const amber = !red && (i + term) % 5 === 1;
            return {
              indicatorCode: code,
              rag: red ? 'red' : amber ? 'amber' : 'green',
              exception: red,
              ownerUserId: red ? lead : null,
              commentary: red
                ? EXCEPTIONS[term % EXCEPTIONS.length]
                : amber
                  ? 'Watching this one: a little behind the plan (demo).'
                  : '',
            };
          }),
        );
        await ReturnsStore.update(
          m,
          tenantId,
          id,
          `status = 'lead_signed_off', narrative = $3, lead_signed_off_by = $4, lead_signed_off_at = now()`,
          [NARRATIVE, lead],
        );
        await signOffs.freeze(m, tenantId, (await ReturnsStore.get(m, tenantId, id, true))!, lead);
      });
    }
  }
  return made;
}
