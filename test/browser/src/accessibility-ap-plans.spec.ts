import { crawlPart } from './accessibility-crawl';

// The accessibility crawl (accessibility-crawl.ts) over alternative provision's pages and inclusion plans' (local partnerships, plans, the published plans).
crawlPart('ap-plans');
