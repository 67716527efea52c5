import { Injectable } from '@nestjs/common';
import { join } from 'node:path';
import { HomeTask, NavEntry, WebContribution, WebPages } from '@rep-hub/web-surface';

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

  readonly navigation: readonly NavEntry[] = [];

  readonly homeTasks: Readonly<Record<string, readonly HomeTask[]>> = {
    partnership_lead: [LOCAL_PARTNERSHIPS_TASK],
    la_officer: [LOCAL_PARTNERSHIPS_TASK, MY_ACTIONS_TASK],
    la_admin: [LOCAL_PARTNERSHIPS_TASK],
    setting_staff: [LOCAL_PARTNERSHIPS_TASK, MY_ACTIONS_TASK],
  };
}
