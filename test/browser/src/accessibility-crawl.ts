import { ROOT } from '@rep-hub/platform/testing';
import { relative } from 'node:path';
import type { Browser } from 'playwright-core';
import { CrawlFixtures } from './accessibility-fixtures';
import { attribute, HttpPage, HttpSession, signInOverHttp } from './flows';
import {
  demoSignIns,
  expectNoAxeViolations,
  launchBrowser,
  RunningServer,
  startServer,
  stopAll,
  withFailureScreenshot,
} from './harness';

/**
 * The crawl's parts, by the first segment of a route's path: one per module, each a spec file of
 * its own that test/budgets.json gives to that module (`<part>-accessibility.spec.ts`, the core's
 * `accessibility-core.spec.ts`), so that a module's pages are charged to it, and the parts run side
 * by side on different Jest workers (each worker's shared app server). Every route is in exactly
 * one part: the first whose segments name it, else the core's (which so takes a new module's pages
 * until they are named here).
 */
export const CRAWL_PARTS = {
  ap: ['ap'],
  plans: ['plans', 'inclusion-plans', 'local-partnerships'],
  evaluation: ['evaluation'],
  national: ['national', 'board-decisions', 'open-data', 'inclusion-dashboard'],
  workforce: ['workforce'],
  core: [] as string[],
};
export type CrawlPart = keyof typeof CRAWL_PARTS;

/** The part of the crawl a route (or a path) belongs to. */
export const partOf = (route: string): CrawlPart => {
  const segment = route.split(/[/?]/)[1] ?? '';
  return (Object.keys(CRAWL_PARTS) as CrawlPart[]).find((p) => CRAWL_PARTS[p].includes(segment)) ?? 'core';
};

/**
 * Every GET route of the web router (read from the routes the server maps at start, so a module's
 * new page joins by itself), asked for as each demo role and as a visitor who is not signed in:
 * the routes of one part of the crawl (CRAWL_PARTS) in each spec file that calls this.
 *
 * What differs between roles is checked over plain HTTP with each role's session cookie (no
 * browser): every route answers every role without a server error, a download comes as an
 * attachment, every page has one heading, and each item of a role's navigation opens for that
 * role. What the browser adds (axe-core finds no WCAG 2.2 A/AA violation with JavaScript on, and
 * Chromium's parser with scripting off makes one heading of the page) is checked once for each
 * distinct page template and state: the pages are grouped by the template they ended on (the
 * route of the path they ended on, or the error page for a refusal), and in each group the role
 * that sees the most of it (the most kinds of element) is visited, then any other role that sees
 * a kind of element the visited ones did not.
 *
 * Across parts: a page that ended on a route of another part (a redirect there: the sign-in page,
 * the choice of partnership) is that part's to check in the browser, where every role asks for
 * that route itself; an error page (no route of its own) is checked in the part where it was
 * met, where it shows that part's navigation item as current. A navigation item is checked by
 * the part its route belongs to, for the navigation the role is shown on its pages there and on
 * the page its sign-in ended on.
 */
export function crawlPart(part: CrawlPart): void {
  jest.setTimeout(300_000);
  describe(`every web route of the crawl's ${part} part, as every role`, () => {
    let server: RunningServer;
    let browser: Browser;
    /** Every web route of the server. */
    let allRoutes: string[];
    /** This part's. */
    let routes: string[];
    /** Each visitor's or role's web session, signed in over HTTP. */
    const sessions = new Map<string, HttpSession>();
    /** The navigation on the page each role's sign-in ended on. */
    const landingNavigation = new Map<string, string[]>();
    const params: Record<string, string> = {};
    const demo = demoSignIns();
    const firstPartnership = demo.find((s) => s.partnership)!.partnership!;
    // one user of each role: the platform roles and each tenant role of the first partnership
    const roles = [
      ...new Map(
        demo.filter((s) => !s.partnership || s.partnership === firstPartnership).map((s) => [s.role, s]),
      ).values(),
    ];

    beforeAll(async () => {
      [server, browser] = await Promise.all([startServer(), launchBrowser()]);
      const mapped = [...server.output().matchAll(/Mapped \{([^,]+), GET\} route/g)].map((m) => m[1]);
      allRoutes = [...new Set(mapped)].filter((p) => !/^\/(api|assets)(\/|$)/.test(p) && p !== '/metrics').sort();
      routes = allRoutes.filter((r) => partOf(r) === part);
      // real values for this part's route parameters (and only theirs), found or made through the API
      const fixtures = new CrawlFixtures(server.base, demo, firstPartnership);
      const names = [...new Set(routes.flatMap((r) => [...r.matchAll(/:(\w+)/g)].map((m) => m[1])))];
      const known = names.filter(CrawlFixtures.knows);
      for (const [i, value] of (await Promise.all(known.map((n) => fixtures.param(n)))).entries())
        params[known[i]] = value;
      // each role signs in once (over HTTP; its session cookie serves the browser too), in the first partnership
      sessions.set('visitor', new HttpSession(server.base));
      for (const [role, session, landing] of await Promise.all(
        roles.map(async (r) => {
          let landing: HttpPage | undefined;
          const session = await signInOverHttp(server.base, r.email, undefined, {
            ...(r.partnership ? { partnership: firstPartnership } : {}),
            landed: (page) => (landing = page),
          });
          return [r.role, session, landing] as const;
        }),
      )) {
        sessions.set(role, session);
        if (landing && landing.status < 400) landingNavigation.set(role, navigationOf(landing.body));
      }
    });
    afterAll(stopAll);

    /** Routes that send a file (downloads and templates) rather than a page. */
    const DOWNLOADS = /\/(download|template|draft\.(json|pdf)|for-sharing|pdf|xlsx|export|[\w-]+\.(csv|txt|xlsx))$/;

    const fill = (route: string) =>
      route.replace(/:(\w+)/g, (_, name: string) => {
        if (!params[name])
          throw new Error(
            `The route ${route} has a parameter :${name} with no fixture: add a resolver to accessibility-fixtures.ts`,
          );
        return params[name];
      });

    it('finds the web routes in the server’s route table, and this part’s', () => {
      expect(routes.length).toBeGreaterThan(0);
      // every segment a part names is a route's (a renamed area would go to the core's part unnoticed)
      const segments = new Set(allRoutes.map((r) => r.split('/')[1]));
      expect(CRAWL_PARTS[part].filter((s) => !segments.has(s))).toEqual([]);
      // and this spec file is charged to the part's module in test/budgets.json (a renamed file
      // would go to the core's budget unnoticed)
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { loadBudgets } = require(`${ROOT}/scripts/summary-reporter.cjs`) as {
        loadBudgets: () => { moduleOf: (path: string) => string };
      };
      const file = relative(ROOT, expect.getState().testPath!).split('\\').join('/');
      expect({ file, module: loadBudgets().moduleOf(file) }).toEqual({ file, module: part });
      expect(allRoutes).toEqual(
        expect.arrayContaining([
          '/',
          '/sign-in',
          '/account',
          '/accessibility',
          '/privacy',
          '/cookies',
          '/choose-partnership',
        ]),
      );
      expect(allRoutes.some((r) => r.startsWith('/admin'))).toBe(true);
    });

    /** Every route as every role (and the visitor), over HTTP: what each got. */
    interface Visit {
      who: string;
      route: string;
      url: string;
      page: HttpPage;
      /** How long it took to answer (for the time printed at the end). */
      ms: number;
    }
    const visits: Visit[] = [];
    const isPage = (v: Visit) => !DOWNLOADS.test(v.route);

    /** The route a path belongs to: the one matching it with the fewest parameters, else the path itself. */
    const routeOf = (path: string) => {
      const pathname = path.split('?')[0];
      const matching = allRoutes.filter((r) => new RegExp(`^${r.replace(/:\w+/g, '[^/]+')}$`).test(pathname));
      return matching.sort((a, b) => (a.match(/:/g)?.length ?? 0) - (b.match(/:/g)?.length ?? 0))[0] ?? pathname;
    };

    /** The page without its scripts and comments, as a parser with scripting off reads it. */
    const scriptless = (html: string) =>
      html.replace(/<script\b[^>]*>[\s\S]*?<\/script\s*>/gi, '').replace(/<!--[\s\S]*?-->/g, '');

    /**
     * The kinds of element a page is made of: each start tag's name with its classes, role, type
     * and the names of its aria- attributes (not its text or values). Two roles that see a page made
     * of the same kinds see the same template in the same state, whatever the rows say.
     */
    const kindsOf = (html: string) => {
      const kinds = new Set<string>();
      for (const m of scriptless(html).matchAll(/<([a-z][a-z0-9-]*)\b([^>]*)>/gi)) {
        const attrs = m[2];
        const classes = (attribute(attrs, 'class') ?? '').split(/\s+/).filter(Boolean).sort().join('.');
        const aria = [...attrs.matchAll(/\s(aria-[a-z-]+)/gi)].map((a) => a[1].toLowerCase()).sort();
        kinds.add(
          [m[1].toLowerCase(), classes, attribute(attrs, 'role') ?? '', attribute(attrs, 'type') ?? '', ...aria].join(
            '|',
          ),
        );
      }
      return kinds;
    };

    /** The links of a page's service navigation. */
    const navigationOf = (html: string) => {
      const nav = /<nav\b[^>]*govuk-service-navigation__wrapper[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
      return [...nav.matchAll(/<a\b[^>]*>/g)].map((a) => attribute(a[0], 'href')!).filter(Boolean);
    };

    it('answers every route for every role over HTTP: status, downloads, one heading, navigation that opens', async () => {
      await Promise.all(
        [...sessions].map(async ([who, session]) => {
          // one role's routes one after another, in order (a journey's pages share its session)
          for (const route of routes) {
            const url = fill(route);
            // a file is asked for as a browser would download it: its own answer, not where a redirect leads
            const began = Date.now();
            const page = await session.request(url, DOWNLOADS.test(route) ? { maxRedirects: 0 } : {});
            visits.push({ who, route, url, page, ms: Date.now() - began });
          }
        }),
      );
      expect(visits).toHaveLength(routes.length * sessions.size);
      const byWhoAndUrl = new Map(visits.map((v) => [`${v.who} ${v.url}`, v]));
      const problems: string[] = [];
      // an item of the navigation the role is shown opens for that role, where it leads (checked by
      // the part its route belongs to, which asked for it as every role)
      const checkNavigation = (at: string, who: string, href: string) => {
        const route = routeOf(href);
        if (!allRoutes.includes(route)) return problems.push(`${at}: the navigation links to ${href}, not a route`);
        if (partOf(route) !== part) return;
        const target = byWhoAndUrl.get(`${who} ${href}`);
        if (!target) problems.push(`${at}: the navigation links to ${href}, not a page of the route table`);
        // (it opens: a page, not a refusal, and not the sign-in page for someone signed in)
        else if (target.page.status !== 200 || (who !== 'visitor' && target.page.path.startsWith('/sign-in')))
          problems.push(
            `${at}: the navigation offers ${href}, which answers ${target.page.status} at ${target.page.path}`,
          );
      };
      for (const [who, hrefs] of landingNavigation)
        for (const href of hrefs) checkNavigation(`the page ${who}'s sign-in ended on`, who, href);
      for (const v of visits) {
        const at = `${v.route} as ${v.who}`;
        if (v.page.status >= 500) problems.push(`${at}: a server error (${v.page.status})`);
        if (!isPage(v)) {
          // a file, not a page: when it is sent, it is sent as an attachment
          const disposition = v.page.headers.get('content-disposition') ?? '';
          if (v.page.status === 200 && !/^attachment/.test(disposition))
            problems.push(`${at}: a file sent as "${disposition}", not as an attachment`);
          continue;
        }
        const headings = scriptless(v.page.body).match(/<h1\b/gi)?.length ?? 0;
        if (headings !== 1) problems.push(`${at} (${v.page.status}, ${v.page.path}): ${headings} h1 elements`);
        for (const href of v.page.status < 400 ? navigationOf(v.page.body) : []) checkNavigation(at, v.who, href);
      }
      // a refusal is a page of the service (its navigation, a way home), and only a signed-in role is refused
      for (const v of visits.filter((x) => isPage(x) && x.page.status >= 400 && x.page.status < 500)) {
        if (!/govuk-service-navigation/.test(v.page.body) || !/href="\/"/.test(v.page.body))
          problems.push(`${v.route} as ${v.who}: a ${v.page.status} page without the navigation or a way home`);
        if (v.who === 'visitor' && v.page.status === 403)
          problems.push(`${v.route} as a visitor: refused (403) rather than sent to sign in`);
      }
      expect([...new Set(problems)]).toEqual([]);
      // every role opened some pages (of the core's part: the home page, the account and the service's
      // own pages are everyone's) and was refused or redirected from others: the crawl saw both
      const opened = (who: string) =>
        visits.some((v) => v.who === who && v.page.status === 200 && v.page.path === v.url);
      if (part === 'core')
        for (const who of sessions.keys()) expect({ who, opened: opened(who) }).toEqual({ who, opened: true });
      else expect([...sessions.keys()].some(opened)).toBe(true);
    });

    it('checks each distinct page template and state once in the browser: axe with JavaScript, one heading without', async () => {
      expect(visits.length).toBeGreaterThan(0);
      // group by the template each page ended on: the route of its final path (an error page is one
      // template for every route), then in each group the role that sees the most kinds of element,
      // then any other that sees a kind the chosen ones did not. A page that ended on another part's
      // route is that part's (where every role asked for that route).
      const mine = (v: Visit) => isPage(v) && (v.page.status >= 400 || partOf(routeOf(v.page.path)) === part);
      const groups = new Map<string, (Visit & { kinds: Set<string> })[]>();
      for (const v of visits.filter(mine)) {
        const key = v.page.status >= 400 ? `error ${v.page.status}` : `${v.page.status} ${routeOf(v.page.path)}`;
        groups.set(key, [...(groups.get(key) ?? []), { ...v, kinds: kindsOf(v.page.body) }]);
      }
      const chosen: Visit[] = [];
      for (const members of groups.values()) {
        const covered = new Set<string>();
        const byMost = members.sort((a, b) => b.kinds.size - a.kinds.size || a.page.body.length - b.page.body.length);
        for (const m of byMost) {
          if ([...m.kinds].every((k) => covered.has(k))) continue;
          chosen.push(m);
          for (const k of m.kinds) covered.add(k);
        }
      }
      // every route a role opened is one of the templates visited
      const visitedTemplates = new Set(chosen.map((c) => routeOf(c.page.path)));
      for (const v of visits.filter((x) => mine(x) && x.page.status === 200))
        expect({ route: v.route, visited: visitedTemplates.has(routeOf(v.page.path)) }).toEqual({
          route: v.route,
          visited: true,
        });

      process.stdout.write(
        `accessibility, ${part} part: ${visits.length} pages over HTTP (${routes.length} of ${allRoutes.length} routes × ${sessions.size}), ` +
          `${chosen.length} templates and states in the browser (${groups.size} templates; ` +
          `${visits.filter((v) => isPage(v) && !mine(v)).length} pages that ended on another part's route left to it); slowest over HTTP: ` +
          [...visits]
            .sort((a, b) => b.ms - a.ms)
            .slice(0, 8)
            .map((v) => `${v.route} as ${v.who} ${v.ms} ms`)
            .join(', ') +
          '\n',
      );
      const failures: string[] = [];
      const byWho = [...new Set(chosen.map((c) => c.who))].map((who) => chosen.filter((c) => c.who === who));
      const visitAs = async (list: Visit[]) => {
        const who = list[0].who;
        // 320 CSS px wide, as at 400% zoom of a 1280 px screen (WCAG 1.4.10 reflow)
        const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
        const plainContext = await browser.newContext({ javaScriptEnabled: false });
        try {
          await sessions.get(who)!.addCookiesTo(context);
          const page = await context.newPage();
          const plain = await plainContext.newPage();
          for (const v of list) {
            const label = `${v.route} as ${who} (${v.page.status}, ${v.page.path})`;
            // without JavaScript: Chromium's parser, scripting off, makes one heading of the page as it was sent
            await plain.setContent(v.page.body, { waitUntil: 'domcontentloaded' });
            const headings = await plain.locator('h1').count();
            if (headings !== 1) failures.push(`${label}: ${headings} h1 elements with JavaScript off`);
            // with JavaScript: the page loaded and run in the browser, then axe
            await withFailureScreenshot(page, `a11y-${who}-${v.route}`, async () => {
              const response = await page.goto(`${server.base}${v.url}`, { waitUntil: 'load' });
              const status = response?.status() ?? 0;
              if (status >= 500) failures.push(`${label}: ${status} in the browser`);
              // the page reflows: only a wide table scrolls, in its own region (macros/scroll.njk), never the page
              const wide = await page.evaluate(() => {
                const width = document.documentElement.scrollWidth;
                if (width <= window.innerWidth) return null;
                // what reaches past the edge, anywhere on the page (the header's and footer's too)
                const past = Array.from(document.querySelectorAll('body *'))
                  .map((e) => ({ e, right: e.getBoundingClientRect().right }))
                  .filter(({ right }) => right > window.innerWidth)
                  .slice(0, 4)
                  .map(
                    ({ e, right }) => `${e.tagName.toLowerCase()}.${Array.from(e.classList).join('.')} to ${right} px`,
                  );
                return `${width} px wide at a ${window.innerWidth} px viewport: ${past.join(', ') || 'no element past the edge'}`;
              });
              if (wide) failures.push(`${label}: wider than 320 px (${wide})`);
              await expectNoAxeViolations(page, `${label}, in the browser at ${new URL(page.url()).pathname}`).catch(
                (e: Error) => failures.push(e.message),
              );
            });
          }
        } finally {
          await Promise.all([context.close(), plainContext.close()]);
        }
      };
      // two roles at a time, each with a page of its own
      const queue = [...byWho];
      await Promise.all(
        [0, 1].map(async () => {
          for (let next = queue.shift(); next; next = queue.shift()) await visitAs(next);
        }),
      );
      expect(failures).toEqual([]);
    });
  });
}
