import { Controller, Get, Optional, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { AuditService } from '@rep-hub/audit';
import { AuthContext, Policy } from '@rep-hub/auth';
import {
  exportPerson,
  personDraftPdf,
  searchPeople,
  SUBJECT_ACCESS_NOTICES,
  SubjectAccessRegistry,
} from '@rep-hub/contracts';
import { IsOptionalOrEmpty } from '@rep-hub/platform';
import { Matches, MaxLength } from 'class-validator';
import type { Response } from 'express';
import { ApiProblems } from '../openapi/api-problems';
import { PersonCandidatesDto, PersonDraftDto } from '../responses/subject-access.responses';

const LA = '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6';
const PERSON = '3a4b5c6d-7e8f-4a9b-8c0d-1e2f3a4b5c6d';
const DPO = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';

/** Search by work email, by name (part of the full name), or both. */
export class PersonQueryDto {
  @ApiPropertyOptional({
    description: 'The work email (any case)',
    maxLength: 254,
    example: 'jo.example@school.example',
  })
  @IsOptionalOrEmpty()
  @MaxLength(254, { message: 'Enter an email address like name@school.example' })
  @Matches(/^\s*[^@\s]+@[^@\s]+\s*$/, { message: 'Enter an email address like name@school.example' })
  email?: string;

  @ApiPropertyOptional({ description: 'The name, or part of it (any case)', maxLength: 200, example: 'Example' })
  @IsOptionalOrEmpty()
  @MaxLength(200, { message: 'Enter the name (2 to 200 characters)' })
  name?: string;
}

/**
 * Subject access about an adult (a member of staff, say) for the LA's data protection
 * officer: find the records that may be the requester's through every module's finder, and export
 * everything held about one of them as a draft to redact before release (the registry composes it
 * from the modules' sections). Audited. A child's records are found by the module that keeps
 * pupils (its own subject access routes).
 */
@ApiTags('subject access')
@ApiBearerAuth()
@Controller('api/v1/subject-access')
export class PersonSubjectAccessController {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
    @Optional() private readonly registry?: SubjectAccessRegistry,
  ) {}

  @Policy('read', 'PersonSubjectAccess')
  @Get('people')
  @ApiOperation({
    summary:
      'Find the records about an adult that may be the requester’s, by work email and/or name (data protection officer); audited',
    description:
      'Every LA of the partnership is searched, in every module that keeps records about adults: the records of your own LA are listed, and another LA that holds a matching record is named (the requester asks it) without showing the record.',
  })
  @ApiOkResponse({
    type: PersonCandidatesDto,
    example: {
      items: [
        {
          id: PERSON,
          laId: LA,
          laName: 'Trafford',
          fullName: 'Jo Example',
          workEmail: 'jo.example@school.example',
          description: 'A training record',
        },
      ],
      heldByOtherLas: [],
    },
  })
  @ApiProblems({
    400: {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'Check the fields named in errors.',
      errors: [{ field: 'email', message: 'Enter the work email, or the name' }],
    },
  })
  search(@Query() q: PersonQueryDto): Promise<PersonCandidatesDto> {
    return searchPeople(this.auth, this.audit, this.registry, q);
  }

  @Policy('read', 'PersonSubjectAccess')
  @Get('people/:id')
  @ApiOperation({
    summary:
      'Everything held about one adult’s record, as a DRAFT for the data protection officer to redact before release; audited',
    description:
      'The core’s envelope (the notice, who made it and when, the controller, the agreements it is shared under), each module’s sections about the person, and the audit trail of who viewed or changed the records. Another LA’s record answers 404.',
  })
  @ApiOkResponse({
    type: PersonDraftDto,
    example: {
      status: 'draft_for_redaction',
      notice: SUBJECT_ACCESS_NOTICES.person,
      generatedAt: '2026-12-01T10:00:00.000Z',
      generatedBy: { userId: DPO, name: 'Dee Protection' },
      controller: { laId: LA, name: 'Trafford' },
      sharing: [],
      auditTrail: [
        {
          at: '2026-11-03T10:00:00.000Z',
          actor: { userId: DPO, name: 'Dee Protection' },
          action: 'subject_access.search',
          subjectType: 'Person',
          records: [PERSON],
        },
      ],
    },
  })
  @ApiProblems({
    404: {
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'There is no such person’s record of your local authority in your partnership.',
    },
  })
  async export(@Param('id') id: string): Promise<PersonDraftDto> {
    return (await exportPerson(this.auth, this.audit, this.registry, id, 'json')).draft;
  }

  @Policy('read', 'PersonSubjectAccess')
  @Get('people/:id/pdf')
  @ApiOperation({
    summary:
      'The same draft as a readable PDF: a title page marked “DRAFT for redaction: not for release”, then each section by its title; audited',
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'The PDF, as an attachment',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiProblems(404)
  async pdf(@Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const body = await personDraftPdf(
      await exportPerson(this.auth, this.audit, this.registry, id, 'pdf'),
      this.registry,
    );
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="subject-access-draft-${id}.pdf"`);
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(body);
  }
}
