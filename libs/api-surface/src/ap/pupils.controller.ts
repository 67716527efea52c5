import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { PupilsService } from '@rep-hub/alternative-provision';
import { Policy } from '@rep-hub/auth';
import { decodeCursor, encodeCursor } from '@rep-hub/platform';
import { Allow } from 'class-validator';
import { PageQueryDto } from '../paging.dto';

const LA = '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6';
const PUPIL = {
  id: '2f3e4d5c-6b7a-4899-8a7b-6c5d4e3f2a1b',
  laId: LA,
  upn: 'H801200001001',
  upnUnknownReason: null,
  givenName: 'Sam',
  familyName: 'Example',
  dateOfBirth: '2013-04-12',
  currentSchoolId: null,
  senProvision: 'E',
  needs: ['SEMH', 'SLCN'],
  ehcPlan: { caseworker: 'J. Caseworker', nextAnnualReview: '2027-03-01' },
  lookedAfter: false,
  freeSchoolMeals: true,
  safeguardingFlags: ['early_help'],
  contacts: [{ name: 'Alex Example', relationship: 'Parent', phone: '0161 496 0000', parentalResponsibility: true }],
};

/** A pupil as sent: the service checks every field (the same checks as the pages'). */
export class CreatePupilDto {
  @Allow() @ApiProperty({ description: 'Home local authority (your own)', example: LA }) laId: string;
  @Allow() @ApiPropertyOptional({ description: 'Unique Pupil Number (13 characters, check letter first)', example: 'H801200001001' }) upn?: string;
  @Allow() @ApiPropertyOptional({ description: 'When the UPN is unknown: UN1–UN5 (code list upn-unknown-reasons)', example: 'UN2' }) upnUnknownReason?: string;
  @Allow() @ApiProperty({ example: 'Sam' }) givenName: string;
  @Allow() @ApiProperty({ example: 'Example' }) familyName: string;
  @Allow() @ApiProperty({ description: 'YYYY-MM-DD', example: '2013-04-12' }) dateOfBirth: string;
  @Allow() @ApiPropertyOptional({ description: 'The school on whose roll the pupil is', example: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' }) currentSchoolId?: string;
  @Allow() @ApiPropertyOptional({ description: 'E (EHC plan), K (SEN support) or N (none; the default)', example: 'E' }) senProvision?: string;
  @Allow() @ApiPropertyOptional({ description: 'SEN types, primary first (at most two)', example: ['SEMH', 'SLCN'], type: [String] }) needs?: string[];
  @Allow() @ApiPropertyOptional({ description: 'EHC plan: the caseworker', example: 'J. Caseworker' }) ehcCaseworker?: string;
  @Allow() @ApiPropertyOptional({ description: 'EHC plan: the next annual review (YYYY-MM-DD)', example: '2027-03-01' }) ehcNextAnnualReview?: string;
  @Allow() @ApiPropertyOptional({ description: 'Looked after (the virtual school is told of placements)', example: false }) lookedAfter?: boolean;
  @Allow() @ApiPropertyOptional({ example: true }) freeSchoolMeals?: boolean;
  @Allow() @ApiPropertyOptional({ description: 'child_protection_plan, child_in_need, early_help, known_to_youth_justice, missing_episodes, exploitation_risk', example: ['early_help'], type: [String] }) safeguardingFlags?: string[];
  @Allow()
  @ApiPropertyOptional({ description: 'Contacts: name, relationship, phone, email, parentalResponsibility', example: [{ name: 'Alex Example', relationship: 'Parent', phone: '0161 496 0000', parentalResponsibility: true }] })
  contacts?: unknown[];
}

/**
 * Pupils of alternative provision: LA officers of the pupil's home LA (and of LAs with a
 * data-sharing agreement with it) only. Every read is audited.
 */
@ApiTags('alternative provision')
@ApiBearerAuth()
@Controller('api/v1/ap/pupils')
export class PupilsController {
  constructor(private readonly pupils: PupilsService) {}

  @Policy('create', 'Pupil')
  @Post()
  @ApiOperation({
    summary: 'Record a pupil of your LA',
    description:
      'A UPN already recorded in your LAs answers 409 with the existing record. A UPN held only by another LA is not revealed: the answer is the same as for a new UPN, and that LA’s officers are asked to match the records.',
  })
  @ApiCreatedResponse({ schema: { example: PUPIL } })
  @ApiConflictResponse({ schema: { example: { type: 'https://rephub.example/problems/409', title: 'Conflict', status: 409, detail: 'A pupil with this UPN is already recorded. Open that record instead.', existing: { id: PUPIL.id, href: `/api/v1/ap/pupils/${PUPIL.id}` } } } })
  create(@Body() body: CreatePupilDto) {
    return this.pupils.create(body);
  }

  @Policy('read', 'Pupil')
  @Get()
  @ApiOperation({ summary: 'The pupils of your LAs, by family name (keyset pages); the page shown is audited' })
  @ApiOkResponse({ schema: { example: { items: [PUPIL], nextCursor: null } } })
  async list(@Query() query: PageQueryDto) {
    const page = await this.pupils.list({ after: query.cursor ? decodeCursor(query.cursor) : null, limit: query.limit ?? 50 });
    return { items: page.items, nextCursor: page.more && page.last ? encodeCursor(page.last) : null };
  }

  @Policy('read', 'Pupil')
  @Get(':id')
  @ApiOperation({ summary: 'One pupil (404 when not in your LAs); audited' })
  @ApiOkResponse({ schema: { example: PUPIL } })
  get(@Param('id') id: string) {
    return this.pupils.get(id);
  }
}
