import { crawlPart } from './accessibility-crawl';

// The accessibility crawl (accessibility-crawl.ts) over alternative provision's pages.
crawlPart('ap');
