import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSass } from '@rep-hub/platform';

let compiled: string | undefined;

/**
 * The service's own few rules, so that every page reflows at 320 px (WCAG 1.4.10; the accessibility
 * crawl checks it): a button that looks like a navigation link (sign out is a POST); a wide table
 * that scrolls in its own focusable region (positioned, so the visually hidden text of its links,
 * absolutely placed, is clipped by the region instead of widening the page); a select no wider than
 * its column (a long option in a filter beside its button widened the page); a long code, such as
 * a SHA-256, that breaks.
 */
const OWN = `
.rephub-link-button{background:none;border:0;padding:0;margin:0;cursor:pointer;font:inherit;color:inherit;text-decoration:underline;text-underline-offset:.1578em}
.rephub-link-button:focus{outline:3px solid transparent;color:#0b0c0c;background-color:#fd0;box-shadow:0 -2px #fd0,0 4px #0b0c0c;text-decoration:none}
.rephub-inline-form{display:inline}
.rephub-nowrap{white-space:nowrap}
.rephub-qr svg{width:200px;height:200px}
.rephub-timeout-dialog{max-width:640px;border:5px solid #0b0c0c;padding:30px}
.rephub-timeout-dialog::backdrop{background:rgba(11,12,12,.8)}
.rephub-scroll{position:relative;overflow-x:auto;max-width:100%;margin-bottom:30px}
.rephub-scroll>.govuk-table{margin-bottom:0}
.rephub-scroll:focus{outline:3px solid #fd0;outline-offset:0;box-shadow:inset 0 0 0 2px #0b0c0c}
.govuk-select{max-width:100%}
main code{overflow-wrap:anywhere}
.govuk-button-group>.govuk-form-group{max-width:100%}
`;

const GOVUK_ENTRY = `@use "pkg:govuk-frontend" as * with (
       $govuk-font-family: (arial, sans-serif),
       $govuk-include-default-font-face: false,
       $govuk-assets-path: "/assets/govuk/"
     );`;
const MOJ_ENTRY = `@use "pkg:@ministryofjustice/frontend/moj/all" with ($moj-assets-path: "/assets/moj/");`;

/**
 * The service's stylesheet: govuk-frontend and MoJ Frontend compiled from Sass with Arial in place
 * of the GDS Transport font, which REP Hub must not load (it is not GOV.UK). MoJ configures
 * govuk-frontend's base itself, so it is compiled as a second entry and its font stack rewritten.
 * Compiled once per process, at the first request, in about two seconds; outside production the
 * compiled frontends are also kept under tmp/styles/, so that the next process (a test's server,
 * `npm start` again) reads them instead of compiling and loading Sass again.
 */
export function stylesheet(): string {
  if (compiled) return compiled;
  const cache = cacheFile();
  let frontends = cache ? readCache(cache) : undefined;
  if (frontends === undefined) {
    frontends = compileFrontends();
    if (cache) writeCache(cache, frontends);
  }
  compiled = `${frontends}\n${OWN}`;
  return compiled;
}

function compileFrontends(): string {
  const sass = loadSass();
  const govuk = sass.compileString(GOVUK_ENTRY, {
    importers: [new sass.NodePackageImporter()],
    style: 'compressed',
    quietDeps: true,
  }).css;
  const moj = sass
    .compileString(MOJ_ENTRY, {
      importers: [new sass.NodePackageImporter()],
      loadPaths: [process.cwd()],
      style: 'compressed',
      quietDeps: true,
      // MoJ Frontend's own Sass deprecation warnings are not ours to fix
      logger: sass.Logger.silent,
    })
    .css.replace(/"GDS Transport",\s*/g, '');
  return `${govuk}\n${moj}`;
}

/** The packages whose Sass (or compiler) the compiled frontends depend on. */
const SASS_PACKAGES = ['sass', 'govuk-frontend', '@ministryofjustice/frontend'];

/**
 * Where this compilation is kept: a file named by a hash of the entries and of the installed
 * packages' versions and install times (a new `npm ci` compiles again). None in production (no
 * files written beside the app), nor when a package is not found under node_modules.
 */
function cacheFile(): string | undefined {
  if (process.env['NODE_ENV'] === 'production') return undefined;
  try {
    const hash = createHash('sha256').update(GOVUK_ENTRY).update(MOJ_ENTRY);
    for (const name of SASS_PACKAGES) {
      const manifest = join(process.cwd(), 'node_modules', name, 'package.json');
      const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
      hash.update(`\0${name}@${version}@${statSync(manifest).mtimeMs}`);
    }
    return join(process.cwd(), 'tmp', 'styles', `frontends-${hash.digest('hex').slice(0, 16)}.css`);
  } catch {
    return undefined;
  }
}

function readCache(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Written whole or not at all (a temporary file renamed), as processes may compile at once. */
function writeCache(file: string, css: string): void {
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, css);
    renameSync(partial, file);
  } catch {
    // a read-only or full disk: the next process compiles again
  }
}
