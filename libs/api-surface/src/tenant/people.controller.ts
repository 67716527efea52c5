import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditService } from '@rep-hub/audit';
import { AuthContext, Policy, project, sqlScope } from '@rep-hub/auth';
import { decodeCursor, encodeCursor } from '@rep-hub/platform';
import { PageQueryDto } from './tenant.dto';
import { PersonPageDto } from '../responses/core.responses';

interface PersonRow extends Record<string, unknown> {
  id: string;
  tenantId: string;
  userId: string;
  displayName: string;
  email: string;
  role: string;
  organisationId: string;
  organisationName: string;
}

const FIELDS = ['id', 'userId', 'displayName', 'email', 'role', 'organisationId', 'organisationName'] as const;
const COLUMNS = { tenantId: 'tenant_id', id: 'id', userId: 'user_id', role: 'role', organisationId: 'organisation_id' };

/**
 * The people of the signed-in user's partnership and their roles. Field permissions choose the
 * projection (email only for the partnership lead and the data protection officer); each page
 * writes one audit row naming the people it showed.
 */
@ApiTags('people')
@ApiBearerAuth()
@Controller('api/v1/people')
export class PeopleController {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
  ) {}

  @Policy('read', 'Membership')
  @Get()
  @ApiOperation({
    summary: 'The people of your partnership and their roles (emails for the partnership lead and DPO only)',
  })
  @ApiOkResponse({
    type: PersonPageDto,
    example: {
      items: [
        {
          id: '3e4f5a6b-7c8d-4e9f-8a0b-1c2d3e4f5a6b',
          userId: '5b2d7c1e-8f3a-4c59-9d7e-2a1b3c4d5e6f',
          displayName: 'Sam Jones',
          email: 'sam.jones@leicester.gov.example',
          role: 'la_officer',
          organisationId: '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6',
          organisationName: 'Leicester',
        },
      ],
      nextCursor: null,
    },
  })
  list(@Query() query: PageQueryDto) {
    const limit = query.limit ?? 50;
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    return this.auth.inTenant(async (m) => {
      const scope = sqlScope(this.auth.ability, 'read', 'Membership', 'ms', COLUMNS);
      const params: Record<string, unknown> = { ...scope.params, tenantId: this.auth.tenantId, limit: limit + 1 };
      let keyset = '';
      if (after) {
        keyset = 'AND (u.display_name, ms.id) > (:afterName, :afterId)';
        params['afterName'] = after[0];
        params['afterId'] = after[1];
      }
      const [sql, values] = m.connection.driver.escapeQueryWithParameters(
        `SELECT ms.id, ms.tenant_id AS "tenantId", ms.user_id AS "userId", u.display_name AS "displayName", u.email,
                ms.role, ms.organisation_id AS "organisationId", o.name AS "organisationName"
           FROM memberships ms
           JOIN users u ON u.id = ms.user_id
           JOIN organisations o ON o.tenant_id = ms.tenant_id AND o.id = ms.organisation_id
          WHERE ms.tenant_id = :tenantId AND ms.status = 'active' AND u.status <> 'disabled' AND ${scope.sql} ${keyset}
          ORDER BY u.display_name, ms.id
          LIMIT :limit`,
        params,
      );
      const rows = (await m.query(sql, values)) as PersonRow[];
      const page = rows.slice(0, limit);
      const items = page.map((r) => project(this.auth.ability, 'read', 'Membership', r, FIELDS));
      await this.audit.record({
        action: 'membership.list',
        subjectType: 'User',
        subjectIds: [...new Set(page.map((r) => r.userId))],
      });
      const last = page[page.length - 1];
      return {
        items,
        nextCursor: rows.length > limit && last ? encodeCursor([last.displayName, last.id]) : null,
      };
    });
  }
}
