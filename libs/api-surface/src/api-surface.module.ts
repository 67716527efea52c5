import { Module } from '@nestjs/common';
import { HealthModule, registerOpenApiTag } from '@rep-hub/platform';
import { AdminController } from './admin/admin.controller';
import { AdminPeopleController } from './admin/admin-people.controller';
import { NotificationsController } from './admin/notifications.controller';
import { QueueProbesController, QueuesController } from './admin/queues.controller';
import { AuthController } from './auth/auth.controller';
import { ReferenceController } from './reference.controller';
import { AuditController } from './tenant/audit.controller';
import { DataSharingController } from './tenant/data-sharing.controller';
import { OrganisationsController } from './tenant/organisations.controller';
import { PeopleController } from './tenant/people.controller';
import { PersonSubjectAccessController } from './tenant/subject-access.controller';

registerOpenApiTag('auth', 'Sign-in, tokens, two-step sign-in (TOTP), invites and password resets');
registerOpenApiTag(
  'admin',
  'The platform admin’s: partnerships, organisations, users, memberships, queues and the outbox',
);
registerOpenApiTag('organisations', 'The organisations of your partnership');
registerOpenApiTag('people', 'The people of your partnership and their roles');
registerOpenApiTag('data sharing', 'Data-sharing agreements between the local authorities of your partnership');
registerOpenApiTag('audit', 'Your partnership’s audit trail');
registerOpenApiTag(
  'subject access',
  'Subject access requests about adults, through every module that keeps records about them (a child’s are the module’s that keeps pupils)',
);
registerOpenApiTag('reference', 'National code lists and checks of codes (UPN, URN, UKPRN…)');

/**
 * The core routes of the JSON API (/api): sign-in, the platform admin's, the partnership's people,
 * organisations, agreements and audit. Composed by apps/api and by the embedded server, which
 * also import PlatformModule, AuditModule.forRoot, TenancyModule, AuthModule and each domain
 * module's API module (libs/<domain>/api).
 */
@Module({
  imports: [HealthModule],
  controllers: [
    ReferenceController,
    AuthController,
    AdminController,
    AdminPeopleController,
    QueuesController,
    QueueProbesController,
    NotificationsController,
    OrganisationsController,
    PeopleController,
    DataSharingController,
    AuditController,
    PersonSubjectAccessController,
  ],
})
export class ApiSurfaceModule {}
