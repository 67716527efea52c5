import { Injectable } from '@nestjs/common';
import { AlertsService, ApReviewsService, CASE_STAGES, CasesService } from '@rep-hub/ap-domain';
import { AuthContext } from '@rep-hub/auth';
import { join } from 'node:path';
import { HomeTask, HomeTaskCount, NavEntry, WebContribution, WebPages } from '@rep-hub/web-surface';

const OFFICER_ROLES = ['la_officer'];
const CASE_ROLES = ['la_officer', 'setting_staff', 'ap_provider_staff'];

/**
 * What alternative provision adds to the web app's layout: its items of the service navigation
 * (the cases for those who act on them, the panel, pupils, reviews and measures for the roles that
 * use them, the pseudonymised picture for the lead) and its tasks on each role's home page, with
 * how many of each wait now (read per request, as the signed-in user).
 */
@Injectable()
@WebPages()
export class ApWebContribution implements WebContribution {
  readonly module = 'alternative-provision';

  constructor(
    private readonly auth: AuthContext,
    private readonly cases: CasesService,
    private readonly alerts: AlertsService,
    private readonly reviews: ApReviewsService,
  ) {}

  /** The LAs the caller is an officer of: their panel's count is of those LAs' cases only, as the panel shows. */
  private officerLas(): string[] {
    return [
      ...new Set(
        this.auth.principal.memberships
          .filter((m) => m.role === 'la_officer' && m.localAuthorityId)
          .map((m) => m.localAuthorityId!),
      ),
    ];
  }

  private readonly atPanel = async (): Promise<HomeTaskCount | null> => {
    const las = this.officerLas();
    return las.length
      ? { count: await this.cases.countIn(CASE_STAGES['panel'], las), words: ['case at panel', 'cases at panel'] }
      : null;
  };

  private readonly referralsAtPanel = async (): Promise<HomeTaskCount | null> => ({
    count: await this.cases.countIn(CASE_STAGES['panel']),
    words: ['referral waiting for the panel', 'referrals waiting for the panel'],
  });

  private readonly offersWaiting = async (): Promise<HomeTaskCount | null> => ({
    count: await this.cases.countIn(['offered']),
    words: ['offer waiting', 'offers waiting'],
  });

  private readonly reviewsOverdue = async (): Promise<HomeTaskCount | null> => {
    const n = await this.reviews.overdueCount();
    return n === null ? null : { count: n, words: ['review overdue', 'reviews overdue'] };
  };

  private readonly alertsOpen = async (): Promise<HomeTaskCount | null> => {
    const n = await this.alerts.openCount();
    return n === null ? null : { count: n, words: ['alert open', 'alerts open'] };
  };

  private readonly attendanceMissing = async (): Promise<HomeTaskCount | null> => {
    const n = await this.alerts.openCount(['attendance_missing']);
    return n === null
      ? null
      : {
          count: n,
          words: ['placement with attendance not received', 'placements with attendance not received'],
          href: '/ap/alerts?kind=attendance_missing',
        };
  };

  /** Its templates (views/ap/…), beside this file in the source and in a bundle's views folder. */
  readonly views = join(__dirname, 'views');

  readonly navigation: readonly NavEntry[] = [
    { text: 'AP cases', href: '/ap/cases', roles: CASE_ROLES, activeOn: ['/ap/cases', '/ap/placements'] },
    {
      text: 'AP cases',
      href: '/ap/case-summaries',
      roles: ['partnership_lead'],
      unlessRoles: CASE_ROLES,
    },
    { text: 'Panel', href: '/ap/panel', roles: OFFICER_ROLES },
    { text: 'Pupils', href: '/ap/pupils', roles: ['la_officer', 'setting_staff'] },
    { text: 'Reviews', href: '/ap/reviews', roles: ['la_officer', 'ap_provider_staff'] },
    { text: 'AP alerts', href: '/ap/alerts', roles: CASE_ROLES },
    { text: 'AP measures', href: '/ap/measures', roles: ['la_officer', 'partnership_lead'] },
  ];

  readonly homeTasks: Readonly<Record<string, readonly HomeTask[]>> = {
    partnership_lead: [
      {
        text: 'AP directory',
        href: '/ap/providers',
        description:
          'The partnership’s alternative provision providers, their quality checks and the places each local authority commissions.',
      },
      {
        text: 'Your partnership’s alternative provision picture',
        href: '/ap/case-summaries',
        description: 'Referrals, placements and outcomes across the partnership’s local authorities, without names.',
      },
      {
        text: 'Local authorities’ AP practice',
        href: '/ap/la-settings',
        description: 'Each local authority’s panel dates, tier 2 placement length and virtual school contact.',
      },
      {
        text: 'AP measures',
        href: '/ap/measures',
        description:
          'Referrals, commissions, timeliness, attendance, reintegration and destinations for every local authority of the partnership, with charts, tables and downloads.',
      },
      {
        text: 'Retention of AP records',
        href: '/ap/retention',
        description: 'Each local authority’s retention rules for AP records: the defaults and their own.',
      },
    ],
    la_officer: [
      {
        text: 'AP directory',
        href: '/ap/providers',
        description: 'Providers, their quality checks and the places your local authority commissions.',
      },
      {
        text: 'Pupils',
        href: '/ap/pupils',
        description: 'The pupils of your local authority: find a pupil, record one, and decide UPN match requests.',
      },
      {
        text: 'Alternative provision panel',
        href: '/ap/panel',
        count: this.atPanel,
        description: 'Triage, screen and decide on referrals; offer placements to providers.',
      },
      {
        text: 'AP cases',
        href: '/ap/cases',
        description: 'Every case of your local authority: referrals, commissions, offers and placements.',
      },
      {
        text: 'AP alerts',
        href: '/ap/alerts',
        count: this.alertsOpen,
        description:
          'Placements past their planned end, reviews due, attendance not received, absence and follow-ups: record what was decided, including children missing education.',
      },
      {
        text: 'Children in alternative provision',
        href: '/ap/cases?stage=placements',
        description: 'The pupils of your local authority in tier 1, 2 and 3 provision, with their placements.',
      },
      {
        text: 'Your AP practice',
        href: '/ap/la-settings',
        description: 'Your panel dates and cadence, tier 2 placement length and virtual school contact.',
      },
      {
        text: 'Reviews due',
        href: '/ap/reviews',
        count: this.reviewsOverdue,
        description: 'Placement reviews of your local authority that are overdue or due in the next four weeks.',
      },
      {
        text: 'AP measures',
        href: '/ap/measures',
        description:
          'Your local authority’s referrals, commissions, timeliness, attendance, reintegration and destinations, with charts, tables and downloads.',
      },
      {
        text: 'Retention of AP records',
        href: '/ap/retention',
        description: 'How long your local authority keeps AP records, and what happens to them then.',
      },
    ],
    data_protection_officer: [
      {
        text: 'Subject access requests',
        href: '/ap/subject-access',
        description: 'Prepare a draft of everything held about a pupil to redact before release.',
      },
      {
        text: 'Retention of AP records',
        href: '/ap/retention',
        description: 'How long each local authority keeps AP records, and what the nightly job deletes or anonymises.',
      },
    ],
    setting_staff: [
      {
        text: 'AP directory',
        href: '/ap/providers',
        description:
          'The alternative provision providers of your partnership, their tiers and whether they can take a pupil now.',
      },
      {
        text: 'Pupils',
        href: '/ap/pupils',
        description: 'The pupils your school has recorded; record a pupil before referring them.',
      },
      {
        text: 'Refer a pupil',
        href: '/ap/cases/new?route=school_referral',
        description: 'Refer a pupil to the local authority’s alternative provision panel.',
      },
      {
        text: 'Commission a placement',
        href: '/ap/cases/new?route=school_commission',
        description:
          'Commission tier 1 support or a tier 2 placement yourself, with a provider that can receive offers.',
      },
      {
        text: 'Your pupils in alternative provision',
        href: '/ap/cases',
        count: this.referralsAtPanel,
        description: 'Your referrals and commissions, their offers and placements.',
      },
      {
        text: 'AP alerts',
        href: '/ap/alerts',
        count: this.alertsOpen,
        description:
          'Alerts on your pupils’ placements: attendance, absence, reviews and follow-ups after a return to school.',
      },
    ],
    ap_provider_staff: [
      {
        text: 'AP directory',
        href: '/ap/providers',
        description: 'The providers of the partnership, their quality checks and commissioned places.',
      },
      {
        text: 'Offers',
        href: '/ap/placements#offers',
        count: this.offersWaiting,
        description: 'Accept or decline offers of places within your commissioned places.',
      },
      {
        text: 'Current placements',
        href: '/ap/placements#placements',
        description: 'Start placements, and record their end with the destination.',
      },
      {
        text: 'Reviews due',
        href: '/ap/reviews',
        count: this.reviewsOverdue,
        description:
          'Reviews of your placements that are overdue or due in the next four weeks: record who attended, progress and next steps.',
      },
      {
        text: 'AP alerts',
        href: '/ap/alerts',
        count: this.alertsOpen,
        description:
          'Attendance not sent, reviews due, placements past their planned end and severe absence of your placements.',
      },
      {
        text: 'Attendance',
        href: '/ap/attendance',
        count: this.attendanceMissing,
        description:
          'Record each pupil’s morning and afternoon sessions with the DfE codes, on a page or by uploading a CSV or Excel file.',
      },
    ],
  };
}
