import { Injectable } from '@nestjs/common';
import { join } from 'node:path';
import { WORKFORCE_ROLES } from '@rep-hub/workforce-domain';
import { HomeTask, NavEntry, WebContribution, WebPages } from '@rep-hub/web-surface';

/** The workforce lead's task: it takes the place of the core's "Training — Coming soon" entry of the same text. */
const LEAD_TASK: HomeTask = {
  text: 'Training',
  href: '/workforce',
  description:
    'Set up cohorts of early years SENCO level 3, NPQ for SENCOs, educational psychologist and job coach training, allocate funded places to each local authority and follow enrolments.',
};
const PROVIDER_TASK: HomeTask = {
  text: 'Training',
  href: '/workforce',
  description: 'Enrol participants in your cohorts, record their milestones and keep their status up to date.',
};
const LA_TASK: HomeTask = {
  text: 'Workforce training',
  href: '/workforce',
  description: 'The training cohorts, your local authority’s funded places and its participants.',
};

const COVERAGE_TASK: HomeTask = {
  text: 'Training coverage',
  href: '/workforce/coverage',
  description:
    'Funded places filled, settings with a qualified SENCO, educational psychologists in training and tie-in, job coaches trained, completion and withdrawal, for a period.',
};

/** What workforce training adds to the web app's layout: navigation and home tasks. */
@Injectable()
@WebPages()
export class WorkforceWebContribution implements WebContribution {
  readonly module = 'workforce';

  /** Its templates (views/workforce/…), beside this file in the source and in a bundle's views folder. */
  readonly views = join(__dirname, 'views');

  readonly navigation: readonly NavEntry[] = [
    { text: 'Training', href: '/workforce', roles: WORKFORCE_ROLES },
    {
      text: 'Training coverage',
      href: '/workforce/coverage',
      roles: ['workforce_lead', 'la_officer', 'partnership_lead'],
    },
  ];

  readonly homeTasks: Readonly<Record<string, readonly HomeTask[]>> = {
    workforce_lead: [LEAD_TASK, COVERAGE_TASK],
    training_provider_staff: [PROVIDER_TASK],
    la_officer: [LA_TASK, COVERAGE_TASK],
  };
}
