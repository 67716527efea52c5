import { Injectable } from '@nestjs/common';
import { HomeTask, NavEntry, WebContribution, WebPages } from '../web-contributions';

/**
 * The core's own part of the layout, registered like a module's: the people pages in the service
 * navigation and on the home page of those who manage people (the partnership lead and each LA's
 * admins).
 */
@Injectable()
@WebPages()
export class CorePeoplePages implements WebContribution {
  readonly module = 'the core';

  readonly navigation: readonly NavEntry[] = [
    { text: 'People', href: '/people', roles: ['partnership_lead', 'la_admin'] },
  ];

  readonly homeTasks: Readonly<Record<string, readonly HomeTask[]>> = {
    partnership_lead: [
      {
        text: 'People and roles',
        href: '/people',
        description:
          'Invite people to the partnership, and change or end their roles: partnership-wide roles, workforce leads, ICB and parent carer forum members.',
      },
    ],
    la_admin: [
      {
        text: 'People and roles in your local authority',
        href: '/people',
        description:
          'Invite your local authority’s officers and data protection officer, and school and provider staff in your area; change or end their roles.',
      },
    ],
  };
}
