import type { ModuleRef } from '@nestjs/core';
import { schoolToday, UnitOfWork } from '@rep-hub/platform';
import { periodOf, previousPeriod } from '../reference';
import { ReturnAssemblyService } from '../return-assembly.service';
import { ReturnSignOffService } from '../return-signoff.service';
import { ReturnsStore } from '../returns.store';
import { DEMO_SENT_PERIODS } from './returns-seed';

/** The figure the demo's correction changes, and by how much (in an LA and in the partnership's total). */
const CORRECTED = 'evaluation.ehc_assessment_requests';
const BY = 12;
export const DEMO_CORRECTION_REASON =
  'Requests for EHC needs assessment from one LA were uploaded late: its figure and the partnership’s rise by 12 (demo).';

/**
 * One correction in the demo, so that open data and the board show "what changed" on `npm start`:
 * the first demo partnership's oldest sent term is corrected through the product's path (a new
 * version of the return saying why, assembled, one LA's late figure added to it and to the
 * partnership's total, signed off and sent, so the publisher controls it with the version already
 * published). Idempotent: a term with a second version is left alone. Returns how many it made.
 */
export async function seedDemoCorrection(
  uow: UnitOfWork,
  moduleRef: ModuleRef,
  opts: { today?: string; slugs?: string } = {},
): Promise<number> {
  const [tenant] = (await uow.forPlatform(null, (m) =>
    m.query(`SELECT id FROM tenants WHERE slug LIKE $1 ORDER BY slug LIMIT 1`, [opts.slugs ?? 'demo-%']),
  )) as { id: string }[];
  if (!tenant) return 0;
  const tenantId = tenant.id;
  let period = previousPeriod(periodOf(opts.today ?? schoolToday()));
  for (let i = 1; i < DEMO_SENT_PERIODS; i++) period = previousPeriod(period);
  const start = await uow.forTenant({ tenantId }, async (m) => {
    const versions = await ReturnsStore.ofPeriod(m, tenantId, period.code);
    if (versions.length !== 1 || versions[0].status !== 'sent') return null;
    const [lead] = (await m.query(
      `SELECT user_id FROM memberships WHERE tenant_id = $1 AND status = 'active' AND role = 'partnership_lead'
        ORDER BY created_at, id LIMIT 1`,
      [tenantId],
    )) as { user_id: string }[];
    return lead ? { sent: versions[0], lead: lead.user_id } : null;
  });
  if (!start) return 0;
  const { sent, lead } = start;
  const id = await uow.forTenant({ tenantId, actorId: lead }, (m) =>
    ReturnsStore.insert(m, tenantId, {
      period: period.code,
      returnVersion: sent.returnVersion + 1,
      correctsReturnId: sent.id,
      reason: DEMO_CORRECTION_REASON,
      by: lead,
    }),
  );
  await moduleRef.get(ReturnAssemblyService, { strict: false }).assemble(tenantId, id, lead);
  await uow.forTenant({ tenantId, actorId: lead }, async (m) => {
    const figures = await ReturnsStore.figures(m, tenantId, id);
    const la = figures.find((f) => f.indicatorCode === CORRECTED && f.laId !== null && f.value !== null);
    const add = (f: (typeof figures)[number]) => ({
      ...f,
      numerator: f.numerator === null ? null : f.numerator + BY,
      value: f.value === null ? null : f.value + BY,
    });
    const changed = figures.map((f) =>
      f.indicatorCode === CORRECTED && la && (f === la || (f.laId === null && f.value !== null)) ? add(f) : f,
    );
    await ReturnsStore.replaceFigures(m, tenantId, id, changed);
    for (const x of await ReturnsStore.returnLas(m, tenantId, id))
      await ReturnsStore.signOff(m, tenantId, id, x.id, lead, 'Checked again with the late upload.');
    const ratings = await ReturnsStore.ratings(m, tenantId, sent.id);
    await ReturnsStore.replaceRatings(m, tenantId, id, lead, ratings);
    const [{ narrative }] = (await m.query(
      `SELECT narrative FROM evaluation_returns WHERE tenant_id = $1 AND id = $2`,
      [tenantId, sent.id],
    )) as { narrative: string }[];
    await ReturnsStore.update(
      m,
      tenantId,
      id,
      `status = 'lead_signed_off', narrative = $3, lead_signed_off_by = $4, lead_signed_off_at = now()`,
      [narrative, lead],
    );
    await moduleRef
      .get(ReturnSignOffService, { strict: false })
      .freeze(m, tenantId, (await ReturnsStore.get(m, tenantId, id, true))!, lead);
  });
  return 1;
}
