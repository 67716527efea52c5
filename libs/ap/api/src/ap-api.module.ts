import { Module } from '@nestjs/common';
import { AlternativeProvisionModule } from '@rep-hub/ap-domain';
import { registerOpenApiTag } from '@rep-hub/platform';
import { ApAlertsController } from './alerts.controller';
import { ApAttendanceController } from './attendance.controller';
import { ApCasesController } from './cases.controller';
import { RetentionRulesController, SubjectAccessController } from './data-protection.controller';
import { ApDirectoryController } from './directory.controller';
import { ApMeasuresController } from './measures.controller';
import { PupilMatchesController, PupilsController } from './pupils.controller';
import { ApReviewsController } from './reviews.controller';

registerOpenApiTag(
  'alternative provision',
  'The AP directory, pupils, referrals and placements (cases), attendance, reviews, alerts and measures',
);
registerOpenApiTag('data protection', 'Subject access requests and the retention rules of AP records');

/** Alternative provision's routes of the JSON API (/api/v1/ap/…); each app that serves the API lists it. */
@Module({
  imports: [AlternativeProvisionModule],
  controllers: [
    ApDirectoryController,
    PupilsController,
    PupilMatchesController,
    ApCasesController,
    ApAttendanceController,
    ApReviewsController,
    ApMeasuresController,
    ApAlertsController,
    SubjectAccessController,
    RetentionRulesController,
  ],
})
export class ApApiModule {}
