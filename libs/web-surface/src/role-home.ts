import type { MeView } from './web-view';

export interface HomeTask {
  text: string;
  href?: string;
  description: string;
}
export interface HomeSection {
  role: string;
  heading: string;
  organisationName?: string;
  tasks: HomeTask[];
}

/**
 * What each role does in REP Hub, for its home page. A task with a link is open now; the others
 * are the modules being built (alternative provision, inclusion plans, training, evaluation).
 */
const ROLE_TASKS: Record<string, { heading: string; tasks: HomeTask[] }> = {
  partnership_lead: {
    heading: 'Partnership lead',
    tasks: [
      { text: 'AP directory', href: '/ap/providers', description: 'The partnership’s alternative provision providers, their quality checks and the places each local authority commissions.' },
      { text: 'Your partnership’s alternative provision picture', href: '/ap/case-summaries', description: 'Referrals, placements and outcomes across the partnership’s local authorities, without names.' },
      { text: 'Local authorities’ AP practice', href: '/ap/la-settings', description: 'Each local authority’s panel dates, tier 2 placement length and virtual school contact.' },
      { text: 'AP measures', href: '/ap/measures', description: 'Referrals, commissions, timeliness, attendance, reintegration and destinations for every local authority of the partnership, with charts, tables and downloads.' },
      { text: 'Retention of AP records', href: '/ap/retention', description: 'Each local authority’s retention rules for AP records: the defaults and their own.' },
      { text: 'Local inclusion plans', description: 'Keep each local authority’s local inclusion plan and the reforms the partnership is testing.' },
      { text: 'Evaluation evidence', description: 'Prepare the Change Programme evaluation evidence the partnership sends to the National Board.' },
    ],
  },
  la_officer: {
    heading: 'Local authority officer',
    tasks: [
      { text: 'AP directory', href: '/ap/providers', description: 'Providers, their quality checks and the places your local authority commissions.' },
      { text: 'Pupils', href: '/ap/pupils', description: 'The pupils of your local authority: find a pupil, record one, and decide UPN match requests.' },
      { text: 'Alternative provision panel', href: '/ap/panel', description: 'Triage, screen and decide on referrals; offer placements to providers.' },
      { text: 'AP cases', href: '/ap/cases', description: 'Every case of your local authority: referrals, commissions, offers and placements.' },
      { text: 'AP alerts', href: '/ap/alerts', description: 'Placements past their planned end, reviews due, attendance not received, absence and follow-ups: record what was decided, including children missing education.' },
      { text: 'Children in alternative provision', href: '/ap/cases?stage=placements', description: 'The pupils of your local authority in tier 1, 2 and 3 provision, with their placements.' },
      { text: 'Your AP practice', href: '/ap/la-settings', description: 'Your panel dates and cadence, tier 2 placement length and virtual school contact.' },
      { text: 'Reviews due', href: '/ap/reviews', description: 'Placement reviews of your local authority that are overdue or due in the next four weeks.' },
      { text: 'AP measures', href: '/ap/measures', description: 'Your local authority’s referrals, commissions, timeliness, attendance, reintegration and destinations, with charts, tables and downloads.' },
      { text: 'Retention of AP records', href: '/ap/retention', description: 'How long your local authority keeps AP records, and what happens to them then.' },
    ],
  },
  data_protection_officer: {
    heading: 'Data protection officer',
    tasks: [
      { text: 'Who accessed a record', description: 'Check who viewed or changed a record (the audit trail; through the API today: GET /api/v1/audit/access).' },
      { text: 'Subject access requests', href: '/ap/subject-access', description: 'Prepare a draft of everything held about a pupil to redact before release.' },
      { text: 'Retention of AP records', href: '/ap/retention', description: 'How long each local authority keeps AP records, and what the nightly job deletes or anonymises.' },
    ],
  },
  setting_staff: {
    heading: 'School or setting staff',
    tasks: [
      { text: 'AP directory', href: '/ap/providers', description: 'The alternative provision providers of your partnership, their tiers and whether they can take a pupil now.' },
      { text: 'Pupils', href: '/ap/pupils', description: 'The pupils your school has recorded; record a pupil before referring them.' },
      { text: 'Refer a pupil', href: '/ap/cases/new?route=school_referral', description: 'Refer a pupil to the local authority’s alternative provision panel.' },
      { text: 'Commission a placement', href: '/ap/cases/new?route=school_commission', description: 'Commission tier 1 support or a tier 2 placement yourself, with a provider that can receive offers.' },
      { text: 'Your pupils in alternative provision', href: '/ap/cases', description: 'Your referrals and commissions, their offers and placements.' },
      { text: 'AP alerts', href: '/ap/alerts', description: 'Alerts on your pupils’ placements: attendance, absence, reviews and follow-ups after a return to school.' },
    ],
  },
  ap_provider_staff: {
    heading: 'AP provider staff',
    tasks: [
      { text: 'AP directory', href: '/ap/providers', description: 'The providers of the partnership, their quality checks and commissioned places.' },
      { text: 'Offers', href: '/ap/placements#offers', description: 'Accept or decline offers of places within your commissioned places.' },
      { text: 'Current placements', href: '/ap/placements#placements', description: 'Start placements, and record their end with the destination.' },
      { text: 'Reviews due', href: '/ap/reviews', description: 'Reviews of your placements that are overdue or due in the next four weeks: record who attended, progress and next steps.' },
      { text: 'AP alerts', href: '/ap/alerts', description: 'Attendance not sent, reviews due, placements past their planned end and severe absence of your placements.' },
      { text: 'Attendance', href: '/ap/attendance', description: 'Record each pupil’s morning and afternoon sessions with the DfE codes, on a page or by uploading a CSV or Excel file.' },
    ],
  },
  workforce_lead: {
    heading: 'Workforce lead',
    tasks: [{ text: 'Training', description: 'Track early years SENCO level 3, educational psychologists, NPQ for SENCOs and supported-internship job coaches.' }],
  },
};

const PLATFORM_TASKS: Record<string, { heading: string; tasks: HomeTask[] }> = {
  platform_admin: {
    heading: 'Platform administrator',
    tasks: [
      { text: 'Partnerships', href: '/admin/partnerships', description: 'Add a partnership and its local authorities, schools and providers.' },
      { text: 'Users', href: '/admin/users', description: 'Invite users, give them roles, reset passwords and authenticators.' },
      { text: 'Background jobs', href: '/admin/queues', description: 'Queue health, failed jobs and retries.' },
      { text: 'Emails sent', href: '/admin/emails', description: 'The emails the service sent (the development outbox when GOV.UK Notify is not set up).' },
    ],
  },
  national_board: {
    heading: 'National Board member',
    tasks: [{ text: 'Compare partnerships', description: 'Disclosure-controlled figures from every partnership; never a child.' }],
  },
};

/** The sections of a signed-in user's home page: one per role they hold here. */
export function homeSections(me: MeView): HomeSection[] {
  const sections: HomeSection[] = [];
  if (me.platformRole && PLATFORM_TASKS[me.platformRole]) sections.push({ role: me.platformRole, ...PLATFORM_TASKS[me.platformRole] });
  for (const r of me.roles) {
    const def = ROLE_TASKS[r.role];
    if (def) sections.push({ role: r.role, heading: def.heading, organisationName: r.organisationName, tasks: def.tasks });
  }
  return sections;
}
