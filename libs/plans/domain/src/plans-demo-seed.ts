import { Injectable, Logger } from '@nestjs/common';
import { UnitOfWork } from '@rep-hub/platform';
import { DemoSeedStep, SeedsDemo } from '@rep-hub/tenancy';
import type { EntityManager } from 'typeorm';
import { planPdf } from './plan-pdf';
import { PlanPdfHandler } from './plan-pdf.jobs';
import { PlanStore } from './plan-store';
import { CURRENT_THEMES, PLAN_SECTIONS, PlanSectionKey } from './themes';

/** What the demo plans say, section by section (made up; in the safe formatting subset). */
const DEMO_TEXT: Record<PlanSectionKey, { body: (la: string) => string; themes: string[] }> = {
  needs_analysis: {
    body: (la) =>
      `## What the figures tell us\n\nIn ${la} the number of children with an EHC plan has grown each year since 2021 (demo figures).\n\n| Primary need | Children | Change |\n|---|---|---|\n| SEMH | 420 | +12% |\n| Autism | 610 | +9% |\n| SLCN | 380 | +4% |\n\nSources: [SEN2 statistics](https://explore-education-statistics.service.gov.uk/find-statistics/education-health-and-care-plans).`,
    themes: ['identification_of_need'],
  },
  ordinarily_available_provision: {
    body: (la) =>
      `${la}'s schools publish what every child can expect without an EHC plan.\n\n- a named SENCO in every setting\n- termly reviews of SEN support with families\n- access to outreach from special schools`,
    themes: ['ordinarily_available_provision', 'targeted_support'],
  },
  sufficiency: {
    body: () =>
      `## Places\n\n1. Open 40 resourced provision places in mainstream secondary schools.\n2. Commission tier 2 alternative provision for 20 more pupils.`,
    themes: ['tailored_lists_and_placement', 'ap_tiers'],
  },
  joint_commissioning: {
    body: () => 'The LA and the ICB agree one commissioning plan for speech and language therapy each spring.',
    themes: ['targeted_support'],
  },
  co_production: {
    body: () => 'The parent carer forum co-chairs the partnership board and reviews every section before sign-off.',
    themes: ['co_production_and_voice'],
  },
  transitions_adulthood: {
    body: () => '- supported internships for every young person who wants one\n- a transition plan from Year 9',
    themes: ['transitions_and_adulthood'],
  },
  outcomes: {
    body: () => 'We will report progress against each action every term.',
    themes: [],
  },
};

/**
 * The inclusion plans of the demo partnerships (`npm start`, `npm run db:seed`), idempotent:
 * - a local SEND and AP partnership for each demo LA (when it has none), with the LA, the ICB and
 *   a parent carer forum as member organisations (the demo forum where there is one; the other
 *   LA's forum as a member outside REP Hub, whose decision the LA's officer records);
 * - when the partnership has no plan yet: the lead LA's plan, signed off by every member and
 *   published (with its PDF), and the other LA's plan in co-production, signed off by the LA and
 *   with the ICB's dissent, the forum still to decide.
 */
@Injectable()
@SeedsDemo()
export class PlansDemoSeeder implements DemoSeedStep {
  readonly module = 'inclusion-plans';
  private readonly logger = new Logger('PlansDemoSeed');

  constructor(private readonly uow: UnitOfWork) {}

  async seed(): Promise<number> {
    const tenants = (await this.uow.forPlatform(null, (m) =>
      m.query(`SELECT id, name FROM tenants WHERE slug LIKE 'demo-%' ORDER BY slug`),
    )) as { id: string; name: string }[];
    let plans = 0;
    for (const t of tenants) {
      const made = await this.uow.forTenant({ tenantId: t.id }, async (m) => {
        await this.localPartnerships(m, t.id);
        return this.plans(m, t.id);
      });
      // the published plan's PDF, as the publish job makes it
      for (const p of made) {
        const pdf = await this.uow.forTenant({ tenantId: t.id }, async (m) => {
          const plan = (await PlanStore.plan(m, t.id, p.planId))!;
          return planPdf({
            title: plan.title,
            partnership: t.name,
            periodStart: plan.periodStart,
            periodEnd: plan.periodEnd,
            reviewOn: plan.reviewOn,
            las: plan.las,
            version: (await PlanStore.version(m, t.id, p.planId, p.versionId))!,
            sections: await PlanStore.sections(m, t.id, p.versionId),
            decisions: await PlanStore.decisions(m, t.id, p.planId, p.versionId),
          });
        });
        await this.uow.forTenant({ tenantId: t.id }, (m) => PlanPdfHandler.store(m, t.id, p.versionId, pdf));
      }
      plans += made.length ? 2 : 0;
    }
    if (plans) this.logger.log(`Demo inclusion plans created: ${plans}`);
    return plans;
  }

  private async orgs(m: EntityManager, tenantId: string) {
    return (await m.query(
      `SELECT id, kind, name, is_lead FROM organisations WHERE tenant_id = $1 AND kind IN ('local_authority', 'icb', 'parent_carer_forum') ORDER BY is_lead DESC, name`,
      [tenantId],
    )) as { id: string; kind: string; name: string; is_lead: boolean }[];
  }

  /** A local partnership per LA with its member organisations, each only when absent. */
  private async localPartnerships(m: EntityManager, tenantId: string): Promise<void> {
    const orgs = await this.orgs(m, tenantId);
    const las = orgs.filter((o) => o.kind === 'local_authority');
    const icb = orgs.find((o) => o.kind === 'icb');
    const forum = orgs.find((o) => o.kind === 'parent_carer_forum');
    for (const [i, la] of las.entries()) {
      const [lp] = (await m.query(
        `INSERT INTO local_partnerships (tenant_id, la_id, name) VALUES ($1, $2, $3)
         ON CONFLICT (tenant_id, la_id) DO NOTHING RETURNING id`,
        [tenantId, la.id, `${la.name} local SEND and AP partnership`],
      )) as { id: string }[];
      if (!lp) continue; // it exists: its members are its own
      const members: [string, string, string | null][] = [[la.name, 'local_authority', la.id]];
      if (icb) members.push([icb.name, 'icb', icb.id]);
      if (forum && i === 0) members.push([forum.name, 'parent_carer_forum', forum.id]);
      else members.push([`${la.name} Parent Carer Forum (demo, not in REP Hub)`, 'parent_carer_forum', null]);
      for (const [name, kind, organisationId] of members)
        await m.query(
          `INSERT INTO local_partnership_members (tenant_id, local_partnership_id, kind, name, organisation_id, joined_on)
           VALUES ($1, $2, $3, $4, $5, DATE '2025-09-01')`,
          [tenantId, lp.id, kind, name, organisationId],
        );
    }
  }

  /** The two demo plans, when the partnership has none; returns the published version to render. */
  private async plans(m: EntityManager, tenantId: string): Promise<{ planId: string; versionId: string }[]> {
    const [{ n }] = (await m.query(`SELECT count(*)::int AS n FROM inclusion_plans WHERE tenant_id = $1`, [
      tenantId,
    ])) as { n: number }[];
    if (n > 0) return [];
    const las = (await this.orgs(m, tenantId)).filter((o) => o.kind === 'local_authority');
    if (las.length < 2) return [];
    const [lead] = (await m.query(
      `SELECT ms.user_id FROM memberships ms WHERE ms.tenant_id = $1 AND ms.role = 'partnership_lead' ORDER BY ms.user_id LIMIT 1`,
      [tenantId],
    )) as { user_id: string }[];
    const by = lead?.user_id ?? null;
    const published = await this.plan(m, tenantId, las[0], by, 'published');
    await this.plan(m, tenantId, las[1], by, 'co_production');
    return [published];
  }

  private async plan(
    m: EntityManager,
    tenantId: string,
    la: { id: string; name: string },
    by: string | null,
    stage: 'published' | 'co_production',
  ): Promise<{ planId: string; versionId: string }> {
    const [plan] = (await m.query(
      `INSERT INTO inclusion_plans (tenant_id, title, period_start, period_end, review_on, created_by)
       VALUES ($1, $2, DATE '2026-04-01', DATE '2029-03-31', DATE '2027-03-31', $3) RETURNING id`,
      [tenantId, `${la.name} local inclusion plan 2026 to 2029`, by],
    )) as { id: string }[];
    await m.query(`INSERT INTO inclusion_plan_las (tenant_id, plan_id, la_id) VALUES ($1, $2, $3)`, [
      tenantId,
      plan.id,
      la.id,
    ]);
    const [v] = (await m.query(
      `INSERT INTO inclusion_plan_versions (tenant_id, plan_id, number, status, created_by, change_summary, co_production_at,
                                            signed_off_at, published_at, published_by)
       VALUES ($1, $2, 1, $3, $4, 'First version', now() - interval '30 days',
               CASE WHEN $3 = 'published' THEN now() - interval '10 days' END,
               CASE WHEN $3 = 'published' THEN now() - interval '7 days' END,
               CASE WHEN $3 = 'published' THEN $4::uuid END) RETURNING id`,
      [tenantId, plan.id, stage, by],
    )) as { id: string }[];
    for (const s of PLAN_SECTIONS)
      await m.query(
        `INSERT INTO inclusion_plan_sections (tenant_id, version_id, section_key, body, themes, themes_version, updated_by)
         VALUES ($1, $2, $3, $4, $5::text[], $6, $7)`,
        [tenantId, v.id, s.key, DEMO_TEXT[s.key].body(la.name), DEMO_TEXT[s.key].themes, CURRENT_THEMES.version, by],
      );
    const members = await PlanStore.decisions(m, tenantId, plan.id, v.id);
    // each decision recorded by a member of the organisation (the lead for a member outside REP Hub)
    const sign = async (memberId: string, decision: 'signed_off' | 'dissent', reason: string | null) => {
      const org = members.find((d) => d.memberId === memberId)!.organisationId;
      const [user] = org
        ? ((await m.query(
            `SELECT user_id FROM memberships WHERE tenant_id = $1 AND organisation_id = $2 ORDER BY role = 'la_officer' DESC, user_id LIMIT 1`,
            [tenantId, org],
          )) as { user_id: string }[])
        : [];
      await m.query(
        `INSERT INTO inclusion_plan_signoffs (tenant_id, version_id, member_id, decision, reason, recorded_by) VALUES ($1, $2, $3, $4, $5, $6)`,
        [tenantId, v.id, memberId, decision, reason, user?.user_id ?? by],
      );
    };
    if (stage === 'published') for (const d of members) await sign(d.memberId, 'signed_off', null);
    else {
      const laMember = members.find((d) => d.kind === 'local_authority');
      const icb = members.find((d) => d.kind === 'icb');
      if (laMember) await sign(laMember.memberId, 'signed_off', null);
      if (icb)
        await sign(
          icb.memberId,
          'dissent',
          'The joint commissioning section does not yet say how therapy waiting times will fall (demo).',
        );
    }
    return { planId: plan.id, versionId: v.id };
  }
}
