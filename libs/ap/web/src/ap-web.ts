import { Injectable } from '@nestjs/common';
import { join } from 'node:path';
import { HomeTask, NavEntry, WebContribution, WebPages } from '@rep-hub/web-surface';

/**
 * What alternative provision adds to the web app's layout: its items of the service navigation
 * (the cases for those who act on them, the pseudonymised picture for the lead) and its tasks on
 * each role's home page.
 */
@Injectable()
@WebPages()
export class ApWebContribution implements WebContribution {
  readonly module = 'alternative-provision';

  /** Its templates (views/ap/…), beside this file in the source and in a bundle's views folder. */
  readonly views = join(__dirname, 'views');

  readonly navigation: readonly NavEntry[] = [
    {
      text: 'AP cases',
      href: '/ap/cases',
      roles: ['la_officer', 'setting_staff', 'ap_provider_staff'],
      activeOn: ['/ap/cases', '/ap/panel', '/ap/placements'],
    },
    { text: 'AP alerts', href: '/ap/alerts', roles: ['la_officer', 'setting_staff', 'ap_provider_staff'] },
    {
      text: 'AP cases',
      href: '/ap/case-summaries',
      roles: ['partnership_lead'],
      unlessRoles: ['la_officer', 'setting_staff', 'ap_provider_staff'],
    },
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
        description: 'Your referrals and commissions, their offers and placements.',
      },
      {
        text: 'AP alerts',
        href: '/ap/alerts',
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
        description:
          'Reviews of your placements that are overdue or due in the next four weeks: record who attended, progress and next steps.',
      },
      {
        text: 'AP alerts',
        href: '/ap/alerts',
        description:
          'Attendance not sent, reviews due, placements past their planned end and severe absence of your placements.',
      },
      {
        text: 'Attendance',
        href: '/ap/attendance',
        description:
          'Record each pupil’s morning and afternoon sessions with the DfE codes, on a page or by uploading a CSV or Excel file.',
      },
    ],
  };
}
