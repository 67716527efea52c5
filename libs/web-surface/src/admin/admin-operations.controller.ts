import { Controller, Get, Param, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AuditService } from '@rep-hub/audit';
import { AuthContext, Policy } from '@rep-hub/auth';
import {
  isNotificationTemplate,
  NotificationRecord,
  NotificationService,
  QueueHealth,
  QueueName,
  renderNotification,
  UnitOfWork,
} from '@rep-hub/platform';
import type { Response } from 'express';
import { saveSession, WebRequest } from '../session/web-session';
import { WebViewInterceptor } from '../web-view';
import { formatDateTime, isUuid, statusTag } from './admin-view';

const EMAILS_PER_PAGE = 25;

/** The job states, in words (BullMQ's in server mode, the outbox's in the embedded mode). */
const STATE_LABELS: Record<string, string> = {
  pending: 'Waiting',
  waiting: 'Waiting',
  prioritized: 'Prioritised',
  'waiting-children': 'Waiting for other jobs',
  delayed: 'Delayed',
  running: 'Running',
  active: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  // outbox rows relayed longer than OUTBOX_RELAY_AGAIN_AFTER_MS ago and not done: relayed again
  stuck: 'Not done in time',
};

const sentence = (code: string) => {
  const words = code.replace(/[_-]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** An email as the admin reads it: what was sent, and (for the development outbox) its text. */
function emailView(n: NotificationRecord) {
  const outbox = n.provider === 'outbox' && n.personalisation !== null;
  const rendered =
    outbox && isNotificationTemplate(n.template) ? renderNotification(n.template, n.personalisation!) : null;
  return {
    id: n.id,
    to: n.email,
    template: sentence(n.template),
    status: statusTag(n.status),
    created: formatDateTime(n.createdAt),
    provider: n.provider,
    subject: rendered?.subject ?? null,
    paragraphs: rendered ? rendered.body.split(/\n{2,}/) : [],
  };
}

/**
 * The platform admin's operations pages: background jobs (counts, failed jobs, retry) and the
 * emails sent. Every route needs `manage Platform`.
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('admin')
export class AdminOperationsController {
  constructor(
    private readonly health: QueueHealth,
    private readonly notifications: NotificationService,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly context: AuthContext,
  ) {}

  @Policy('manage', 'Platform')
  @Get('queues')
  async queues(@Res() res: Response) {
    const counts = await this.health.counts();
    const states = [...new Set(counts.flatMap((q) => Object.keys(q.counts)))];
    const failed = [];
    for (const q of counts) {
      if (!(q.counts['failed'] > 0)) continue;
      const jobs = await this.health.failed(q.queue);
      failed.push({
        queue: q.queue,
        label: sentence(q.queue),
        jobs: jobs.map((j) => ({
          ...j,
          failedAtText: formatDateTime(j.failedAt),
          retryAction: `/admin/queues/${encodeURIComponent(q.queue)}/failed/${encodeURIComponent(j.id)}/retry`,
        })),
      });
    }
    return res.render('admin/queues.njk', {
      title: 'Background jobs',
      backend:
        this.health.backend === 'bullmq'
          ? 'BullMQ queues in Redis'
          : 'In this process, from the job outbox in PostgreSQL',
      states: states.map((s) => ({ code: s, label: STATE_LABELS[s] ?? sentence(s) })),
      queues: counts.map((q) => ({ queue: q.queue, label: sentence(q.queue), counts: q.counts })),
      failed,
    });
  }

  @Policy('manage', 'Platform')
  @Post('queues/:queue/failed/:jobId/retry')
  async retry(
    @Param('queue') queue: string,
    @Param('jobId') jobId: string,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    await this.health.retry(queue as QueueName, jobId);
    req.session.flash = { heading: 'The job will run again', text: `Job ${jobId} in the ${queue} queue.` };
    await saveSession(req);
    return res.redirect(303, '/admin/queues');
  }

  /** The emails sent, newest first; the page shown names staff email addresses, so it is audited. */
  @Policy('manage', 'Platform')
  @Get('emails')
  async emails(@Query('before') before: unknown, @Res() res: Response) {
    const cursor = isUuid(before) ? before : undefined;
    if (before !== undefined && !cursor) return res.redirect(303, '/admin/emails');
    const { page, nextCursor } = await this.uow.forPlatform(this.context.principal.userId, async () => {
      const rows = await this.notifications.list({ limit: EMAILS_PER_PAGE + 1, before: cursor });
      const page = rows.slice(0, EMAILS_PER_PAGE);
      await this.audit.record({
        action: 'notification.list',
        subjectType: 'Notification',
        subjectIds: page.map((n) => n.id),
      });
      return { page, nextCursor: rows.length > EMAILS_PER_PAGE ? page[page.length - 1].id : null };
    });
    return res.render('admin/emails.njk', {
      title: 'Emails sent',
      emails: page.map(emailView),
      nextHref: nextCursor ? `/admin/emails?before=${nextCursor}` : null,
      firstPage: !cursor,
    });
  }
}
