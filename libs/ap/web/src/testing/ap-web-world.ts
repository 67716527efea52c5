import { WebWorld } from '@rep-hub/web-surface/testing';
import { ApWebModule } from '../ap-web.module';

/** The web app with alternative provision's pages, for this module's suites. */
export const startWebWorld = () => WebWorld.start({ modules: [ApWebModule] });
