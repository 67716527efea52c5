import { Injectable } from '@nestjs/common';
import { join } from 'node:path';
import { HomeTask, NavEntry, WebContribution, WebPages } from '@rep-hub/web-surface';

/** What local partnerships and inclusion plans add to the web app's layout: navigation and home tasks. */
@Injectable()
@WebPages()
export class PlansWebContribution implements WebContribution {
  readonly module = 'inclusion-plans';

  /** Its templates (views/plans/…), beside this file in the source and in a bundle's views folder. */
  readonly views = join(__dirname, 'views');

  readonly navigation: readonly NavEntry[] = [];

  readonly homeTasks: Readonly<Record<string, readonly HomeTask[]>> = {
    partnership_lead: [
      // plans-publish
      {
        text: 'Plans across the partnership',
        href: '/plans/regional',
        description:
          'Every local authority’s inclusion plan side by side: status, review date, overdue actions and places short, to download as CSV or XLSX.',
      },
    ],
  };
}
