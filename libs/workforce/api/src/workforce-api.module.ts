import { Module } from '@nestjs/common';
import { registerOpenApiTag } from '@rep-hub/platform';
import { WorkforceModule } from '@rep-hub/workforce-domain';
import { CohortsController } from './cohorts.controller';
import { CoverageController } from './coverage.controller';
import { EnrolmentsController } from './enrolments.controller';
import { ParticipantsController } from './participants.controller';
import { ProgrammesController } from './programmes.controller';
import { UploadsController } from './uploads.controller';

registerOpenApiTag(
  'workforce',
  'Workforce training: programmes (national and local), cohorts with funded places per LA, participants, enrolments with their history, and milestones declared by training providers',
);

/** Workforce training's routes of the JSON API (/api/v1/workforce/…); each app that serves the API lists it. */
@Module({
  imports: [WorkforceModule],
  controllers: [
    ProgrammesController,
    CohortsController,
    ParticipantsController,
    EnrolmentsController,
    UploadsController,
    CoverageController,
  ],
})
export class WorkforceApiModule {}
