import { Controller, Get, Optional, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditService } from '@rep-hub/audit';
import { AuthContext, Policy } from '@rep-hub/auth';
import { readDpoAccessLog, SubjectAccessRegistry } from '@rep-hub/contracts';
import { ApiProblems } from '../openapi/api-problems';
import { AccessLogQueryDto } from './tenant.dto';
import { AccessLogPageDto } from '../responses/core.responses';

/**
 * For the data protection officer: who viewed or changed a record, or what a user viewed or
 * changed, newest first, limited to what the DPO's own LA answers for (readDpoAccessLog).
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
    @Optional() private readonly records?: SubjectAccessRegistry,
  ) {}

  @Policy('read', 'AuditEvent')
  @Get('access')
  @ApiOperation({
    summary:
      'Who viewed or changed a record (subjectId), or what a user viewed or changed (actorId), for the data protection officer; audited',
    description:
      'Limited to what your own LA answers for: another LA’s record (a pupil, a case…) answers 404; a user’s events about only other LAs’ records are left out.',
  })
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
  @ApiProblems({
    404: {
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'There is no such record of your local authority: another LA controls it and answers for it.',
    },
  })
  access(@Query() query: AccessLogQueryDto): Promise<AccessLogPageDto> {
    return readDpoAccessLog(this.auth, this.audit, this.records, {
      subjectId: query.subjectId,
      actorId: query.actorId,
      limit: query.limit,
      before: query.cursor,
    });
  }
}
