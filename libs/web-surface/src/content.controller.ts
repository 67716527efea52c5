import { Controller, Get, Inject, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { APP_CONFIG, AppConfig, Public } from '@rep-hub/platform';

/** The public content pages linked from the footer: accessibility statement, privacy notice, cookies. */
@ApiExcludeController()
@Controller()
export class ContentController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Public()
  @Get('accessibility')
  @Render('content/accessibility.njk')
  accessibility() {
    return { demo: this.config.mode === 'embedded' };
  }

  @Public()
  @Get('privacy')
  @Render('content/privacy.njk')
  privacy() {
    return { demo: this.config.mode === 'embedded' };
  }

  @Public()
  @Get('cookies')
  @Render('content/cookies.njk')
  cookies() {
    return { demo: this.config.mode === 'embedded' };
  }
}
