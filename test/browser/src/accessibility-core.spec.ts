import { crawlPart } from './accessibility-crawl';

// The accessibility crawl (accessibility-crawl.ts) over the core's pages (sign-in, accounts, administration, people, data sharing, subject access, the service's own pages) and any route the other parts do not name.
crawlPart('core');
