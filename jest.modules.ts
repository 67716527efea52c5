// Every test file sees the same migrations as the apps (and so builds the same template database): the platform's and every domain module's, registered by importing each
// module's migrations entry. A new module adds its line here and in apps/server/src/modules.ts.
import './apps/server/src/modules';
