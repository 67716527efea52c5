import type { EntityManager } from 'typeorm';
import { CaseRoute, CaseStatus } from './case-machine';
import { academicYearOf } from './directory.service';

interface Step {
  action: string;
  to: CaseStatus;
  role: 'la_officer' | 'setting_staff' | 'ap_provider_staff';
  note?: string;
  details?: Record<string, unknown>;
}

interface DemoCase {
  /** The demo pupil's first name, and whether the school recorded the record used. */
  pupil: string;
  schoolRecord?: boolean;
  /** Which LA: the lead LA or the partnership's other LA. */
  la: 'lead' | 'other';
  route: CaseRoute;
  reason: string;
  tier: string;
  exclusion?: { type: 'suspension' | 'permanent_exclusion'; daysAgo: number; days?: number };
  steps: Step[];
  urgency?: string;
  offered?: boolean;
  placement?: 'planned' | 'active';
}

/** The demo LAs' first panel (a Wednesday); panels follow every DEMO_PANEL_CADENCE_DAYS days. */
export const DEMO_PANEL_FIRST_DATE = '2026-09-02';
export const DEMO_PANEL_CADENCE_DAYS = 14;

/** The demo LAs' next panel date on or after `today` (YYYY-MM-DD). */
export function nextDemoPanelDate(today: string): string {
  const day = 86_400_000;
  const first = Date.parse(`${DEMO_PANEL_FIRST_DATE}T00:00:00Z`);
  const since = Math.max(0, Math.ceil((Date.parse(`${today}T00:00:00Z`) - first) / day));
  const steps = Math.ceil(since / DEMO_PANEL_CADENCE_DAYS);
  return new Date(first + steps * DEMO_PANEL_CADENCE_DAYS * day).toISOString().slice(0, 10);
}

const VIEWS = {
  family: 'Parents agree a short placement would help, and want a clear plan for the return to school (demo).',
  child: 'Wants smaller groups and to keep seeing friends at lunchtime (demo).',
};

/** One case at each stage, so every role's pages have something to show. */
const DEMO_CASES: DemoCase[] = [
  {
    pupil: 'Kasey',
    schoolRecord: true,
    la: 'lead',
    route: 'school_referral',
    reason: 'suspension',
    tier: 'tier_2',
    exclusion: { type: 'suspension', daysAgo: 2, days: 7 },
    urgency: 'high',
    steps: [
      {
        action: 'refer',
        to: 'referred',
        role: 'setting_staff',
        note: 'Third suspension this term; a part-time timetable has not helped.',
      },
      {
        action: 'triage',
        to: 'triaged',
        role: 'la_officer',
        note: 'High: suspended for seven days.',
        details: { urgency: 'high' },
      },
    ],
  },
  {
    pupil: 'Alex',
    la: 'lead',
    route: 'la_commission',
    reason: 'ehc_plan',
    tier: 'tier_3',
    urgency: 'standard',
    steps: [
      {
        action: 'commission_for_panel',
        to: 'referred',
        role: 'la_officer',
        note: 'The annual review recommends a transitional placement.',
      },
      { action: 'triage', to: 'triaged', role: 'la_officer', details: { urgency: 'standard' } },
      {
        action: 'screen',
        to: 'screened',
        role: 'la_officer',
        note: 'Ready for panel: advice from the educational psychologist attached to the EHC plan.',
      },
    ],
  },
  {
    pupil: 'Billie',
    la: 'lead',
    route: 'la_commission',
    reason: 'permanent_exclusion',
    tier: 'tier_3',
    exclusion: { type: 'permanent_exclusion', daysAgo: 3 },
    urgency: 'urgent',
    offered: true,
    steps: [
      {
        action: 'commission_for_panel',
        to: 'referred',
        role: 'la_officer',
        note: 'Permanently excluded; looked after.',
      },
      {
        action: 'triage',
        to: 'triaged',
        role: 'la_officer',
        note: 'Urgent: the LA’s sixth-day duty applies.',
        details: { urgency: 'urgent' },
      },
      { action: 'screen', to: 'screened', role: 'la_officer', note: 'Ready for panel.' },
      {
        action: 'decide_offer',
        to: 'offered',
        role: 'la_officer',
        note: 'Tier 3 towards a new mainstream school.',
        details: { decision: 'offer', tier: 'tier_3' },
      },
    ],
  },
  {
    pupil: 'Casey',
    la: 'lead',
    route: 'la_commission',
    reason: 'at_risk_of_exclusion',
    tier: 'tier_2',
    urgency: 'high',
    offered: true,
    placement: 'active',
    steps: [
      { action: 'commission_for_panel', to: 'referred', role: 'la_officer' },
      { action: 'triage', to: 'triaged', role: 'la_officer', details: { urgency: 'high' } },
      { action: 'screen', to: 'screened', role: 'la_officer', note: 'Ready for panel.' },
      {
        action: 'decide_offer',
        to: 'offered',
        role: 'la_officer',
        note: 'Tier 2 for twelve weeks, then back to the home school.',
        details: { decision: 'offer', tier: 'tier_2' },
      },
      { action: 'accept', to: 'placement_planned', role: 'ap_provider_staff' },
      { action: 'start', to: 'placement_active', role: 'ap_provider_staff' },
    ],
  },
  {
    pupil: 'Drew',
    la: 'other',
    route: 'la_commission',
    reason: 'medical_needs',
    tier: 'tier_2',
    steps: [
      {
        action: 'commission_for_panel',
        to: 'referred',
        role: 'la_officer',
        note: 'Unable to attend school for medical reasons since half term.',
      },
    ],
  },
];

const isoDaysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/**
 * Demo cases for one partnership (run by ApDemoSeeder after the demo pupils, in a unit of work
 * that sees every LA): each LA's panel practice, and one case at each stage of the lifecycle with
 * its timeline, using the first demo AP provider. Nothing when the demo cases are there already.
 */
export async function seedDemoCases(m: EntityManager, tenantId: string): Promise<boolean> {
  // the demo's own cases carry the demo views: cases someone made while trying the demo do not count
  const [{ n }] = (await m.query(`SELECT count(*)::int AS n FROM ap_cases WHERE tenant_id = $1 AND family_views = $2`, [
    tenantId,
    VIEWS.family,
  ])) as { n: number }[];
  if (n > 0) return false;
  const las = (await m.query(
    `SELECT id, is_lead FROM organisations WHERE tenant_id = $1 AND kind = 'local_authority' ORDER BY is_lead DESC, name`,
    [tenantId],
  )) as { id: string; is_lead: boolean }[];
  const [provider] = (await m.query(
    `SELECT id FROM ap_providers WHERE tenant_id = $1 AND organisation_id IS NOT NULL ORDER BY name LIMIT 1`,
    [tenantId],
  )) as { id: string }[];
  if (las.length < 2 || !provider) return false;
  // fortnightly panels on Wednesdays, from a fixed Wednesday (so the API's examples can name the next one)
  const wednesday = new Date(`${DEMO_PANEL_FIRST_DATE}T00:00:00Z`);
  for (const la of las) {
    await m.query(
      `INSERT INTO ap_la_settings (tenant_id, la_id, panel_first_date, panel_cadence_days, tier2_weeks, virtual_school_email)
       VALUES ($1, $2, $3, $4, 12, 'virtual.school@demo.rephub.example') ON CONFLICT DO NOTHING`,
      [tenantId, la.id, DEMO_PANEL_FIRST_DATE, DEMO_PANEL_CADENCE_DAYS],
    );
  }
  const nextPanel = new Date(wednesday);
  while (nextPanel.getTime() < Date.now()) nextPanel.setUTCDate(nextPanel.getUTCDate() + 14);
  const actors = (await m.query(
    `SELECT ms.role, ms.user_id, o.id AS org_id, o.kind, coalesce(o.local_authority_id, CASE WHEN o.kind = 'local_authority' THEN o.id END) AS la_id
       FROM memberships ms JOIN organisations o ON o.tenant_id = ms.tenant_id AND o.id = ms.organisation_id
      WHERE ms.tenant_id = $1 AND ms.status = 'active' ORDER BY ms.created_at`,
    [tenantId],
  )) as { role: string; user_id: string; org_id: string; kind: string; la_id: string | null }[];

  for (const [i, c] of DEMO_CASES.entries()) {
    const laId = c.la === 'lead' ? las[0].id : las[1].id;
    const [pupil] = (await m.query(
      `SELECT id, setting_id FROM pupils WHERE tenant_id = $1 AND la_id = $2 AND given_name = $3 AND (setting_id IS NOT NULL) = $4 LIMIT 1`,
      [tenantId, laId, c.pupil, !!c.schoolRecord],
    )) as { id: string; setting_id: string | null }[];
    if (!pupil) continue;
    const [open] = (await m.query(
      `SELECT 1 FROM ap_cases WHERE tenant_id = $1 AND pupil_id = $2 AND status NOT IN ('ended', 'declined', 'withdrawn')`,
      [tenantId, pupil.id],
    )) as unknown[];
    if (open) continue;
    const settingId = c.route === 'la_commission' ? null : pupil.setting_id;
    const status = c.steps[c.steps.length - 1].to;
    const started = 20 - i * 3;
    const [row] = (await m.query(
      `INSERT INTO ap_cases (tenant_id, la_id, pupil_id, route, setting_id, reason, requested_tier, family_views, child_views, exclusion_type, exclusion_start,
                             exclusion_days, status, urgency, panel_date, tier, provider_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, now() - make_interval(days => $18::int), now() - make_interval(days => $19::int))
       RETURNING id`,
      [
        tenantId,
        laId,
        pupil.id,
        c.route,
        settingId,
        c.reason,
        c.tier,
        VIEWS.family,
        VIEWS.child,
        c.exclusion?.type ?? null,
        c.exclusion ? isoDaysAgo(c.exclusion.daysAgo) : null,
        c.exclusion?.days ?? null,
        status,
        c.urgency ?? null,
        c.urgency ? nextPanel.toISOString().slice(0, 10) : null,
        c.offered ? c.tier : null,
        c.offered ? provider.id : null,
        started,
        started - c.steps.length,
      ],
    )) as { id: string }[];
    let from: CaseStatus | null = null;
    for (const [k, step] of c.steps.entries()) {
      const actor =
        actors.find(
          (a) =>
            a.role === step.role &&
            (step.role !== 'la_officer' || a.la_id === laId) &&
            (step.role !== 'setting_staff' || a.org_id === settingId),
        ) ?? actors.find((a) => a.role === step.role);
      const details = {
        ...(step.details ?? {}),
        ...(step.action === 'decide_offer' ? { providerId: provider.id } : {}),
      };
      await m.query(
        `INSERT INTO ap_case_events (tenant_id, case_id, la_id, at, actor_id, actor_role, action, from_status, to_status, note, details)
         VALUES ($1, $2, $3, now() - make_interval(days => $4::int), $5, $6, $7, $8, $9, $10, $11::jsonb)`,
        [
          tenantId,
          row.id,
          laId,
          started - k,
          actor?.user_id ?? null,
          step.role,
          step.action,
          from,
          step.to,
          step.note ?? null,
          JSON.stringify(details),
        ],
      );
      from = step.to;
    }
    if (c.placement) {
      const start = isoDaysAgo(started - c.steps.length);
      await m.query(
        `INSERT INTO ap_placements (tenant_id, case_id, la_id, provider_id, tier, academic_year, status, planned_start, planned_end, started_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, ($8::date + 84), $9)`,
        [
          tenantId,
          row.id,
          laId,
          provider.id,
          c.tier,
          academicYearOf(new Date(`${start}T00:00:00Z`)),
          c.placement,
          start,
          c.placement === 'active' ? start : null,
        ],
      );
    }
  }
  return true;
}
