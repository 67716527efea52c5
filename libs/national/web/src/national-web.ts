import { Injectable } from '@nestjs/common';
import { join } from 'node:path';
import { HomeTask, NavEntry, WebContribution, WebPages } from '@rep-hub/web-surface';

/** What the National Board's module adds to the web app's layout: navigation and home tasks. */
@Injectable()
@WebPages()
export class NationalWebContribution implements WebContribution {
  readonly module = 'national';

  /** Its templates (views/national/…), beside this file in the source and in a bundle's views folder. */
  readonly views = join(__dirname, 'views');

  readonly navigation: readonly NavEntry[] = [
    {
      text: 'Compare partnerships',
      href: '/national/compare',
      roles: ['national_board'],
      activeOn: ['/national/compare', '/national/returns'],
    },
  ];

  readonly homeTasks: Readonly<Record<string, readonly HomeTask[]>> = {
    national_board: [
      // takes the place of the core's "Compare partnerships" placeholder (same text)
      {
        text: 'Compare partnerships',
        href: '/national/compare',
        description:
          'Each partnership’s published figures on an indicator over time, against the national figure, with the caveats of any ranking.',
      },
      {
        text: 'Returns from partnerships',
        href: '/national/returns',
        description:
          'Which partnerships have published each term’s figures, on time or late, and how complete they are.',
      },
      {
        text: 'National overview',
        href: '/national',
        description: 'The latest term at a glance: returns received and the indicators published.',
      },
    ],
  };
}
