import { Injectable } from '@nestjs/common';
import { join } from 'node:path';
import { HomeTask, NavEntry, PublicPage, WebContribution, WebPages } from '@rep-hub/web-surface';

/** The roles that use the plans' pages: those who keep plans, and the member organisations who sign them off. */
const PLAN_ROLES = ['partnership_lead', 'la_officer', 'la_admin', 'icb_member', 'parent_carer_forum_member'] as const;

const PLANS_TASK: HomeTask = {
  text: 'Local inclusion plans',
  href: '/plans',
  description:
    'Keep each local authority’s local inclusion plan: write its sections, co-produce it, sign it off and publish it.',
};
const SIGN_OFF_TASK: HomeTask = {
  text: 'Local inclusion plans',
  href: '/plans',
  description:
    'Read the local inclusion plans and record your organisation’s sign-off or dissent when a plan is in co-production.',
};
const LOCAL_PARTNERSHIPS_TASK: HomeTask = {
  text: 'Local SEND and AP partnerships',
  href: '/local-partnerships',
  description:
    'Each local authority’s partnership: its member organisations, representatives, meetings and terms of reference.',
};
const MY_ACTIONS_TASK: HomeTask = {
  text: 'Your organisation’s plan actions',
  href: '/plans/actions/mine',
  description: 'The local inclusion plan actions your organisation owns: record their status, RAG rating and progress.',
};

/** What local partnerships and inclusion plans add to the web app's layout: navigation and home tasks. */
@Injectable()
@WebPages()
export class PlansWebContribution implements WebContribution {
  readonly module = 'inclusion-plans';

  /** Its templates (views/plans/…), beside this file in the source and in a bundle's views folder. */
  readonly views = join(__dirname, 'views');

  readonly navigation: readonly NavEntry[] = [{ text: 'Inclusion plans', href: '/plans', roles: PLAN_ROLES }];

  readonly publicPages: readonly PublicPage[] = [
    {
      text: 'Local inclusion plans',
      href: '/inclusion-plans',
      description: 'Each partnership’s published local inclusion plans, with their earlier versions.',
    },
  ];

  readonly homeTasks: Readonly<Record<string, readonly HomeTask[]>> = {
    partnership_lead: [
      PLANS_TASK,
      {
        text: 'Plans across the partnership',
        href: '/plans/regional',
        description:
          'Every local authority’s inclusion plan side by side: status, review date, overdue actions and places short, to download as CSV or XLSX.',
      },
      LOCAL_PARTNERSHIPS_TASK,
    ],
    la_officer: [PLANS_TASK, LOCAL_PARTNERSHIPS_TASK, MY_ACTIONS_TASK],
    la_admin: [LOCAL_PARTNERSHIPS_TASK],
    setting_staff: [LOCAL_PARTNERSHIPS_TASK, MY_ACTIONS_TASK],
    icb_member: [SIGN_OFF_TASK, MY_ACTIONS_TASK],
    parent_carer_forum_member: [SIGN_OFF_TASK, MY_ACTIONS_TASK],
  };
}
