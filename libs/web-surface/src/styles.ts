import * as sass from 'sass';

let compiled: string | undefined;

/** The service's own few rules: a button that looks like a navigation link (sign out is a POST); a wide table that scrolls in its own focusable region, so the page reflows at 320 px (positioned, so the visually hidden text of its links, absolutely placed, is clipped by the region instead of widening the page). */
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
`;

/**
 * The service's stylesheet: govuk-frontend and MoJ Frontend compiled from Sass with Arial in place
 * of the GDS Transport font, which REP Hub must not load (it is not GOV.UK). MoJ configures
 * govuk-frontend's base itself, so it is compiled as a second entry and its font stack rewritten.
 * Compiled once per process, in about two seconds.
 */
export function stylesheet(): string {
  if (compiled) return compiled;
  const govuk = sass.compileString(
    `@use "pkg:govuk-frontend" as * with (
       $govuk-font-family: (arial, sans-serif),
       $govuk-include-default-font-face: false,
       $govuk-assets-path: "/assets/govuk/"
     );`,
    { importers: [new sass.NodePackageImporter()], style: 'compressed', quietDeps: true },
  ).css;
  const moj = sass
    .compileString(`@use "pkg:@ministryofjustice/frontend/moj/all" with ($moj-assets-path: "/assets/moj/");`, {
      importers: [new sass.NodePackageImporter()],
      loadPaths: [process.cwd()],
      style: 'compressed',
      quietDeps: true,
      // MoJ Frontend's own Sass deprecation warnings are not ours to fix
      logger: sass.Logger.silent,
    })
    .css.replace(/"GDS Transport",\s*/g, '');
  compiled = `${govuk}\n${moj}\n${OWN}`;
  return compiled;
}
