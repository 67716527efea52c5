import { Injectable } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import {
  HomeTask,
  NavEntry,
  WebContribution,
  WebContributionError,
  WebContributions,
  WebPages,
} from './web-contributions';

@Injectable()
@WebPages()
class Gardens implements WebContribution {
  readonly module = 'gardens';
  readonly navigation: NavEntry[] = [
    { text: 'Gardens', href: '/gardens', roles: ['la_officer'], activeOn: ['/gardens', '/sheds'] },
    { text: 'Gardens', href: '/garden-summaries', roles: ['partnership_lead'], unlessRoles: ['la_officer'] },
  ];
  readonly homeTasks: Record<string, HomeTask[]> = {
    la_officer: [{ text: 'Gardens', href: '/gardens', description: 'Every garden.' }],
  };
  readonly publicPages = [{ text: 'Open gardens', href: '/open-gardens', description: 'Gardens anyone may visit.' }];
}

@Injectable()
@WebPages()
class MoreGardens implements WebContribution {
  readonly module = 'allotments';
  readonly navigation: NavEntry[] = [{ text: 'Allotments', href: '/gardens', roles: ['la_officer'] }];
  readonly homeTasks: Record<string, HomeTask[]> = { la_officer: [{ text: 'Gardens', description: 'Twice.' }] };
  readonly publicPages = [{ text: 'Gardens open to all', href: '/open-gardens', description: 'Twice.' }];
}

async function registryOf(...providers: (new () => WebContribution)[]): Promise<WebContributions> {
  const ref = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [WebContributions, ...providers],
  }).compile();
  return ref.get(WebContributions);
}

describe('WebContributions', () => {
  it('gives each role the navigation and home tasks the modules register, marking the current item', async () => {
    const modules = await registryOf(Gardens);
    expect(() => modules.validate()).not.toThrow();
    expect(modules.navigation(['la_officer'], '/sheds/3')).toEqual([
      { href: '/gardens', text: 'Gardens', active: true },
    ]);
    expect(modules.navigation(['la_officer'], '/gardeners')).toEqual([
      { href: '/gardens', text: 'Gardens', active: false },
    ]);
    expect(modules.navigation(['partnership_lead'], '/garden-summaries')).toEqual([
      { href: '/garden-summaries', text: 'Gardens', active: true },
    ]);
    expect(modules.navigation(['partnership_lead', 'la_officer'], '/')).toEqual([
      { href: '/gardens', text: 'Gardens', active: false },
    ]);
    expect(modules.navigation(['setting_staff'], '/')).toEqual([]);
    expect(modules.homeTasks('la_officer').map((t) => t.text)).toEqual(['Gardens']);
    expect(modules.homeTasks('setting_staff')).toEqual([]);
    expect(modules.publicPages()).toEqual([
      { text: 'Open gardens', href: '/open-gardens', description: 'Gardens anyone may visit.' },
    ]);
  });

  it('stops on a navigation link or a home task registered twice for a role, or a public page twice', async () => {
    const modules = await registryOf(Gardens, MoreGardens);
    expect(() => modules.validate()).toThrow(WebContributionError);
    expect(() => modules.validate()).toThrow(
      'Web contributions are wrong: the navigation link /gardens for la_officer is registered by gardens and allotments; the home task "Gardens" of la_officer is registered by gardens and allotments; the public page /open-gardens is registered by gardens and allotments',
    );
  });
});
