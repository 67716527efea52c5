import { crawlPart } from './accessibility-crawl';

// The accessibility crawl (accessibility-crawl.ts) over evaluation's, the National Board's (with the public dashboard and open data) and workforce training's pages.
crawlPart('modules');
