import { Global, Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountEmails } from './account-emails.service';
import { AuthContext } from './auth-context';
import { AbilityRegistry } from './authz/ability-registry';
import { AccountSessions } from './account-sessions';
import { AuthService } from './auth.service';
import { DataSharingService } from './data-sharing.service';
import { AUTH_ENTITIES } from './entities';
import { AuthGuard } from './http/auth.guard';
import { IdentityRetention } from './identity-retention.job';
import { InviteEmailHandler, InviteReminderHandler, PasswordResetEmailHandler } from './notification.jobs';
import { OnboardingService } from './onboarding.service';
import { MembershipsService } from './people/memberships.service';
import { PrincipalExtensions } from './principal-extensions';
import { PrincipalResolver } from './principal-resolver';
import { SingleUseLinks } from './single-use-links';

/**
 * Sign-in, sessions, abilities and the global guard, and the jobs that email invites, password
 * resets and invite reminders. Imported once by each app, after AuditModule.forRoot and
 * NotificationsModule.forRoot (both global).
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature(AUTH_ENTITIES), DiscoveryModule],
  providers: [
    AbilityRegistry,
    PrincipalExtensions,
    AuthService,
    PrincipalResolver,
    AccountSessions,
    SingleUseLinks,
    AuthContext,
    DataSharingService,
    AccountEmails,
    InviteEmailHandler,
    PasswordResetEmailHandler,
    InviteReminderHandler,
    IdentityRetention,
    OnboardingService,
    MembershipsService,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [
    AbilityRegistry,
    AuthService,
    PrincipalResolver,
    AccountSessions,
    SingleUseLinks,
    AuthContext,
    DataSharingService,
    AccountEmails,
    OnboardingService,
    MembershipsService,
  ],
})
export class AuthModule {}
