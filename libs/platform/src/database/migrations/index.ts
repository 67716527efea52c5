import { PlatformFoundation1764288000000 } from './1764288000000-platform-foundation';

/** Every migration, in order. A new migration is added here (and only ever added). */
export const MIGRATIONS = [PlatformFoundation1764288000000];
