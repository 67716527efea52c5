import { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as nunjucks from 'nunjucks';

function findUp(start: string, relative: string): string {
  let dir = start;
  for (;;) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Cannot find ${relative} above ${start}`);
    dir = parent;
  }
}

/** Where the templates are, from source (embedded start, tests) or next to a build. */
export function viewsDir(): string {
  const here = join(__dirname, 'views');
  return existsSync(here) ? here : findUp(process.cwd(), 'libs/web-surface/src/views');
}

/**
 * Nunjucks with the govuk-frontend macros (the CSP nonce of each response is in res.locals), and
 * govuk-frontend's images and JavaScript under /assets/govuk and /assets/govuk-js.
 */
export function configureWeb(app: NestExpressApplication, options: { production: boolean }): void {
  // found on disk (not require.resolve, which a bundler rewrites)
  const govuk = findUp(process.cwd(), 'node_modules/govuk-frontend');
  const env = nunjucks.configure([viewsDir(), join(govuk, 'dist')], {
    autoescape: true,
    noCache: !options.production,
    express: app.getHttpAdapter().getInstance(),
  });
  env.addGlobal('serviceName', 'REP Hub');
  app.setViewEngine('njk');
  app.useStaticAssets(resolve(govuk, 'dist/govuk/assets'), { prefix: '/assets/govuk/', immutable: true, maxAge: '7d' });
  app.useStaticAssets(resolve(govuk, 'dist/govuk'), { prefix: '/assets/govuk-js/', index: false });
}
