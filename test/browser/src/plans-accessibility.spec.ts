import { crawlPart } from './accessibility-crawl';

// The accessibility crawl (accessibility-crawl.ts) over inclusion plans' pages (plans, local partnerships, the published plans).
crawlPart('plans');
