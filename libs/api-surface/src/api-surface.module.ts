import { Module } from '@nestjs/common';
import { HealthModule } from '@rep-hub/platform';
import { ReferenceController } from './reference.controller';

/** Every route of the JSON API (/api); composed by apps/api and by the embedded server. */
@Module({ imports: [HealthModule], controllers: [ReferenceController] })
export class ApiSurfaceModule {}
