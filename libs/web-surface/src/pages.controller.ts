import { Controller, Get, Header, Inject, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { APP_CONFIG, AppConfig, Public } from '@rep-hub/platform';
import { stylesheet } from './styles';

/** The public pages of the web app. Signed-in pages arrive with the identity and web issues. */
@ApiExcludeController()
@Controller()
export class PagesController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Public()
  @Get('assets/application.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  css(): string {
    return stylesheet();
  }

  @Public()
  @Get('assets/init.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  init(): string {
    return "import { initAll } from '/assets/govuk-js/govuk-frontend.min.js';\ninitAll();\n";
  }

  @Public()
  @Get()
  @Render('pages/home.njk')
  home() {
    return { demo: this.config.mode === 'embedded' };
  }
}
