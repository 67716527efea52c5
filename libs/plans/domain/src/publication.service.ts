import { Injectable, NotFoundException } from '@nestjs/common';
import { isUuid, problem, UnitOfWork } from '@rep-hub/platform';
import { EntityManager } from 'typeorm';
import { changed, diffLines } from './line-diff';
import {
  PUBLIC_STATUSES,
  PublicComparison,
  PublicLa,
  PublicPartnershipPlans,
  PublicPdf,
  PublicPlanSummary,
  PublicSection,
  PublicSignOff,
  PublicStatus,
  PublicVersion,
  PublicVersionRef,
  SectionComparison,
} from './publication.model';
import { PLAN_SECTIONS, themeList } from './themes';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** The statuses in SQL, from the one list: every public query filters on it. */
const PUBLIC_SQL = `(${PUBLIC_STATUSES.map((s) => `'${s}'`).join(', ')})`;

interface Partnership {
  id: string;
  slug: string;
  name: string;
}

interface VersionRow {
  id: string;
  plan_id: string;
  number: number;
  status: PublicStatus;
  title: string;
  period_start: string;
  period_end: string;
  review_on: string;
  published_at: string;
  superseded_at: string | null;
  change_summary: string;
  pdf_status: string;
}

interface SectionRow {
  section_key: string;
  la_id: string | null;
  la_name: string | null;
  body: string;
  themes: string[];
  themes_version: string;
}

const iso = (d: unknown): string => (d instanceof Date ? d.toISOString() : String(d));
const notFound = () => new NotFoundException(problem(404, 'There is no published plan here.'));

/**
 * What anyone may read of the partnerships' local inclusion plans without signing in: the
 * published version of each plan, the earlier (superseded) ones, a comparison of two of them and
 * the PDF. Every read runs through `UnitOfWork.forPublicRead` (read-only, no user, no LAs: RLS
 * holds and no pupil row is reachable) and every query filters on PUBLIC_STATUSES, so a draft's,
 * a version in co-production's or a signed-off version's id answers 404, like an id that does not
 * exist. Nothing here comes from children's records.
 */
@Injectable()
export class PublicPlansService {
  constructor(private readonly uow: UnitOfWork) {}

  /** Every active partnership's plans that have a published version, by partnership, then title. */
  async listPublished(): Promise<PublicPartnershipPlans[]> {
    const partnerships = await this.uow.forPlatform(
      null,
      (m) =>
        m.query(`SELECT id, slug, name FROM tenants WHERE status = 'active' ORDER BY name, slug`) as Promise<
          Partnership[]
        >,
    );
    const out: PublicPartnershipPlans[] = [];
    for (const p of partnerships) {
      const plans = await this.plansOf(p);
      if (plans.length) out.push({ slug: p.slug, name: p.name, plans });
    }
    return out;
  }

  /** One partnership's published plans (404 for an unknown or inactive partnership). */
  async partnershipPlans(slug: string): Promise<PublicPartnershipPlans> {
    const p = await this.partnership(slug);
    return { slug: p.slug, name: p.name, plans: await this.plansOf(p) };
  }

  /** A published or superseded version, whole; 404 for any other status or an unknown id. */
  async version(slug: string, versionId: string): Promise<PublicVersion> {
    const p = await this.partnership(slug);
    if (!isUuid(versionId)) throw notFound();
    return this.uow.forPublicRead(p.id, async (m) => {
      const v = await this.versionRow(m, p.id, versionId);
      const las = await this.lasOf(m, p.id, v.plan_id);
      const sections = await this.sectionsOf(m, p.id, v.id);
      const signOffs = await this.signOffsOf(m, p.id, v.id);
      const themes = new Map<string, string>();
      for (const s of sections) for (const t of s.themes) themes.set(t.code, t.name);
      const forum = signOffs.find((s) => s.kind === 'parent_carer_forum') ?? null;
      return {
        partnership: { slug: p.slug, name: p.name },
        planId: v.plan_id,
        id: v.id,
        number: v.number,
        status: v.status,
        title: v.title,
        las,
        periodStart: v.period_start,
        periodEnd: v.period_end,
        reviewOn: v.review_on,
        publishedAt: iso(v.published_at),
        supersededAt: v.superseded_at ? iso(v.superseded_at) : null,
        changeSummary: v.change_summary,
        pdfReady: v.pdf_status === 'ready',
        sections,
        themes: [...themes].map(([code, name]) => ({ code, name })),
        signOffs: {
          signedOff: signOffs.filter((s) => s.decision === 'signed_off').length,
          dissent: signOffs.filter((s) => s.decision === 'dissent').length,
          parentCarerForum: forum,
          organisations: signOffs,
        },
        versions: await this.versionsOf(m, p.id, v.plan_id),
      };
    });
  }

  /** Two public versions of one plan compared section by section (either order; shown older → newer). */
  async compare(slug: string, fromId: string, toId: string): Promise<PublicComparison> {
    const p = await this.partnership(slug);
    if (!isUuid(fromId) || !isUuid(toId)) throw notFound();
    return this.uow.forPublicRead(p.id, async (m) => {
      let a = await this.versionRow(m, p.id, fromId);
      let b = await this.versionRow(m, p.id, toId);
      if (a.plan_id !== b.plan_id) throw notFound();
      if (a.number > b.number) [a, b] = [b, a];
      const before = await this.sectionsOf(m, p.id, a.id);
      const after = await this.sectionsOf(m, p.id, b.id);
      const keyOf = (s: PublicSection) => `${s.key}|${s.la?.id ?? ''}`;
      const beforeBy = new Map(before.map((s) => [keyOf(s), s]));
      const afterBy = new Map(after.map((s) => [keyOf(s), s]));
      const keys = [...new Set([...before, ...after].map(keyOf))];
      const order = (k: string) => {
        const s = (afterBy.get(k) ?? beforeBy.get(k))!;
        return [PLAN_SECTIONS.findIndex((x) => x.key === s.key), s.la ? 1 : 0, s.la?.name ?? ''] as const;
      };
      keys.sort((x, y) => {
        const [a1, b1, c1] = order(x);
        const [a2, b2, c2] = order(y);
        return a1 - a2 || b1 - b2 || c1.localeCompare(c2);
      });
      const sections: SectionComparison[] = keys.map((k) => {
        const old = beforeBy.get(k);
        const now = afterBy.get(k);
        const s = (now ?? old)!;
        const lines = diffLines(old?.body ?? '', now?.body ?? '');
        const oldThemes = new Set(old?.themes.map((t) => t.name) ?? []);
        const newThemes = new Set(now?.themes.map((t) => t.name) ?? []);
        const themesAdded = [...newThemes].filter((t) => !oldThemes.has(t));
        const themesRemoved = [...oldThemes].filter((t) => !newThemes.has(t));
        return {
          key: s.key,
          name: s.name,
          la: s.la,
          changed: changed(lines) || themesAdded.length > 0 || themesRemoved.length > 0,
          lines,
          themesAdded,
          themesRemoved,
        };
      });
      return {
        partnership: { slug: p.slug, name: p.name },
        planId: a.plan_id,
        title: b.title,
        from: ref(a),
        to: ref(b),
        sections,
      };
    });
  }

  /** A public version's PDF when it is ready; 404 otherwise (no PDF yet, or not public). */
  async pdf(slug: string, versionId: string): Promise<PublicPdf> {
    const p = await this.partnership(slug);
    if (!isUuid(versionId)) throw notFound();
    const row = await this.uow.forPublicRead(p.id, async (m) => {
      const [r] = (await m.query(
        `SELECT v.number, v.pdf FROM inclusion_plan_versions v
          WHERE v.tenant_id = $1 AND v.id = $2 AND v.status IN ${PUBLIC_SQL} AND v.pdf_status = 'ready' AND v.pdf IS NOT NULL`,
        [p.id, versionId],
      )) as { number: number; pdf: Buffer }[];
      return r;
    });
    if (!row) throw notFound();
    return { filename: `inclusion-plan-${p.slug}-version-${row.number}.pdf`, pdf: row.pdf };
  }

  private async partnership(slug: string): Promise<Partnership> {
    if (typeof slug !== 'string' || !SLUG.test(slug) || slug.length > 63) throw notFound();
    const [p] = await this.uow.forPlatform(
      null,
      (m) =>
        m.query(`SELECT id, slug, name FROM tenants WHERE slug = $1 AND status = 'active'`, [slug]) as Promise<
          Partnership[]
        >,
    );
    if (!p) throw notFound();
    return p;
  }

  private plansOf(p: Partnership): Promise<PublicPlanSummary[]> {
    return this.uow.forPublicRead(p.id, async (m) => {
      const rows = (await m.query(
        `SELECT pl.id AS plan_id, pl.title, to_char(pl.period_start, 'YYYY-MM-DD') AS period_start,
                to_char(pl.period_end, 'YYYY-MM-DD') AS period_end, to_char(pl.review_on, 'YYYY-MM-DD') AS review_on,
                v.id AS version_id, v.number, v.published_at,
                (SELECT count(*)::int FROM inclusion_plan_versions s
                  WHERE s.tenant_id = pl.tenant_id AND s.plan_id = pl.id AND s.status = 'superseded') AS earlier,
                coalesce((SELECT json_agg(json_build_object('id', o.id, 'name', o.name) ORDER BY o.name)
                   FROM inclusion_plan_las l JOIN organisations o ON o.tenant_id = l.tenant_id AND o.id = l.la_id
                  WHERE l.tenant_id = pl.tenant_id AND l.plan_id = pl.id), '[]'::json) AS las
           FROM inclusion_plans pl
           JOIN inclusion_plan_versions v ON v.tenant_id = pl.tenant_id AND v.plan_id = pl.id AND v.status = 'published'
          WHERE pl.tenant_id = $1
          ORDER BY pl.title, pl.id`,
        [p.id],
      )) as {
        plan_id: string;
        title: string;
        period_start: string;
        period_end: string;
        review_on: string;
        version_id: string;
        number: number;
        published_at: Date;
        earlier: number;
        las: PublicLa[];
      }[];
      return rows.map((r) => ({
        planId: r.plan_id,
        title: r.title,
        las: r.las,
        periodStart: r.period_start,
        periodEnd: r.period_end,
        reviewOn: r.review_on,
        publishedVersionId: r.version_id,
        publishedNumber: r.number,
        publishedAt: iso(r.published_at),
        earlierVersions: r.earlier,
      }));
    });
  }

  private async versionRow(m: EntityManager, tenantId: string, id: string): Promise<VersionRow> {
    const [v] = (await m.query(
      `SELECT v.id, v.plan_id, v.number, v.status, pl.title, to_char(pl.period_start, 'YYYY-MM-DD') AS period_start,
              to_char(pl.period_end, 'YYYY-MM-DD') AS period_end, to_char(pl.review_on, 'YYYY-MM-DD') AS review_on,
              v.published_at, v.superseded_at, v.change_summary, v.pdf_status
         FROM inclusion_plan_versions v JOIN inclusion_plans pl ON pl.tenant_id = v.tenant_id AND pl.id = v.plan_id
        WHERE v.tenant_id = $1 AND v.id = $2 AND v.status IN ${PUBLIC_SQL} AND v.published_at IS NOT NULL`,
      [tenantId, id],
    )) as VersionRow[];
    if (!v) throw notFound();
    return v;
  }

  private async lasOf(m: EntityManager, tenantId: string, planId: string): Promise<PublicLa[]> {
    return (await m.query(
      `SELECT o.id, o.name FROM inclusion_plan_las l JOIN organisations o ON o.tenant_id = l.tenant_id AND o.id = l.la_id
        WHERE l.tenant_id = $1 AND l.plan_id = $2 ORDER BY o.name`,
      [tenantId, planId],
    )) as PublicLa[];
  }

  private async sectionsOf(m: EntityManager, tenantId: string, versionId: string): Promise<PublicSection[]> {
    const rows = (await m.query(
      `SELECT s.section_key, s.la_id, o.name AS la_name, s.body, s.themes, s.themes_version
         FROM inclusion_plan_sections s LEFT JOIN organisations o ON o.tenant_id = s.tenant_id AND o.id = s.la_id
        WHERE s.tenant_id = $1 AND s.version_id = $2`,
      [tenantId, versionId],
    )) as SectionRow[];
    const index = (k: string) => PLAN_SECTIONS.findIndex((s) => s.key === k);
    rows.sort(
      (a, b) =>
        index(a.section_key) - index(b.section_key) ||
        (a.la_id ? 1 : 0) - (b.la_id ? 1 : 0) ||
        (a.la_name ?? '').localeCompare(b.la_name ?? ''),
    );
    return rows.map((r) => {
      const list = themeList(r.themes_version);
      return {
        key: r.section_key,
        name: PLAN_SECTIONS.find((s) => s.key === r.section_key)?.name ?? r.section_key,
        la: r.la_id ? { id: r.la_id, name: r.la_name ?? '' } : null,
        body: r.body,
        themes: r.themes.map((code) => ({ code, name: list?.themes.find((t) => t.code === code)?.name ?? code })),
        themesVersion: r.themes_version,
        themesProvisional: list?.provisional ?? true,
      };
    });
  }

  private async signOffsOf(m: EntityManager, tenantId: string, versionId: string): Promise<PublicSignOff[]> {
    const rows = (await m.query(
      `SELECT mb.name AS organisation, mb.kind, s.decision, s.reason, s.recorded_at
         FROM inclusion_plan_signoffs s JOIN local_partnership_members mb ON mb.tenant_id = s.tenant_id AND mb.id = s.member_id
        WHERE s.tenant_id = $1 AND s.version_id = $2
        ORDER BY mb.name, mb.id`,
      [tenantId, versionId],
    )) as {
      organisation: string;
      kind: string;
      decision: 'signed_off' | 'dissent';
      reason: string | null;
      recorded_at: Date;
    }[];
    return rows.map((r) => ({
      organisation: r.organisation,
      kind: r.kind,
      decision: r.decision,
      reason: r.decision === 'dissent' ? r.reason : null,
      recordedAt: iso(r.recorded_at),
    }));
  }

  private async versionsOf(m: EntityManager, tenantId: string, planId: string): Promise<PublicVersionRef[]> {
    const rows = (await m.query(
      `SELECT v.id, v.number, v.status, v.published_at, v.superseded_at FROM inclusion_plan_versions v
        WHERE v.tenant_id = $1 AND v.plan_id = $2 AND v.status IN ${PUBLIC_SQL} AND v.published_at IS NOT NULL
        ORDER BY v.number DESC`,
      [tenantId, planId],
    )) as { id: string; number: number; status: PublicStatus; published_at: Date; superseded_at: Date | null }[];
    return rows.map((r) => ({
      id: r.id,
      number: r.number,
      status: r.status,
      publishedAt: iso(r.published_at),
      supersededAt: r.superseded_at ? iso(r.superseded_at) : null,
    }));
  }
}

function ref(v: VersionRow): PublicVersionRef {
  return {
    id: v.id,
    number: v.number,
    status: v.status,
    publishedAt: iso(v.published_at),
    supersededAt: v.superseded_at ? iso(v.superseded_at) : null,
  };
}
