import { Controller, Get, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Policy } from '@rep-hub/auth';
import { ExceptionsService, ExceptionsView, ProgrammeReformsService } from '@rep-hub/national-domain';
import { FieldError, InvalidFieldsException } from '@rep-hub/platform';
import { WebViewInterceptor } from '@rep-hub/web-surface';
import type { Response } from 'express';

/** GOV.UK tag colours and words of the statuses the pages show. */
export const PROGRAMME_TAGS = {
  rag: {
    red: { text: 'Red', classes: 'govuk-tag--red' },
    amber: { text: 'Amber', classes: 'govuk-tag--yellow' },
    green: { text: 'Green', classes: 'govuk-tag--green' },
  },
  reform: {
    planned: { text: 'Planned', classes: 'govuk-tag--grey' },
    active: { text: 'Active', classes: 'govuk-tag--green' },
    paused: { text: 'Paused', classes: 'govuk-tag--yellow' },
    stopped: { text: 'Stopped', classes: 'govuk-tag--red' },
  },
  test: {
    planned: { text: 'Planned', classes: 'govuk-tag--grey' },
    running: { text: 'Running', classes: 'govuk-tag--blue' },
    finished: { text: 'Finished', classes: 'govuk-tag--green' },
    stopped: { text: 'Stopped', classes: 'govuk-tag--red' },
  },
} as const;

/**
 * The National Board's pages on the programme, from the partnerships' published releases (the
 * latest version of each): the exceptions with their owners' commentary by term, and the reforms
 * under test with each LA's status and the findings sent. Board members only; a GET form filters
 * the term, so the page works without JavaScript.
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('national')
export class ProgrammePagesController {
  constructor(
    private readonly exceptionsService: ExceptionsService,
    private readonly reformsService: ProgrammeReformsService,
  ) {}

  @Policy('read', 'NationalRelease')
  @Get('exceptions')
  async exceptions(@Query('period') period: unknown, @Res() res: Response) {
    let view: ExceptionsView;
    let errors: FieldError[] = [];
    try {
      view = await this.exceptionsService.exceptions(period);
    } catch (error) {
      if (!(error instanceof InvalidFieldsException)) throw error;
      // the term asked for is no term: say so, and show the newest one
      errors = error.fieldErrors;
      view = await this.exceptionsService.exceptions();
      res.status(400);
    }
    return res.render('national/exceptions.njk', {
      title: 'Exceptions across partnerships',
      view,
      errors,
      periodItems: view.periods.map((p) => ({ value: p.code, text: p.name, selected: p.code === view.period?.code })),
      tags: PROGRAMME_TAGS,
    });
  }

  @Policy('read', 'NationalRelease')
  @Get('reforms')
  async reforms(@Res() res: Response) {
    const view = await this.reformsService.reforms();
    return res.render('national/reforms.njk', {
      title: 'Reforms across the programme',
      view,
      // "Active in 3 local authorities · Paused in 1 local authority"
      statusLines: view.reforms.map((r) =>
        (Object.keys(PROGRAMME_TAGS.reform) as (keyof typeof PROGRAMME_TAGS.reform)[])
          .filter((s) => r.statusCounts[s] > 0)
          .map((s) => ({
            ...PROGRAMME_TAGS.reform[s],
            where: `in ${r.statusCounts[s]} ${r.statusCounts[s] === 1 ? 'local authority' : 'local authorities'}`,
          })),
      ),
      tags: PROGRAMME_TAGS,
    });
  }
}
