import { Module } from '@nestjs/common';
import { AlternativeProvisionModule } from '@rep-hub/alternative-provision';
import { HealthModule } from '@rep-hub/platform';
import { AdminController } from './admin/admin.controller';
import { ApAlertsController } from './ap/alerts.controller';
import { ApAttendanceController } from './ap/attendance.controller';
import { ApCasesController } from './ap/cases.controller';
import { ApReviewsController } from './ap/reviews.controller';
import { RetentionRulesController, SubjectAccessController } from './ap/data-protection.controller';
import { ApDirectoryController } from './ap/directory.controller';
import { ApMeasuresController } from './ap/measures.controller';
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
  controllers: [ReferenceController, AuthController, AdminController, QueuesController, NotificationsController, OrganisationsController, PeopleController, DataSharingController, AuditController, ApDirectoryController, PupilsController, PupilMatchesController, ApCasesController, ApAttendanceController, ApReviewsController, ApMeasuresController, ApAlertsController, SubjectAccessController, RetentionRulesController],
})
export class ApiSurfaceModule {}
