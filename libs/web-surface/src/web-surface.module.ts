import { Module } from '@nestjs/common';
import { PagesController } from './pages.controller';

/** Every page of the web app; composed by apps/web and by the embedded server. */
@Module({ controllers: [PagesController] })
export class WebSurfaceModule {}
