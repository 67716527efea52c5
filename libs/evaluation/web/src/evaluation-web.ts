import { Injectable } from '@nestjs/common';
import { join } from 'node:path';
import { HomeTask, NavEntry, WebContribution, WebPages } from '@rep-hub/web-surface';

/** What evaluation adds to the web app's layout: navigation and home tasks. */
@Injectable()
@WebPages()
export class EvaluationWebContribution implements WebContribution {
  readonly module = 'evaluation';

  /** Its templates (views/evaluation/…), beside this file in the source and in a bundle's views folder. */
  readonly views = join(__dirname, 'views');

  readonly navigation: readonly NavEntry[] = [];

  readonly homeTasks: Readonly<Record<string, readonly HomeTask[]>> = {};
}
