import { crawlPart } from './accessibility-crawl';

// The accessibility crawl (accessibility-crawl.ts) over the National Board's pages (with the board's decisions, the public dashboard and open data).
crawlPart('national');
