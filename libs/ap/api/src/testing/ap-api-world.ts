import { ApiWorld } from '@rep-hub/api-surface/testing';
import { ApApiModule } from '../ap-api.module';

/** The API with alternative provision's routes, for this module's suites. */
export const startApiWorld = (options: Omit<Parameters<typeof ApiWorld.start>[0] & object, 'modules'> = {}) => ApiWorld.start({ ...options, modules: [ApApiModule] });
