import { SCHOOL_TODAY_SQL } from '@rep-hub/platform';
import type { EntityManager } from 'typeorm';
import { renderSafeHtml } from './safe-text';
import { CURRENT_THEMES, PLAN_SECTIONS, PlanSectionKey, PlanStatus, themeList } from './themes';
import type { PlanLa, PlanMemberDecision, PlanSectionView, PlanSummary, PlanVersionSummary } from './plans.model';

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/** A theme code as its name in the list the section was tagged with (or the current list). */
const themeName = (code: string, version: string) =>
  (themeList(version) ?? CURRENT_THEMES).themes.find((t) => t.code === code)?.name ?? code;

interface PlanRow {
  id: string;
  title: string;
  period_start: string;
  period_end: string;
  review_on: string;
  created_at: Date;
  las: PlanLa[];
  latest: { id: string; number: number; status: PlanStatus } | null;
  published: { id: string; number: number; publishedAt: string | null } | null;
}

const PLAN_SELECT = `
  SELECT p.id, p.title, to_char(p.period_start, 'YYYY-MM-DD') AS period_start, to_char(p.period_end, 'YYYY-MM-DD') AS period_end,
         to_char(p.review_on, 'YYYY-MM-DD') AS review_on, p.created_at,
         (SELECT coalesce(json_agg(json_build_object('id', o.id, 'name', o.name) ORDER BY o.name), '[]'::json)
            FROM inclusion_plan_las pl JOIN organisations o ON o.tenant_id = pl.tenant_id AND o.id = pl.la_id
           WHERE pl.tenant_id = p.tenant_id AND pl.plan_id = p.id) AS las,
         (SELECT json_build_object('id', v.id, 'number', v.number, 'status', v.status) FROM inclusion_plan_versions v
           WHERE v.tenant_id = p.tenant_id AND v.plan_id = p.id ORDER BY v.number DESC LIMIT 1) AS latest,
         (SELECT json_build_object('id', v.id, 'number', v.number, 'publishedAt', v.published_at) FROM inclusion_plan_versions v
           WHERE v.tenant_id = p.tenant_id AND v.plan_id = p.id AND v.status = 'published') AS published
    FROM inclusion_plans p`;

const summary = (r: PlanRow): PlanSummary => ({
  id: r.id,
  title: r.title,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  reviewOn: r.review_on,
  las: r.las,
  latestVersion: r.latest,
  publishedVersion: r.published ? { ...r.published, publishedAt: iso(r.published.publishedAt) } : null,
});

/**
 * The plans' SQL, shared by the services (in the caller's unit of work) and the PDF job (in the
 * job's): every read is in one tenant, under RLS.
 */
export const PlanStore = {
  async list(m: EntityManager, tenantId: string): Promise<PlanSummary[]> {
    const rows = (await m.query(`${PLAN_SELECT} WHERE p.tenant_id = $1 ORDER BY p.title, p.id`, [
      tenantId,
    ])) as PlanRow[];
    return rows.map(summary);
  },

  async plan(m: EntityManager, tenantId: string, planId: string, lock = false) {
    const [r] = (await m.query(`${PLAN_SELECT} WHERE p.tenant_id = $1 AND p.id = $2${lock ? ' FOR UPDATE OF p' : ''}`, [
      tenantId,
      planId,
    ])) as PlanRow[];
    return r ? { ...summary(r), createdAt: iso(r.created_at)! } : null;
  },

  async versions(m: EntityManager, tenantId: string, planId: string): Promise<PlanVersionSummary[]> {
    const rows = (await m.query(
      `SELECT id FROM inclusion_plan_versions WHERE tenant_id = $1 AND plan_id = $2 ORDER BY number DESC`,
      [tenantId, planId],
    )) as { id: string }[];
    const out: PlanVersionSummary[] = [];
    for (const r of rows) out.push((await this.version(m, tenantId, planId, r.id))!);
    return out;
  },

  /** One version's row (optionally locked: 'update' for a stage move, 'share' for an edit or a decision). */
  async version(
    m: EntityManager,
    tenantId: string,
    planId: string,
    versionId: string,
    lock?: 'update' | 'share',
  ): Promise<PlanVersionSummary | null> {
    const [v] = (await m.query(
      `SELECT id, number, status, change_summary, created_at, co_production_at, signed_off_at, published_at, superseded_at,
              pdf_status, pdf_sha256, version
         FROM inclusion_plan_versions WHERE tenant_id = $1 AND plan_id = $2 AND id = $3${lock ? ` FOR ${lock.toUpperCase()}` : ''}`,
      [tenantId, planId, versionId],
    )) as {
      id: string;
      number: number;
      status: PlanStatus;
      change_summary: string;
      created_at: Date;
      co_production_at: Date | null;
      signed_off_at: Date | null;
      published_at: Date | null;
      superseded_at: Date | null;
      pdf_status: PlanVersionSummary['pdfStatus'];
      pdf_sha256: string | null;
      version: number;
    }[];
    if (!v) return null;
    return {
      id: v.id,
      number: v.number,
      status: v.status,
      changeSummary: v.change_summary,
      createdAt: iso(v.created_at)!,
      coProductionAt: iso(v.co_production_at),
      signedOffAt: iso(v.signed_off_at),
      publishedAt: iso(v.published_at),
      supersededAt: iso(v.superseded_at),
      pdfStatus: v.pdf_status,
      pdfSha256: v.pdf_sha256,
      version: v.version,
    };
  },

  /** A version's sections in the plan's order: each section's plan-wide part, then each LA's part by LA name. */
  async sections(m: EntityManager, tenantId: string, versionId: string): Promise<Omit<PlanSectionView, 'canEdit'>[]> {
    const rows = (await m.query(
      `SELECT s.id, s.section_key, s.la_id, o.name AS la_name, s.body, s.themes, s.themes_version, s.updated_at,
              s.updated_by, u.display_name AS updated_by_name, s.version
         FROM inclusion_plan_sections s
         LEFT JOIN organisations o ON o.tenant_id = s.tenant_id AND o.id = s.la_id
         LEFT JOIN users u ON u.id = s.updated_by
        WHERE s.tenant_id = $1 AND s.version_id = $2`,
      [tenantId, versionId],
    )) as {
      id: string;
      section_key: PlanSectionKey;
      la_id: string | null;
      la_name: string | null;
      body: string;
      themes: string[];
      themes_version: string;
      updated_at: Date;
      updated_by: string | null;
      updated_by_name: string | null;
      version: number;
    }[];
    const order = (k: string) => PLAN_SECTIONS.findIndex((s) => s.key === k);
    rows.sort(
      (a, b) =>
        order(a.section_key) - order(b.section_key) ||
        (a.la_id === null ? -1 : b.la_id === null ? 1 : (a.la_name ?? '').localeCompare(b.la_name ?? '')),
    );
    return rows.map((r) => ({
      id: r.id,
      key: r.section_key,
      name: PLAN_SECTIONS.find((s) => s.key === r.section_key)!.name,
      laId: r.la_id,
      laName: r.la_name,
      body: r.body,
      html: renderSafeHtml(r.body, { topHeading: 3 }),
      themes: r.themes.map((code) => ({ code, name: themeName(code, r.themes_version) })),
      themesVersion: r.themes_version,
      updatedAt: iso(r.updated_at)!,
      updatedBy: r.updated_by ? { id: r.updated_by, name: r.updated_by_name ?? 'Someone' } : null,
      version: r.version,
    }));
  },

  /**
   * The member organisations who decide on a version: the members of the local partnerships of the
   * plan's LAs that have not left, with each one's decision on this version.
   */
  async decisions(
    m: EntityManager,
    tenantId: string,
    planId: string,
    versionId: string,
  ): Promise<PlanMemberDecision[]> {
    const rows = (await m.query(
      `SELECT mb.id, mb.name, mb.kind, mb.organisation_id, lp.la_id, s.decision, s.reason, s.recorded_at, s.recorded_by,
              u.display_name AS recorded_by_name
         FROM inclusion_plan_las pl
         JOIN local_partnerships lp ON lp.tenant_id = pl.tenant_id AND lp.la_id = pl.la_id
         JOIN local_partnership_members mb ON mb.tenant_id = lp.tenant_id AND mb.local_partnership_id = lp.id
         LEFT JOIN inclusion_plan_signoffs s ON s.tenant_id = mb.tenant_id AND s.version_id = $3 AND s.member_id = mb.id
         LEFT JOIN users u ON u.id = s.recorded_by
        WHERE pl.tenant_id = $1 AND pl.plan_id = $2 AND (mb.left_on IS NULL OR mb.left_on > ${SCHOOL_TODAY_SQL})
        ORDER BY mb.kind = 'local_authority' DESC, mb.name, mb.id`,
      [tenantId, planId, versionId],
    )) as {
      id: string;
      name: string;
      kind: string;
      organisation_id: string | null;
      la_id: string;
      decision: 'signed_off' | 'dissent' | null;
      reason: string | null;
      recorded_at: Date | null;
      recorded_by: string | null;
      recorded_by_name: string | null;
    }[];
    return rows.map((r) => ({
      memberId: r.id,
      name: r.name,
      kind: r.kind,
      laId: r.la_id,
      organisationId: r.organisation_id,
      decision: r.decision,
      reason: r.reason,
      recordedAt: iso(r.recorded_at),
      recordedBy: r.recorded_by ? { id: r.recorded_by, name: r.recorded_by_name ?? 'Someone' } : null,
      recordedOnBehalf: r.organisation_id === null && r.decision !== null,
    }));
  },
};
