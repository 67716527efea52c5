import 'reflect-metadata';
import './modules';
import { runMigrations } from '@rep-hub/platform';

/** `npm run db:migrate`: the platform's migrations and every domain module's, in one order (see modules.ts). */
runMigrations();
