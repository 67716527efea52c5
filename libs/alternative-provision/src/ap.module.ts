import { Module } from '@nestjs/common';
import { ApDemoSeeder } from './demo-seed';
import { ApDirectoryService } from './directory.service';
import { PupilsService } from './pupils.service';

/** Three-tier alternative provision: the directory first (providers, quality checks, commissioned places). */
@Module({ providers: [ApDirectoryService, ApDemoSeeder, PupilsService], exports: [ApDirectoryService, ApDemoSeeder, PupilsService] })
export class AlternativeProvisionModule {}
