import { Controller, Get, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Policy } from '@rep-hub/auth';
import { BoardDecisionsReceivedService } from '@rep-hub/national-domain';
import { WebViewInterceptor } from '@rep-hub/web-surface';
import type { Response } from 'express';
import { KIND_LABELS, STATUS_LABELS, STATUS_TAGS } from './decisions-forms';

/** The partnership lead's page of the National Board's decisions and actions that concern the partnership. */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('board-decisions')
export class BoardDecisionsPagesController {
  constructor(private readonly received: BoardDecisionsReceivedService) {}

  @Policy('read', 'BoardDecisionReceived')
  @Get()
  async list(@Res() res: Response) {
    const items = await this.received.list();
    return res.render('national/board-decisions.njk', {
      title: 'National Board decisions',
      actions: items.filter((d) => d.kind === 'action'),
      decisions: items.filter((d) => d.kind === 'decision'),
      labels: { kinds: KIND_LABELS, statuses: STATUS_LABELS, tags: STATUS_TAGS },
    });
  }
}
