import { Module } from '@nestjs/common';
import { NationalModule } from '@rep-hub/national-domain';
import { WebSurfaceModule } from '@rep-hub/web-surface';
import { NationalComparePagesController } from './compare-pages.controller';
import { NationalWebContribution } from './national-web';

/** The National Board's pages (/national/…) and the lead's board decisions; each app that serves pages lists it. */
@Module({
  imports: [NationalModule, WebSurfaceModule],
  controllers: [NationalComparePagesController],
  providers: [NationalWebContribution],
})
export class NationalWebModule {}
