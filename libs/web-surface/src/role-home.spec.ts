import { countText, homeSections } from './role-home';
import type { HomeTask, WebContributions } from './web-contributions';
import type { MeView } from './web-view';

const me = (roles: string[]): MeView => ({
  userId: 'u',
  displayName: 'Sam',
  email: 'sam@example.test',
  platformRole: null,
  isPlatformAdmin: false,
  tenant: { id: 't', name: 'Partnership' },
  partnershipCount: 1,
  roles: roles.map((role) => ({ role, label: role, organisationName: 'Org' })),
});

describe('the home page’s tasks and their counts', () => {
  it('writes a count in words', () => {
    expect(countText(0, ['offer waiting', 'offers waiting'])).toBe('No offers waiting');
    expect(countText(1, ['offer waiting', 'offers waiting'])).toBe('1 offer waiting');
    expect(countText(1500, ['offer waiting', 'offers waiting'])).toBe('1,500 offers waiting');
  });

  it('reads each count once per request, lists those above zero first as links, and leaves a null count out', async () => {
    let reads = 0;
    const tasks: HomeTask[] = [
      {
        text: 'Offers',
        href: '/offers',
        description: 'Offers.',
        count: async () => (reads++, { count: 3, words: ['offer waiting', 'offers waiting'] }),
      },
      { text: 'Reviews', href: '/reviews', description: 'Reviews.', count: async () => null },
      {
        text: 'Alerts',
        href: '/alerts',
        description: 'Alerts.',
        count: async () => ({ count: 0, words: ['alert open', 'alerts open'], href: '/alerts?open' }),
      },
    ];
    const modules = { homeTasks: (role: string) => (role === 'provider_staff' ? tasks : []) };
    // the same role twice (two organisations): the count is read once
    const sections = await homeSections(
      me(['provider_staff', 'provider_staff']),
      modules as unknown as WebContributions,
    );
    expect(reads).toBe(1);
    expect(sections).toHaveLength(2);
    expect(sections[0].waiting).toEqual([{ text: '3 offers waiting', href: '/offers' }]);
    expect(sections[0].tasks.map((t) => t.count?.text ?? null)).toEqual(['3 offers waiting', null, 'No alerts open']);
    expect(sections[0].tasks[2].count?.href).toBe('/alerts?open');
    expect(sections[0].tasks.some((t) => 'count' in t && typeof t.count === 'function')).toBe(false);
  });
});
