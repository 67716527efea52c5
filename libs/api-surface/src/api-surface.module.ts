import { Module } from '@nestjs/common';
import { AlternativeProvisionModule } from '@rep-hub/alternative-provision';
import { HealthModule } from '@rep-hub/platform';
import { AdminController } from './admin/admin.controller';
import { ApCasesController } from './ap/cases.controller';
import { ApDirectoryController } from './ap/directory.controller';
import { PupilMatchesController, PupilsController } from './ap/pupils.controller';
import { NotificationsController } from './admin/notifications.controller';
import { QueuesController } from './admin/queues.controller';
import { AuthController } from './auth/auth.controller';
import { ReferenceController } from './reference.controller';
import { AuditController } from './tenant/audit.controller';
import { DataSharingController } from './tenant/data-sharing.controller';
import { OrganisationsController } from './tenant/organisations.controller';
import { PeopleController } from './tenant/people.controller';

/**
 * Every route of the JSON API (/api); composed by apps/api and by the embedded server, which
 * also import PlatformModule, AuditModule.forRoot, TenancyModule and AuthModule.
 */
@Module({
  imports: [HealthModule, AlternativeProvisionModule],
  controllers: [ReferenceController, AuthController, AdminController, QueuesController, NotificationsController, OrganisationsController, PeopleController, DataSharingController, AuditController, ApDirectoryController, PupilsController, PupilMatchesController, ApCasesController],
})
export class ApiSurfaceModule {}
