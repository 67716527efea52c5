import { Injectable } from '@nestjs/common';
import { join } from 'node:path';
import { HomeTask, NavEntry, WebContribution, WebPages } from '@rep-hub/web-surface';

/** What the National Board's module adds to the web app's layout: navigation and home tasks. */
@Injectable()
@WebPages()
export class NationalWebContribution implements WebContribution {
  readonly module = 'national';

  /** Its templates (views/national/…), beside this file in the source and in a bundle's views folder. */
  readonly views = join(__dirname, 'views');

  readonly navigation: readonly NavEntry[] = [];

  readonly homeTasks: Readonly<Record<string, readonly HomeTask[]>> = {};
}
