import { Injectable, OnApplicationBootstrap, SetMetadata } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { discoverProviders } from '@rep-hub/platform';

const WEB_CONTRIBUTION = 'rephub:web-contribution';

/** Marks a provider as a domain module's contribution to the web app's layout (a WebContribution), found at boot. */
export const WebPages = () => SetMetadata(WEB_CONTRIBUTION, true);

/** A task on a role's home page: a link when it is open now. */
export interface HomeTask {
  text: string;
  href?: string;
  description: string;
  /**
   * How much of this task waits now ("3 offers waiting"), read when the home page is asked for,
   * inside that request and so as the signed-in user: a count runs in their own unit of work,
   * under RLS and their ability, like any other read of theirs. Null when there is nothing to say.
   */
  count?: () => Promise<HomeTaskCount | null>;
}

/** A count on a home task: "1 review overdue", "3 reviews overdue", with where to act on it. */
export interface HomeTaskCount {
  count: number;
  /** The words after the number, singular and plural: `['offer waiting', 'offers waiting']`. */
  words: readonly [string, string];
  /** Where to act on them (the task's own link by default). */
  href?: string;
}

/** A home task with its count read for this request: "3 offers waiting". */
export interface ResolvedHomeTask {
  text: string;
  href?: string;
  description: string;
  count?: { count: number; text: string; href?: string };
}

/** An item of the service navigation, for the roles that use it. */
export interface NavEntry {
  text: string;
  href: string;
  /** Shown when the user holds one of these roles in the partnership they work in. */
  roles: readonly string[];
  /** Not shown when they hold one of these (another entry serves them). */
  unlessRoles?: readonly string[];
  /** Marked current on these paths and below them (its own href by default). */
  activeOn?: readonly string[];
}

/** A page anyone may read without signing in, offered from the start page and every page's footer. */
export interface PublicPage {
  text: string;
  href: string;
  /** What the visitor finds there, in a sentence. */
  description: string;
}

/**
 * What a domain module adds to the web app's layout: items of the service navigation and tasks on
 * each role's home page, in the order given. The layout and the home page render what is
 * registered; they name no module.
 */
export interface WebContribution {
  readonly module: string;
  readonly navigation?: readonly NavEntry[];
  /** Tasks by role code. */
  readonly homeTasks?: Readonly<Record<string, readonly HomeTask[]>>;
  /** Its public pages (no sign-in), linked from the start page for signed-out visitors and from every page's footer. */
  readonly publicPages?: readonly PublicPage[];
  /**
   * The folder of the module's Nunjucks templates (searched after the core's), its templates
   * under a folder of the module's own name (`ap/case.njk`) so no two modules' names meet.
   */
  readonly views?: string;
}

export class WebContributionError extends Error {
  constructor(problems: string[]) {
    super(`Web contributions are wrong: ${problems.join('; ')}`);
    this.name = 'WebContributionError';
  }
}

const under = (path: string, prefix: string) =>
  path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`) || path.startsWith(`${prefix}?`);

/**
 * The navigation and home tasks the modules of this app bring, collected at boot from their
 * @WebPages() providers. A navigation link or a role's task link registered twice stops the app.
 */
@Injectable()
export class WebContributions implements OnApplicationBootstrap {
  private found?: WebContribution[];

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    this.validate();
  }

  all(): readonly WebContribution[] {
    this.found ??= this.collect();
    return this.found;
  }

  /** The navigation items for a user holding `roles`, with the current one marked for `path`. */
  navigation(roles: readonly string[], path: string): { href: string; text: string; active: boolean }[] {
    return this.all()
      .flatMap((c) => c.navigation ?? [])
      .filter((e) => e.roles.some((r) => roles.includes(r)) && !(e.unlessRoles ?? []).some((r) => roles.includes(r)))
      .map((e) => ({ href: e.href, text: e.text, active: (e.activeOn ?? [e.href]).some((p) => under(path, p)) }));
  }

  /** The modules' tasks for one role, in module order. */
  homeTasks(role: string): HomeTask[] {
    return this.all().flatMap((c) => [...(c.homeTasks?.[role] ?? [])]);
  }

  /** Every module's public pages, in module order. */
  publicPages(): PublicPage[] {
    return this.all().flatMap((c) => [...(c.publicPages ?? [])]);
  }

  validate(): void {
    const problems: string[] = [];
    const seen = new Map<string, string>();
    const once = (key: string, what: string, module: string) => {
      const other = seen.get(key);
      if (other) problems.push(`${what} is registered by ${other} and ${module}`);
      else seen.set(key, module);
    };
    for (const c of this.all()) {
      for (const e of c.navigation ?? [])
        for (const role of e.roles)
          once(`nav ${role} ${e.href}`, `the navigation link ${e.href} for ${role}`, c.module);
      for (const [role, tasks] of Object.entries(c.homeTasks ?? {}))
        for (const t of tasks) once(`task ${role} ${t.text}`, `the home task "${t.text}" of ${role}`, c.module);
      for (const p of c.publicPages ?? []) once(`public ${p.href}`, `the public page ${p.href}`, c.module);
    }
    if (problems.length) throw new WebContributionError(problems);
  }

  private collect(): WebContribution[] {
    return discoverProviders<WebContribution>(this.discovery, WEB_CONTRIBUTION);
  }
}
