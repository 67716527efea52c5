import { INestApplication } from '@nestjs/common';
import { UnitOfWork } from '@rep-hub/platform';
import type { EntityManager } from 'typeorm';

export interface FixtureSection {
  key: string;
  body: string;
  themes?: string[];
  laId?: string | null;
}

export interface FixtureVersion {
  status: 'draft' | 'co_production' | 'signed_off' | 'published' | 'superseded';
  sections?: FixtureSection[];
  changeSummary?: string;
  pdf?: Buffer;
  signOffs?: { memberKind: string; memberName: string; decision: 'signed_off' | 'dissent'; reason?: string }[];
}

export interface FixturePlan {
  planId: string;
  versionIds: string[];
  actionIds: string[];
}

/**
 * Writes a plan with its versions straight into the tables, as the app role under RLS (the
 * partnership's unit of work), for the suites of the public pages, sufficiency and the regional
 * view: plan writing and its lifecycle are plans-core's, and these suites need fixed states.
 */
export async function insertPlan(
  app: INestApplication,
  tenantId: string,
  opts: {
    title: string;
    las: string[];
    reviewOn?: string;
    versions: FixtureVersion[];
    actions?: { title: string; dueOn: string; status?: string; rag?: string; laId?: string | null; ownerId: string }[];
  },
): Promise<FixturePlan> {
  return app.get(UnitOfWork).forTenant({ tenantId }, async (m: EntityManager) => {
    const [plan] = (await m.query(
      `INSERT INTO inclusion_plans (tenant_id, title, period_start, period_end, review_on)
       VALUES ($1, $2, '2026-09-01', '2029-08-31', $3) RETURNING id`,
      [tenantId, opts.title, opts.reviewOn ?? '2099-07-31'],
    )) as { id: string }[];
    for (const la of opts.las)
      await m.query(`INSERT INTO inclusion_plan_las (tenant_id, plan_id, la_id) VALUES ($1, $2, $3)`, [
        tenantId,
        plan.id,
        la,
      ]);
    // a local partnership for the first LA holds the members who sign off
    const [lp] = (await m.query(
      `INSERT INTO local_partnerships (tenant_id, la_id, name) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id, la_id) DO UPDATE SET name = excluded.name RETURNING id`,
      [tenantId, opts.las[0], `${opts.title} partnership`],
    )) as { id: string }[];
    const members = new Map<string, string>();
    const versionIds: string[] = [];
    for (const [i, v] of opts.versions.entries()) {
      const published = v.status === 'published' || v.status === 'superseded';
      const [row] = (await m.query(
        `INSERT INTO inclusion_plan_versions (tenant_id, plan_id, number, status, change_summary, published_at, superseded_at, pdf_status, pdf)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [
          tenantId,
          plan.id,
          i + 1,
          v.status,
          v.changeSummary ?? '',
          published ? new Date(Date.UTC(2026, 2 + i, 2, 10)) : null,
          v.status === 'superseded' ? new Date(Date.UTC(2026, 3 + i, 1, 9)) : null,
          v.pdf ? 'ready' : 'none',
          v.pdf ?? null,
        ],
      )) as { id: string }[];
      versionIds.push(row.id);
      for (const s of v.sections ?? [])
        await m.query(
          `INSERT INTO inclusion_plan_sections (tenant_id, version_id, section_key, la_id, body, themes, themes_version)
           VALUES ($1, $2, $3, $4, $5, $6, '2026-provisional-1')`,
          [tenantId, row.id, s.key, s.laId ?? null, s.body, s.themes ?? []],
        );
      for (const so of v.signOffs ?? []) {
        let member = members.get(so.memberName);
        if (!member) {
          const [mb] = (await m.query(
            `INSERT INTO local_partnership_members (tenant_id, local_partnership_id, kind, name) VALUES ($1, $2, $3, $4) RETURNING id`,
            [tenantId, lp.id, so.memberKind, so.memberName],
          )) as { id: string }[];
          member = mb.id;
          members.set(so.memberName, member);
        }
        await m.query(
          `INSERT INTO inclusion_plan_signoffs (tenant_id, version_id, member_id, decision, reason) VALUES ($1, $2, $3, $4, $5)`,
          [tenantId, row.id, member, so.decision, so.reason ?? null],
        );
      }
    }
    const actionIds: string[] = [];
    for (const a of opts.actions ?? []) {
      const [row] = (await m.query(
        `INSERT INTO inclusion_plan_actions (tenant_id, plan_id, title, section_key, la_id, owner_organisation_id, due_on, status, rag)
         VALUES ($1, $2, $3, 'sufficiency', $4, $5, $6, $7, $8) RETURNING id`,
        [tenantId, plan.id, a.title, a.laId ?? null, a.ownerId, a.dueOn, a.status ?? 'in_progress', a.rag ?? 'green'],
      )) as { id: string }[];
      actionIds.push(row.id);
    }
    return { planId: plan.id, versionIds, actionIds };
  });
}
