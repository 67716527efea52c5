import { registerCoreMigrations } from './registry';
import { PlatformFoundation1764288000000 } from './1764288000000-platform-foundation';
import { IdentityAndAudit1764300000000 } from './1764300000000-identity-and-audit';
import { MfaReplayGuard1764310000000 } from './1764310000000-mfa-replay-guard';
import { JobsAndNotifications1764320000000 } from './1764320000000-jobs-and-notifications';
import { WebSessions1764330000000 } from './1764330000000-web-sessions';
import { NotificationRetention1764390000000 } from './1764390000000-notification-retention';
import { PrincipalExtensions1764400000000 } from './1764400000000-principal-extensions';
import { RegisteredOrganisationKinds1764410000000 } from './1764410000000-registered-organisation-kinds';
import { AgreementsConfirmedByEachLa1764425000000 } from './1764425000000-agreements-confirmed-by-each-la';
import { MembershipGrants1764430000000 } from './1764430000000-membership-grants';
import { BoardJobs1766000790000 } from './1766000790000-board-jobs';
import { OrganisationOfstedUrn1766160000000 } from './1766160000000-organisation-ofsted-urn';
import { PrincipalContextSetLocal1766170000000 } from './1766170000000-principal-context-set-local';

export * from './registry';

/** The platform's own migrations, in order. A new one is added here (and only ever added); a domain module's are registered beside it. */
export const MIGRATIONS = [
  PlatformFoundation1764288000000,
  IdentityAndAudit1764300000000,
  MfaReplayGuard1764310000000,
  JobsAndNotifications1764320000000,
  WebSessions1764330000000,
  NotificationRetention1764390000000,
  PrincipalExtensions1764400000000,
  RegisteredOrganisationKinds1764410000000,
  AgreementsConfirmedByEachLa1764425000000,
  MembershipGrants1764430000000,
  BoardJobs1766000790000,
  OrganisationOfstedUrn1766160000000,
  PrincipalContextSetLocal1766170000000,
];

registerCoreMigrations(MIGRATIONS);
