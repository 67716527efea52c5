import { Controller, Get, NotFoundException, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthContext, organisationView, Policy, sqlScope } from '@rep-hub/auth';
import { problem } from '@rep-hub/platform';
import { Organisation } from '@rep-hub/tenancy';
import { decodeCursor, encodeCursor } from '@rep-hub/platform';
import { OrganisationQueryDto } from './tenant.dto';
import { OrganisationDto, OrganisationPageDto } from '../responses/core.responses';

const COLUMNS = { tenantId: 'tenant_id', id: 'id', kind: 'kind', localAuthorityId: 'local_authority_id' };

/** The organisations of the signed-in user's partnership: CASL rules compiled to SQL. */
@ApiTags('organisations')
@ApiBearerAuth()
@Controller('api/v1/organisations')
export class OrganisationsController {
  constructor(private readonly auth: AuthContext) {}

  @Policy('read', 'Organisation')
  @Get()
  @ApiOperation({ summary: "List your partnership's organisations, by name (keyset pages)" })
  @ApiOkResponse({
    type: OrganisationPageDto,
    example: {
      items: [
        {
          id: '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6',
          kind: 'local_authority',
          name: 'Manchester',
          laNumber: '352',
          gssCode: 'E08000003',
          isLead: true,
          urn: null,
          ukprn: null,
          ofstedUrn: null,
          localAuthorityId: null,
          status: 'active',
          version: 1,
        },
      ],
      nextCursor: null,
    },
  })
  list(@Query() query: OrganisationQueryDto) {
    const limit = query.limit ?? 50;
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    return this.auth.inTenant(async (m) => {
      const scope = sqlScope(this.auth.ability, 'read', 'Organisation', 'o', COLUMNS);
      const q = m
        .createQueryBuilder(Organisation, 'o')
        .where('o.tenant_id = :tenantId', { tenantId: this.auth.tenantId })
        .andWhere(scope.sql, scope.params)
        .orderBy('o.name', 'ASC')
        .addOrderBy('o.id', 'ASC')
        .take(limit + 1);
      if (query.kind) q.andWhere('o.kind = :kind', { kind: query.kind });
      if (after) q.andWhere('(o.name, o.id) > (:afterName, :afterId)', { afterName: after[0], afterId: after[1] });
      const rows = await q.getMany();
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map(organisationView),
        nextCursor: rows.length > limit && last ? encodeCursor([last.name, last.id]) : null,
      };
    });
  }

  @Policy('read', 'Organisation')
  @Get(':id')
  @ApiOperation({ summary: 'One organisation of your partnership (404 when it is not yours to see)' })
  @ApiOkResponse({
    type: OrganisationDto,
    example: {
      id: '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6',
      kind: 'school',
      name: 'Irk Valley Primary School (demo)',
      laNumber: null,
      gssCode: null,
      isLead: false,
      urn: '990101',
      ukprn: null,
      ofstedUrn: null,
      localAuthorityId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      status: 'active',
      version: 1,
    },
  })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.auth.inTenant(async (m) => {
      const scope = sqlScope(this.auth.ability, 'read', 'Organisation', 'o', COLUMNS);
      const org = await m
        .createQueryBuilder(Organisation, 'o')
        .where('o.tenant_id = :tenantId AND o.id = :id', { tenantId: this.auth.tenantId, id })
        .andWhere(scope.sql, scope.params)
        .getOne();
      if (!org) throw new NotFoundException(problem(404, 'There is no such organisation.'));
      return organisationView(org);
    });
  }
}
