import { Injectable } from '@nestjs/common';
import { join } from 'node:path';
import { EVALUATION_ROLES } from '@rep-hub/evaluation-domain';
import { HomeTask, NavEntry, WebContribution, WebPages } from '@rep-hub/web-surface';

/** The lead's task: it takes the place of the lead's "Coming soon" entry of the same text. */
const LEAD_TASK: HomeTask = {
  text: 'Evaluation evidence',
  href: '/evaluation',
  description:
    'The reforms the partnership is testing in each local authority, its tests and what they find, and the evaluation evidence it sends to the National Board.',
};
const LA_TASK: HomeTask = {
  text: 'Change Programme evaluation',
  href: '/evaluation',
  description:
    'Keep your local authority’s reform statuses up to date, record results of the tests it takes part in, and submit its evidence.',
};

/** What evaluation adds to the web app's layout: navigation and home tasks. */
@Injectable()
@WebPages()
export class EvaluationWebContribution implements WebContribution {
  readonly module = 'evaluation';

  /** Its templates (views/evaluation/…), beside this file in the source and in a bundle's views folder. */
  readonly views = join(__dirname, 'views');

  readonly navigation: readonly NavEntry[] = [{ text: 'Evaluation', href: '/evaluation', roles: EVALUATION_ROLES }];

  readonly homeTasks: Readonly<Record<string, readonly HomeTask[]>> = {
    partnership_lead: [LEAD_TASK],
    la_officer: [LA_TASK],
    la_admin: [LA_TASK],
  };
}
