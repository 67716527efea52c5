import { crawlPart } from './accessibility-crawl';

// The accessibility crawl (accessibility-crawl.ts) over evaluation's pages.
crawlPart('evaluation');
