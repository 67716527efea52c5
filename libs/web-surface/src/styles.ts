import * as sass from 'sass';

let compiled: string | undefined;

/**
 * The service's stylesheet: govuk-frontend (and MoJ Frontend when pages use it) compiled from Sass
 * with Arial in place of the GDS Transport font, which REP Hub must not load (it is not GOV.UK).
 * Compiled once per process, in under a second.
 */
export function stylesheet(): string {
  compiled ??= sass.compileString(
    `@use "pkg:govuk-frontend" as * with (
       $govuk-font-family: (arial, sans-serif),
       $govuk-include-default-font-face: false,
       $govuk-assets-path: "/assets/govuk/"
     );`,
    { importers: [new sass.NodePackageImporter()], style: 'compressed', quietDeps: true },
  ).css;
  return compiled;
}
