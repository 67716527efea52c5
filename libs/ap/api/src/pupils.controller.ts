import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { PUPIL_MATCH_OUTCOMES, PupilMatchesService, PupilsService } from '@rep-hub/ap-domain';
import { Policy } from '@rep-hub/auth';
import { decodeCursor, encodeCursor } from '@rep-hub/platform';
import { Allow, IsOptional, IsString, MaxLength } from 'class-validator';
import { exampleDate, PageQueryDto } from '@rep-hub/api-surface';
import {
  PupilContactDto,
  PupilDto,
  PupilMatchDecisionDto,
  PupilMatchPageDto,
  PupilPageDto,
} from './responses/pupils.responses';

const LA = '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6';
const SCHOOL = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const PUPIL = {
  id: '2f3e4d5c-6b7a-4899-8a7b-6c5d4e3f2a1b',
  laId: LA,
  settingId: null,
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

const MATCH = {
  id: '6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d',
  status: 'open',
  createdAt: '2026-11-28T09:30:00.000Z',
  kind: 'school_record',
  pupil: {
    pupilId: PUPIL.id,
    laId: LA,
    laName: 'Manchester',
    shared: true,
    recordedBy: 'Manchester',
    settingId: null,
    upn: 'H801200001001',
    givenName: 'Sam',
    familyName: 'Example',
    dateOfBirth: '2013-04-12',
    currentSchoolId: null,
    currentSchoolName: null,
  },
  other: {
    pupilId: '7b8c9d0e-1f2a-4b3c-9d4e-5f6a7b8c9d0e',
    laId: LA,
    laName: 'Manchester',
    shared: true,
    recordedBy: 'Irk Valley Primary School',
    settingId: SCHOOL,
    upn: 'H801200001001',
    givenName: 'Samuel',
    familyName: 'Example',
    dateOfBirth: '2013-04-12',
    currentSchoolId: SCHOOL,
    currentSchoolName: 'Irk Valley Primary School',
  },
};

/** `?limit=&cursor=&q=`: the pupils list, optionally searched. */
export class PupilListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Part of the pupil’s name, or their whole UPN', example: 'Example' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

/** A pupil as sent: the service checks every field (the same checks as the pages'). */
export class CreatePupilDto {
  @Allow()
  @ApiPropertyOptional({
    description:
      'Home local authority: an LA officer’s own LA (required). School staff may leave it out: it is always their school’s LA.',
    example: LA,
  })
  laId?: string;
  @Allow()
  @ApiPropertyOptional({
    description: 'Unique Pupil Number (13 characters, check letter first)',
    example: 'H801200001001',
  })
  upn?: string;
  @Allow()
  @ApiPropertyOptional({
    description: 'When the UPN is unknown: UN1–UN5 (code list upn-unknown-reasons)',
    example: 'UN2',
  })
  upnUnknownReason?: string;
  @Allow() @ApiProperty({ example: 'Sam' }) givenName: string;
  @Allow() @ApiProperty({ example: 'Example' }) familyName: string;
  @Allow() @ApiProperty({ description: 'YYYY-MM-DD', example: '2013-04-12' }) dateOfBirth: string;
  @Allow()
  @ApiPropertyOptional({
    description: 'The school on whose roll the pupil is (for school staff, their school unless given)',
    example: SCHOOL,
  })
  currentSchoolId?: string;
  @Allow()
  @ApiPropertyOptional({ description: 'E (EHC plan), K (SEN support) or N (none; the default)', example: 'E' })
  senProvision?: string;
  @Allow()
  @ApiPropertyOptional({
    description: 'SEN types, primary first (at most two)',
    example: ['SEMH', 'SLCN'],
    type: [String],
  })
  needs?: string[];
  @Allow()
  @ApiPropertyOptional({ description: 'EHC plan: the caseworker', example: 'J. Caseworker' })
  ehcCaseworker?: string;
  @Allow()
  @ApiPropertyOptional({ description: 'EHC plan: the next annual review (YYYY-MM-DD)', example: '2027-03-01' })
  ehcNextAnnualReview?: string;
  @Allow()
  @ApiPropertyOptional({ description: 'Looked after (the virtual school is told of placements)', example: false })
  lookedAfter?: boolean;
  @Allow() @ApiPropertyOptional({ example: true }) freeSchoolMeals?: boolean;
  @Allow()
  @ApiPropertyOptional({
    description:
      'child_protection_plan, child_in_need, early_help, known_to_youth_justice, missing_episodes, exploitation_risk',
    example: ['early_help'],
    type: [String],
  })
  safeguardingFlags?: string[];
  @Allow()
  @ApiPropertyOptional({
    description: 'Contacts: name, relationship, phone, email, parentalResponsibility',
    type: [PupilContactDto],
    example: [{ name: 'Alex Example', relationship: 'Parent', phone: '0161 496 0000', parentalResponsibility: true }],
  })
  contacts?: PupilContactDto[];
}

/** The officer's decision on a UPN match request. */
export class ResolvePupilMatchDto {
  @Allow()
  @ApiProperty({ description: 'same_child or different_children', enum: PUPIL_MATCH_OUTCOMES, example: 'same_child' })
  outcome: string;
}

/**
 * Pupils of alternative provision: LA officers read the pupils of their LA (and of LAs with a
 * data-sharing agreement with it); school staff record pupils and read only their school's own
 * records. Every read is audited.
 */
@ApiTags('alternative provision')
@ApiBearerAuth()
@Controller('api/v1/ap/pupils')
export class PupilsController {
  constructor(private readonly pupils: PupilsService) {}

  @Policy('create', 'Pupil')
  @Post()
  @ApiOperation({
    summary: 'Record a pupil of your LA, or (school staff) of your school',
    description:
      'LA officers record pupils of their own LA. School staff record their school’s own record of a pupil: the LA is their school’s (`laId` may be left out), `settingId` is their school and `currentSchoolId` defaults to it. ' +
      'A UPN already recorded where you can read it (your LAs; for a school, its own records) answers 409 with the existing record. A UPN held anywhere else (another LA, or for a school its LA or another school) is not revealed: the answer is the same as for a new UPN, and the holding LA’s officers are asked to match the records.',
  })
  @ApiCreatedResponse({ type: PupilDto, example: PUPIL })
  @ApiConflictResponse({
    schema: {
      example: {
        type: 'https://rephub.example/problems/409',
        title: 'Conflict',
        status: 409,
        detail: 'A pupil with this UPN is already recorded. Open that record instead.',
        existing: { id: PUPIL.id, href: `/api/v1/ap/pupils/${PUPIL.id}` },
      },
    },
  })
  @ApiBody({
    type: CreatePupilDto,
    examples: {
      withUpn: {
        summary: 'A pupil with a UPN (without one, leave upn out and give upnUnknownReason)',
        value: {
          laId: LA,
          upn: 'H801200001001',
          givenName: 'Sam',
          familyName: 'Example',
          dateOfBirth: '2013-04-12',
          senProvision: 'E',
          needs: ['SEMH', 'SLCN'],
          ehcCaseworker: 'J. Caseworker',
          ehcNextAnnualReview: exampleDate(90),
          lookedAfter: false,
          freeSchoolMeals: true,
          safeguardingFlags: ['early_help'],
          contacts: [
            { name: 'Alex Example', relationship: 'Parent', phone: '0161 496 0000', parentalResponsibility: true },
          ],
        },
      },
    },
  })
  create(@Body() body: CreatePupilDto): Promise<PupilDto> {
    return this.pupils.create(body);
  }

  @Policy('read', 'Pupil')
  @Get()
  @ApiOperation({
    summary:
      'The pupils you can read (LA officers: your LAs; school staff: your school’s records), by family name (keyset pages); the page shown is audited',
  })
  @ApiOkResponse({ type: PupilPageDto, example: { items: [PUPIL], nextCursor: null } })
  async list(@Query() query: PupilListQueryDto): Promise<PupilPageDto> {
    const page = await this.pupils.list({
      after: query.cursor ? decodeCursor(query.cursor) : null,
      limit: query.limit ?? 50,
      q: query.q,
    });
    return { items: page.items, nextCursor: page.more && page.last ? encodeCursor(page.last) : null };
  }

  @Policy('read', 'Pupil')
  @Get(':id')
  @ApiOperation({
    summary:
      'One pupil (404 when you cannot read it: not in your LAs, or for school staff not your school’s record); audited',
  })
  @ApiOkResponse({ type: PupilDto, example: PUPIL })
  get(@Param('id') id: string): Promise<PupilDto> {
    return this.pupils.get(id);
  }
}

/**
 * UPN match requests: a UPN recorded in your LA by a school, or by another LA, that your LA already
 * holds. The officers of the holding LA compare the records and decide whether they are the same
 * child; nothing about the request is shown to whoever recorded the second record.
 */
@ApiTags('alternative provision')
@ApiBearerAuth()
@Controller('api/v1/ap/pupil-matches')
export class PupilMatchesController {
  constructor(private readonly matches: PupilMatchesService) {}

  @Policy('read', 'PupilMatch')
  @Get()
  @ApiOperation({
    summary: 'The open UPN match requests of your LA, oldest first (keyset pages); the pupils shown are audited',
    description:
      'Both records are shown as far as you can read them: a record of another LA that does not share with yours shows only its LA (`shared: false`).',
  })
  @ApiOkResponse({ type: PupilMatchPageDto, example: { items: [MATCH], nextCursor: null } })
  async list(@Query() query: PageQueryDto): Promise<PupilMatchPageDto> {
    const page = await this.matches.listMatches({
      after: query.cursor ? decodeCursor(query.cursor) : null,
      limit: query.limit ?? 50,
    });
    return { items: page.items, nextCursor: page.more && page.last ? encodeCursor(page.last) : null };
  }

  @Policy('update', 'PupilMatch')
  @Post(':id/resolve')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Decide an open match request: the same child, or different children (409 when already decided); audited',
  })
  @ApiOkResponse({ type: PupilMatchDecisionDto, example: { id: MATCH.id, status: 'same_child' } })
  @ApiNotFoundResponse({ description: 'No such match request for your LA' })
  @ApiConflictResponse({
    schema: {
      example: {
        type: 'https://rephub.example/problems/409',
        title: 'Conflict',
        status: 409,
        detail: 'This match request has already been decided.',
        outcome: 'different_children',
      },
    },
  })
  resolve(@Param('id') id: string, @Body() body: ResolvePupilMatchDto): Promise<PupilMatchDecisionDto> {
    return this.matches.resolveMatch(id, body);
  }
}
