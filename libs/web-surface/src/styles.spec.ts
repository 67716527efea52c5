import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

type Styles = typeof import('./styles');

/** styles.ts as a new process would load it: no stylesheet compiled yet, Sass not loaded. */
function freshStyles(sassFails = false): Styles {
  let styles: Styles | undefined;
  jest.isolateModules(() => {
    if (sassFails)
      jest.doMock('sass', () => {
        throw new Error('Sass loaded again');
      });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    styles = require('./styles') as Styles;
  });
  return styles as Styles;
}

describe('the stylesheet', () => {
  afterEach(() => jest.dontMock('sass'));

  it('is the frontends in Arial and the service rules, kept compiled for the next process, which loads no Sass', () => {
    const css = freshStyles().stylesheet();
    expect(css).toContain('.govuk-button');
    expect(css).toContain('.moj-');
    expect(css).toContain('.rephub-link-button');
    expect(css).toMatch(/font-family:arial,sans-serif/i);
    expect(css).not.toContain('GDS Transport');

    const dir = join(process.cwd(), 'tmp', 'styles');
    const kept = readdirSync(dir)
      .filter((f) => /^frontends-[0-9a-f]{16}\.css$/.test(f))
      .map((f) => readFileSync(join(dir, f), 'utf8'));
    expect(kept.some((frontends) => css.startsWith(`${frontends}\n`))).toBe(true);

    // the next process reads what was kept: the same bytes, without requiring Sass
    expect(freshStyles(true).stylesheet()).toBe(css);
  });
});
