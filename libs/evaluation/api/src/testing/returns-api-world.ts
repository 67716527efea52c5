import { ApiWorld } from '@rep-hub/api-surface/testing';
import { ReturnsTestingModule } from '@rep-hub/evaluation-domain/testing';
import { EvaluationApiModule } from '../evaluation-api.module';

/**
 * The API with evaluation's routes, a module's fake indicator and the recording publisher, for the
 * returns' suites (until the module's shared world serves them).
 */
export const startReturnsApiWorld = () => ApiWorld.start({ modules: [EvaluationApiModule, ReturnsTestingModule] });
