// `npm run routes`: every route of the API and the web app, with its policy and the file and line
// of its handler, read from the modules' metadata (nothing is started: no database, no Redis).
// `npm run routes -- --json` prints the same as JSON.
import 'reflect-metadata';
import { ApiSurfaceModule } from '@rep-hub/api-surface';
import { controllersOf, RouteInfo, routesOf } from '@rep-hub/auth';
import { HealthModule } from '@rep-hub/platform';
import { WebSurfaceModule } from '@rep-hub/web-surface';
import { DOMAIN_API_MODULES, DOMAIN_WEB_MODULES } from '../apps/server/src/domain-modules';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..');

/** Every TypeScript source file of the libs and apps (specs aside). */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sources(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Where each handler is written: the controller's file and the line of its method. */
function locate(routes: RouteInfo[]): Map<RouteInfo, string> {
  const files = [...sources(join(ROOT, 'libs')), ...sources(join(ROOT, 'apps'))].map((path) => ({
    path,
    lines: readFileSync(path, 'utf8').split('\n'),
  }));
  const out = new Map<RouteInfo, string>();
  for (const r of routes) {
    for (const f of files) {
      const at = f.lines.findIndex((l) => new RegExp(`^export class ${r.controller}\\b`).test(l));
      if (at < 0) continue;
      const method = f.lines.findIndex((l, i) => i > at && new RegExp(`^  (async )?${r.handler}\\(`).test(l));
      out.set(r, `${relative(ROOT, f.path)}:${(method < 0 ? at : method) + 1}`);
      break;
    }
  }
  return out;
}

const routes = routesOf(
  controllersOf([ApiSurfaceModule, ...DOMAIN_API_MODULES, WebSurfaceModule, ...DOMAIN_WEB_MODULES, HealthModule]),
);
const where = locate(routes);
const policy = (r: RouteInfo) => (r.isPublic ? 'PUBLIC' : r.policy ? `${r.policy.action} ${r.policy.subject}` : 'NONE');
if (process.argv.includes('--json')) {
  const json = routes.map((r) => ({
    method: r.method,
    path: r.path,
    policy: policy(r),
    handler: `${r.controller}.${r.handler}`,
    source: where.get(r) ?? null,
  }));
  process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
} else {
  for (const r of routes) {
    process.stdout.write(
      `${r.method.padEnd(6)} ${r.path.padEnd(56)} ${policy(r).padEnd(28)} ${`${r.controller}.${r.handler}`.padEnd(48)} ${where.get(r) ?? '?'}\n`,
    );
  }
  process.stdout.write(`${routes.length} routes\n`);
}
