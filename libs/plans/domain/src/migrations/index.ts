import { registerMigrations } from '@rep-hub/platform/schema';
import { PlansFoundation1765000000000 } from './1765000000000-plans-foundation';
import { PlansPaperLinks1765000200000 } from './1765000200000-plans-paper-links';

/** Local partnerships' and inclusion plans' migrations, in order; a new one is added here (and only ever added). */
export const PLANS_MIGRATIONS = [PlansFoundation1765000000000, PlansPaperLinks1765000200000];

// importing this entry (`@rep-hub/plans-domain/migrations`) puts them in the one global order
registerMigrations('inclusion-plans', __dirname, PLANS_MIGRATIONS);
