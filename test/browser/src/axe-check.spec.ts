import type { Browser } from 'playwright-core';
import { expectNoAxeViolations, launchBrowser, newPage, stopAll } from './harness';

/**
 * The check every browser test relies on: expectNoAxeViolations() runs axe as the harness sets it
 * up (in the page, violations only) and fails on a page that has violations, with JavaScript on
 * and off, naming each one; and passes a page that has none.
 */
describe('the accessibility check', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(stopAll);

  const page = (body: string) =>
    `<!DOCTYPE html><html lang="en"><head><title>A page</title></head><body><main><h1>A page</h1>${body}</main></body></html>`;

  it.each([
    ['on', true],
    ['off', false],
  ])('fails on violations and passes a clean page, with JavaScript %s', async (_label, javaScript) => {
    const tab = await newPage(browser, { javaScript });
    await tab.route('http://rephub.test/**', (route) =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: route.request().url().endsWith('/bad')
          ? page('<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><form><input type="text" name="name"></form>')
          : page('<p>Nothing wrong here.</p>'),
      }),
    );
    await tab.goto('http://rephub.test/bad');
    const error = await expectNoAxeViolations(tab, 'the bad page').then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/accessibility violation\(s\) on the bad page/);
    expect(error?.message).toMatch(/image-alt/);
    expect(error?.message).toMatch(/label/);
    await tab.goto('http://rephub.test/good');
    await expectNoAxeViolations(tab, 'the good page');
  });
});
