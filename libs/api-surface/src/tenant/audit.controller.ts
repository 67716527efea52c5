import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditService } from '@rep-hub/audit';
import { AuthContext, Policy } from '@rep-hub/auth';
import { AccessLogQueryDto } from './tenant.dto';
import { AccessLogPageDto } from '../responses/core.responses';

/** For the data protection officer: who viewed or changed a given record, newest first. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
  ) {}

  @Policy('read', 'AuditEvent')
  @Get('access')
  @ApiOperation({ summary: 'Who viewed or changed a record of your partnership (data protection officer)' })
  @ApiOkResponse({
    type: AccessLogPageDto,
    example: {
      items: [
        {
          id: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
          occurredAt: '2026-11-27T10:15:30.123456Z',
          actorId: '5b2d7c1e-8f3a-4c59-9d7e-2a1b3c4d5e6f',
          action: 'organisation.create',
          subjectType: 'Organisation',
          requestId: 'a1b2c3',
        },
      ],
      nextCursor: null,
    },
  })
  access(@Query() query: AccessLogQueryDto): Promise<AccessLogPageDto> {
    return this.auth.inTenant(async () => {
      const page = await this.audit.accessLog(query.subjectId, { limit: query.limit, before: query.cursor });
      await this.audit.record({ action: 'audit.read', subjectType: 'AuditEvent', subjectIds: [query.subjectId] });
      return page;
    });
  }
}
