import { Injectable } from '@nestjs/common';
import { join } from 'node:path';
import { HomeTask, NavEntry, WebContribution, WebPages } from '@rep-hub/web-surface';

const RETURNS_LEAD_TASK: HomeTask = {
  text: 'Evidence returns',
  href: '/evaluation/returns',
  description:
    'Each term’s return to the National Board: its completeness, the local authorities’ sign-off, your narrative, ratings and exceptions, and sending it.',
};
const RETURNS_LA_TASK: HomeTask = {
  text: 'Evidence returns',
  href: '/evaluation/returns',
  description: 'Check your local authority’s figures in each term’s evidence return and sign off its part.',
};

/** What evaluation adds to the web app's layout: navigation and home tasks. */
@Injectable()
@WebPages()
export class EvaluationWebContribution implements WebContribution {
  readonly module = 'evaluation';

  /** Its templates (views/evaluation/…), beside this file in the source and in a bundle's views folder. */
  readonly views = join(__dirname, 'views');

  readonly navigation: readonly NavEntry[] = [
    { text: 'Evidence returns', href: '/evaluation/returns', roles: ['partnership_lead', 'la_officer', 'la_admin'] },
  ];

  readonly homeTasks: Readonly<Record<string, readonly HomeTask[]>> = {
    partnership_lead: [RETURNS_LEAD_TASK],
    la_officer: [RETURNS_LA_TASK],
    la_admin: [RETURNS_LA_TASK],
  };
}
