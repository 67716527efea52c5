import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditService } from '@rep-hub/audit';
import { AuthContext, Policy } from '@rep-hub/auth';
import {
  isNotificationTemplate,
  NotificationRecord,
  NotificationService,
  renderNotification,
  UnitOfWork,
} from '@rep-hub/platform';
import { NotificationQueryDto } from './admin.dto';
import { NotificationPageDto } from '../responses/core.responses';

const view = (n: NotificationRecord) => {
  const outbox = n.provider === 'outbox' && n.personalisation !== null;
  const rendered =
    outbox && isNotificationTemplate(n.template) ? renderNotification(n.template, n.personalisation!) : null;
  return {
    id: n.id,
    template: n.template,
    email: n.email,
    provider: n.provider,
    status: n.status,
    createdAt: n.createdAt,
    // what would have been sent: only for the development outbox (Notify's messages keep no personalisation here)
    personalisation: outbox ? n.personalisation : null,
    subject: rendered?.subject ?? null,
    body: rendered?.body ?? null,
  };
};

/**
 * The emails sent (newest first). Where NOTIFY_API_KEY is not set this is the development outbox:
 * what would have been sent, with its personalisation and rendered text. Platform admin only; the
 * page shown names staff email addresses, so it writes one audit row naming the notifications shown.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/notifications')
export class NotificationsController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly notifications: NotificationService,
    private readonly context: AuthContext,
    private readonly audit: AuditService,
  ) {}

  @Policy('manage', 'Platform')
  @Get()
  @ApiOperation({
    summary:
      'The emails sent, newest first (the development outbox shows what would have been sent); the page shown is audited',
  })
  @ApiOkResponse({
    type: NotificationPageDto,
    example: {
      items: [
        {
          id: '6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d',
          template: 'invite',
          email: 'sam.jones@leicester.gov.example',
          provider: 'outbox',
          status: 'sent',
          createdAt: '2026-11-27T10:00:00.000Z',
          personalisation: {
            service_name: 'REP Hub',
            link: 'http://localhost:3000/invites/Zq7c3o8Hk2mN1pV4sT6wY9xA0bC5dE7fG2hJ4kL6mN8',
            expires_on: '4 December 2026',
            role_description: '',
          },
          subject: 'Create your password for REP Hub',
          body: 'You have been invited to use REP Hub, …\n\nTo start using it, create your password before 4 December 2026:\n\nhttp://localhost:3000/invites/Zq7c3o8Hk2mN1pV4sT6wY9xA0bC5dE7fG2hJ4kL6mN8\n\n…',
        },
      ],
      nextCursor: null,
    },
  })
  list(@Query() query: NotificationQueryDto) {
    const limit = query.limit ?? 50;
    return this.uow.forPlatform(this.context.principal.userId, async () => {
      const rows = await this.notifications.list({ limit: limit + 1, before: query.cursor });
      const page = rows.slice(0, limit);
      await this.audit.record({
        action: 'notification.list',
        subjectType: 'Notification',
        subjectIds: page.map((n) => n.id),
      });
      return { items: page.map(view), nextCursor: rows.length > limit ? page[page.length - 1].id : null };
    });
  }
}
