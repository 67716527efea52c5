import { Module } from '@nestjs/common';
import { CaseNoticeHandler } from './case-notices.jobs';
import { CasesService } from './cases.service';
import { ApDemoSeeder } from './demo-seed';
import { ApDirectoryService } from './directory.service';
import { PupilsService } from './pupils.service';
import { ApSettingsService } from './settings.service';

const SERVICES = [ApDirectoryService, ApDemoSeeder, PupilsService, ApSettingsService, CasesService];

/** Three-tier alternative provision: the directory, pupils, each LA's practice, and cases from referral to the end of a placement. */
@Module({ providers: [...SERVICES, CaseNoticeHandler], exports: SERVICES })
export class AlternativeProvisionModule {}
