import type { HomeTask, ResolvedHomeTask, WebContributions } from './web-contributions';
import type { MeView } from './web-view';

export interface HomeSection {
  role: string;
  heading: string;
  organisationName?: string;
  tasks: ResolvedHomeTask[];
  /** The counts above zero, in task order: what waits for this role now (the next steps). */
  waiting?: { text: string; href?: string }[];
}

/**
 * Each role's home page: its heading, the core's own tasks first, then the tasks every module of
 * the app registers for the role (WebContributions), then what is still to come (no link yet); an
 * entry still to come is dropped when a module registers a task of the same text for the role.
 */
const ROLE_TASKS: Record<string, { heading: string; tasks: HomeTask[]; toCome?: HomeTask[] }> = {
  partnership_lead: {
    heading: 'Partnership lead',
    tasks: [
      {
        text: 'Data-sharing agreements',
        href: '/data-sharing',
        description: 'Propose and follow agreements between the partnership’s local authorities, and what each grants.',
      },
    ],
    toCome: [
      {
        text: 'Local inclusion plans',
        description: 'Keep each local authority’s local inclusion plan and the reforms the partnership is testing.',
      },
      {
        text: 'Evaluation evidence',
        description: 'Prepare the Change Programme evaluation evidence the partnership sends to the National Board.',
      },
    ],
  },
  la_officer: {
    heading: 'Local authority officer',
    tasks: [
      {
        text: 'Data-sharing agreements',
        href: '/data-sharing',
        description: 'Confirm or end your local authority’s data-sharing agreements.',
      },
    ],
  },
  data_protection_officer: {
    heading: 'Data protection officer',
    tasks: [
      {
        text: 'Data-sharing agreements',
        href: '/data-sharing',
        description: 'Confirm or end your local authority’s data-sharing agreements.',
      },
      {
        text: 'Who accessed a record',
        href: '/audit/access',
        description: 'Check who viewed or changed your local authority’s records, or what a person viewed or changed.',
      },
      {
        text: 'Subject access requests about adults',
        href: '/subject-access/people',
        description:
          'Find what your local authority holds about an adult, such as a member of staff in training, and download it as a draft to redact.',
      },
    ],
  },
  setting_staff: { heading: 'School or setting staff', tasks: [] },
  la_admin: { heading: 'Local authority admin', tasks: [] },
  icb_member: {
    heading: 'Integrated care board member',
    tasks: [],
    toCome: [
      {
        text: 'The partnership’s plans and evidence',
        description:
          'The local inclusion plans and the partnership-wide figures, as the partnership shares them with health partners. Never a child’s record.',
      },
    ],
  },
  parent_carer_forum_member: {
    heading: 'Parent carer forum member',
    tasks: [],
    toCome: [
      {
        text: 'The partnership’s plans and evidence',
        description:
          'The local inclusion plans and the partnership-wide figures, as the partnership shares them with parent carer forums. Never a child’s record.',
      },
    ],
  },
  workforce_lead: {
    heading: 'Workforce lead',
    tasks: [],
    toCome: [
      {
        text: 'Training',
        description:
          'Track early years SENCO level 3, educational psychologists, NPQ for SENCOs and supported-internship job coaches.',
      },
    ],
  },
};

const PLATFORM_TASKS: Record<string, { heading: string; tasks: HomeTask[] }> = {
  platform_admin: {
    heading: 'Platform administrator',
    tasks: [
      {
        text: 'Partnerships',
        href: '/admin/partnerships',
        description: 'Add a partnership and its local authorities, schools and providers.',
      },
      {
        text: 'Users',
        href: '/admin/users',
        description: 'Invite users, give them roles, reset passwords and authenticators.',
      },
      { text: 'Background jobs', href: '/admin/queues', description: 'Queue health, failed jobs and retries.' },
      {
        text: 'Emails sent',
        href: '/admin/emails',
        description: 'The emails the service sent (the development outbox when GOV.UK Notify is not set up).',
      },
    ],
  },
  national_board: {
    heading: 'National Board member',
    tasks: [
      {
        text: 'Compare partnerships',
        description: 'Disclosure-controlled figures from every partnership; never a child.',
      },
    ],
  },
};

/** "1 offer waiting", "3 offers waiting". */
export const countText = (count: number, words: readonly [string, string]): string =>
  count === 0 ? `No ${words[1]}` : `${count.toLocaleString('en-GB')} ${count === 1 ? words[0] : words[1]}`;

/**
 * A task with its count read now, as the signed-in user (the count runs inside this request, in
 * their own unit of work). A role with the same task twice (two memberships) reads it once.
 */
async function resolve(task: HomeTask, cache: Map<HomeTask, Promise<HomeTaskCountView>>): Promise<ResolvedHomeTask> {
  const { count, ...rest } = task;
  if (!count) return rest;
  if (!cache.has(task)) cache.set(task, count());
  const found = await cache.get(task);
  return found
    ? {
        ...rest,
        count: { count: found.count, text: countText(found.count, found.words), href: found.href ?? task.href },
      }
    : rest;
}
type HomeTaskCountView = Awaited<ReturnType<NonNullable<HomeTask['count']>>>;

/** The sections of a signed-in user's home page: one per role they hold here, with each task's count. */
export async function homeSections(me: MeView, modules: WebContributions): Promise<HomeSection[]> {
  const sections: HomeSection[] = [];
  const cache = new Map<HomeTask, Promise<HomeTaskCountView>>();
  const platform = me.platformRole ? PLATFORM_TASKS[me.platformRole] : undefined;
  if (me.platformRole && platform) {
    // a platform role's tasks from the modules (the National Board's), then the core's not yet registered by text
    const registered = modules.homeTasks(me.platformRole);
    const core = platform.tasks.filter((t) => !registered.some((x) => x.text === t.text));
    const tasks: ResolvedHomeTask[] = [];
    for (const t of [...registered, ...core]) tasks.push(await resolve(t, cache));
    sections.push({ role: me.platformRole, heading: platform.heading, tasks });
  }
  for (const r of me.roles) {
    const def = ROLE_TASKS[r.role];
    const registered = modules.homeTasks(r.role);
    // what is still to come leaves the list when a module of this app registers a task of the same text
    const toCome = (def?.toCome ?? []).filter((t) => !registered.some((x) => x.text === t.text));
    const all = [...(def?.tasks ?? []), ...registered, ...toCome];
    // one after another: each count opens its own unit of work, and a response waits for them all
    const tasks: ResolvedHomeTask[] = [];
    for (const t of all) tasks.push(await resolve(t, cache));
    const waiting = tasks.flatMap((t) =>
      t.count && t.count.count > 0 ? [{ text: t.count.text, href: t.count.href }] : [],
    );
    if (def || tasks.length)
      sections.push({
        role: r.role,
        heading: def?.heading ?? r.label,
        organisationName: r.organisationName,
        tasks,
        waiting,
      });
  }
  return sections;
}
