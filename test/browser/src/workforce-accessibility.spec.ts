import { crawlPart } from './accessibility-crawl';

// The accessibility crawl (accessibility-crawl.ts) over workforce training's pages.
crawlPart('workforce');
