// Every test file sees the same migrations as the apps (and so builds the same template database): the platform's and every domain module's, registered by importing each
// module's migrations entry. A new module adds its line here and in apps/server/src/modules.ts.
import './apps/server/src/modules';
// The modules' demo accounts, listed with the core's (DemoSeeder.signIns()) in the browser tests' crawl and the server's banner checks.
import '@rep-hub/ap-domain/demo-accounts';
import '@rep-hub/workforce-domain/demo-accounts';
