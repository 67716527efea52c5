import { PlatformFoundation1764288000000 } from './1764288000000-platform-foundation';
import { IdentityAndAudit1764300000000 } from './1764300000000-identity-and-audit';
import { MfaReplayGuard1764310000000 } from './1764310000000-mfa-replay-guard';
import { JobsAndNotifications1764320000000 } from './1764320000000-jobs-and-notifications';
import { WebSessions1764330000000 } from './1764330000000-web-sessions';
import { ApDirectory1764340000000 } from './1764340000000-ap-directory';
import { ApPupils1764350000000 } from './1764350000000-ap-pupils';
import { ApCases1764360000000 } from './1764360000000-ap-cases';
import { ApOversight1764370000000 } from './1764370000000-ap-oversight';
import { PrincipalContext1764380000000 } from './1764380000000-principal-context';
import { NotificationRetention1764390000000 } from './1764390000000-notification-retention';
import { PrincipalExtensions1764400000000 } from './1764400000000-principal-extensions';
import { ApPrincipalExtension1764400000001 } from './1764400000001-ap-principal-extension';

/** Every migration, in order. A new migration is added here (and only ever added). */
export const MIGRATIONS = [PlatformFoundation1764288000000, IdentityAndAudit1764300000000, MfaReplayGuard1764310000000, JobsAndNotifications1764320000000, WebSessions1764330000000, ApDirectory1764340000000, ApPupils1764350000000, ApCases1764360000000, ApOversight1764370000000, PrincipalContext1764380000000, NotificationRetention1764390000000, PrincipalExtensions1764400000000, ApPrincipalExtension1764400000001];
