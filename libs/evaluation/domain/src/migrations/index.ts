import { registerMigrations } from '@rep-hub/platform/schema';
import { EvaluationFoundation1766000000000 } from './1766000000000-evaluation-foundation';
import { EvaluationNational1766000400000 } from './1766000400000-evaluation-national';
import { EvaluationNationalContext1766000600000 } from './1766000600000-evaluation-national-context';

/** Evaluation's migrations, in order; a new one is added here (and only ever added). */
export const EVALUATION_MIGRATIONS = [
  EvaluationFoundation1766000000000,
  EvaluationNational1766000400000,
  EvaluationNationalContext1766000600000,
];

// importing this entry (`@rep-hub/evaluation-domain/migrations`) puts them in the one global order
registerMigrations('evaluation', __dirname, EVALUATION_MIGRATIONS);
