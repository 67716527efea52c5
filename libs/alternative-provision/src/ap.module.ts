import { Module } from '@nestjs/common';
import { ApDemoSeeder } from './demo-seed';
import { ApDirectoryService } from './directory.service';

/** Three-tier alternative provision: the directory first (providers, quality checks, commissioned places). */
@Module({ providers: [ApDirectoryService, ApDemoSeeder], exports: [ApDirectoryService, ApDemoSeeder] })
export class AlternativeProvisionModule {}
