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

/**
 * Evidence returns of the demo partnerships, idempotent: in each, last term's return sent (every
 * LA's sign-off, the lead's with a narrative and ratings, its snapshot, through the publisher if
 * one is registered) and this term's in progress (a draft, assembled, the first LA signed off).
 * The figures are assembled here directly (as the lead), not through the job queue. Returns how
 * many returns it made.
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
  const previous = previousPeriod(current);
  let made = 0;
  for (const { id: tenantId } of tenants) {
    const { lead, officerOf } = await uow.forTenant({ tenantId }, (m) => people(m, tenantId));
    if (!lead) continue;
    for (const [period, sent] of [
      [previous.code, true],
      [current.code, false],
    ] as const) {
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
          codes.map((code, i) => ({
            indicatorCode: code,
            rag: i === 0 ? 'red' : i % 3 === 1 ? 'amber' : 'green',
            exception: i === 0,
            ownerUserId: i === 0 ? lead : null,
            commentary: i === 0 ? 'Two panels were cancelled; both are rebooked and tracked weekly (demo).' : '',
          })),
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
