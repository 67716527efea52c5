import { Injectable } from '@nestjs/common';
import { join } from 'node:path';
import { BoardDecisionsReceivedService } from '@rep-hub/national-domain';
import { HomeTask, NavEntry, PublicPage, WebContribution, WebPages } from '@rep-hub/web-surface';

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
    { text: 'Exceptions', href: '/national/exceptions', roles: ['national_board'] },
    { text: 'Reforms', href: '/national/reforms', roles: ['national_board'] },
    { text: 'Board packs', href: '/national/board-packs', roles: ['national_board'] },
    {
      text: 'Decisions and actions',
      href: '/national/decisions',
      roles: ['national_board'],
      activeOn: ['/national/decisions', '/national/meetings'],
    },
    { text: 'Board decisions', href: '/board-decisions', roles: ['partnership_lead'] },
  ];

  readonly homeTasks: Readonly<Record<string, readonly HomeTask[]>>;

  readonly publicPages: readonly PublicPage[] = [
    {
      text: 'Inclusion dashboard',
      href: '/inclusion-dashboard',
      description:
        'How each partnership and local authority is doing on the indicators they publish, over time, beside the national figure.',
    },
  ];

  constructor(received: BoardDecisionsReceivedService) {
    this.homeTasks = {
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
        {
          text: 'Exceptions across partnerships',
          href: '/national/exceptions',
          description:
            'Each partnership’s red, amber and green ratings for a term, and its exceptions with the owners’ commentary.',
        },
        {
          text: 'Reforms across the programme',
          href: '/national/reforms',
          description:
            'Which local authorities test each reform, its status in each, and the findings partnerships have sent.',
        },
        {
          text: 'Board packs',
          href: '/national/board-packs',
          description:
            'Make the PDF and spreadsheet for a meeting from the partnerships’ published releases, and keep every version.',
        },
        {
          text: 'Decisions and actions',
          href: '/national/decisions',
          description:
            'The log of the board’s meetings: decisions and actions with owners and due dates, sent to the partnerships they concern.',
        },
      ],
      partnership_lead: [
        {
          text: 'National Board decisions',
          href: '/board-decisions',
          description:
            'The National Board’s decisions and actions that concern your partnership, with owners and due dates.',
          count: async () => ({ count: await received.openActions(), words: ['open action', 'open actions'] }),
        },
      ],
    };
  }
}
