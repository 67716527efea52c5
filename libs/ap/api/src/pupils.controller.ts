import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { PUPIL_MATCH_OUTCOMES, PupilMatchesService, PupilsService, SAFEGUARDING_FLAGS } from '@rep-hub/ap-domain';
import { Policy } from '@rep-hub/auth';
import {
  decodeCursor,
  encodeCursor,
  IsCheckedBy,
  IsCodeIn,
  IsFilled,
  IsRealDate,
  IsUuid,
  schoolToday,
} from '@rep-hub/platform';
import { SEN_NEED_TYPES, UPN_UNKNOWN_REASONS, validateUpn } from '@rep-hub/reference';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  Min,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { exampleDate, invalidFieldsResponse, PageQueryDto, problemResponse } from '@rep-hub/api-surface';
import { PupilDto, PupilMatchDecisionDto, PupilMatchPageDto, PupilPageDto } from './responses/pupils.responses';

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
  version: 1,
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

/** What is wrong with a UPN, as the service says it (a blank one is no UPN: the service asks for one or its reason). */
const upnProblem = (upn: unknown): string | undefined => {
  if (typeof upn !== 'string') return 'The UPN is not valid: a UPN is text of 13 characters';
  if (upn.trim() === '') return undefined;
  const checked = validateUpn(upn.trim());
  return checked.valid ? undefined : `The UPN is not valid: ${checked.errors.join('; ')}`;
};
const reasonProblem = (reason: unknown, dto: Record<string, unknown>): string | undefined =>
  typeof dto['upn'] === 'string' && dto['upn'].trim() !== '' && typeof reason === 'string' && reason.trim() !== ''
    ? 'Give a UPN or the reason it is unknown, not both'
    : undefined;
/** Born in the past, a child or young person of 0 to 25 (as the service checks). */
const birthProblem = (d: unknown): string | undefined =>
  typeof d === 'string' && (d >= schoolToday() || d <= '1995-01-01')
    ? 'The date of birth must be in the past, for a child or young person of 0 to 25'
    : undefined;
const sen = (dto: Record<string, unknown>) => (typeof dto['senProvision'] === 'string' ? dto['senProvision'] : 'N');
const needsProblem = (needs: unknown, dto: Record<string, unknown>): string | undefined =>
  Array.isArray(needs) && needs.length && sen(dto) === 'N'
    ? 'A pupil with no SEN provision has no recorded needs'
    : undefined;
const ehcProblem = (v: unknown, dto: Record<string, unknown>): string | undefined =>
  sen(dto) !== 'E' && typeof v === 'string' && v.trim() !== ''
    ? 'Only a pupil with an EHC plan (E) has a caseworker and annual review'
    : undefined;
const NEEDS = 'Needs are at most two SEN type codes, primary first, like ["SEMH", "SLCN"]';
const FLAGS = `Safeguarding flags are from: ${SAFEGUARDING_FLAGS.join(', ')}`;

/** `?limit=&cursor=&q=`: the pupils list, optionally searched. */
export class PupilListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Part of the pupil’s name, or their whole UPN', example: 'Example' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

/** One contact of a pupil, as sent. */
export class PupilContactInputDto {
  @ApiProperty({ example: 'Alex Example', maxLength: 200 })
  @IsFilled({ message: 'Enter the contact’s name' })
  @MaxLength(200, { message: 'Enter the contact’s name' })
  name: string;

  @ApiProperty({ example: 'Parent', maxLength: 100 })
  @IsFilled({ message: 'Enter the contact’s relationship to the pupil' })
  @MaxLength(100, { message: 'Enter the contact’s relationship to the pupil' })
  relationship: string;

  @ApiPropertyOptional({ example: '0161 496 0000', pattern: '^[0-9 +()-]{6,20}$' })
  @IsOptional()
  @Matches(/^[0-9 +()-]{6,20}$/, { message: 'Enter a phone number, like 0161 496 0000' })
  phone?: string;

  @ApiPropertyOptional({ format: 'email', example: 'alex@example.org' })
  @IsOptional()
  @Matches(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, { message: 'Enter an email address in the correct format' })
  email?: string;

  @ApiPropertyOptional({ description: 'Has parental responsibility (default false)', example: true })
  @IsOptional()
  @IsBoolean({ message: 'parentalResponsibility must be true or false' })
  parentalResponsibility?: boolean;
}

/**
 * A pupil as sent. The DTO checks each field's type and form; the service adds the rules between
 * fields (a UPN or its reason, needs only with SEN provision, the EHC fields only with a plan) and
 * the records it must find.
 */
export class CreatePupilDto {
  @ApiPropertyOptional({
    description:
      'Home local authority: an LA officer’s own LA (required). School staff may leave it out: it is always their school’s LA.',
    format: 'uuid',
    example: LA,
  })
  @IsOptional()
  @IsUuid({ message: 'Select the pupil’s home local authority' })
  laId?: string;

  @ApiPropertyOptional({
    description: 'Unique Pupil Number (13 characters, check letter first)',
    example: 'H801200001001',
    minLength: 13,
    maxLength: 13,
  })
  @IsOptional()
  @IsCheckedBy(upnProblem)
  upn?: string;

  @ApiPropertyOptional({
    description: `When the UPN is unknown: a code of the list upn-unknown-reasons in force (now ${UPN_UNKNOWN_REASONS.map((r) => r.code).join(', ')})`,
    example: 'UN2',
  })
  @IsOptional()
  @IsCheckedBy(reasonProblem)
  @IsCodeIn(() => UPN_UNKNOWN_REASONS.map((r) => r.code), { message: 'The reason must be one of UN1 to UN5' })
  upnUnknownReason?: string;

  @ApiProperty({ example: 'Sam', maxLength: 100 })
  @IsFilled({ message: 'Enter the pupil’s first name' })
  @MaxLength(100, { message: 'The first name must be 100 characters or fewer' })
  givenName: string;

  @ApiProperty({ example: 'Example', maxLength: 100 })
  @IsFilled({ message: 'Enter the pupil’s last name' })
  @MaxLength(100, { message: 'The last name must be 100 characters or fewer' })
  familyName: string;

  @ApiProperty({
    description: 'YYYY-MM-DD, in the past (a child or young person of 0 to 25)',
    format: 'date',
    example: '2013-04-12',
  })
  @IsRealDate({ message: 'Enter the date of birth as YYYY-MM-DD' })
  @IsCheckedBy(birthProblem)
  dateOfBirth: string;

  @ApiPropertyOptional({
    description: 'The school on whose roll the pupil is (for school staff, their school unless given)',
    format: 'uuid',
    example: SCHOOL,
  })
  @IsOptional()
  @IsUuid({ message: 'currentSchoolId must be a school of this partnership' })
  currentSchoolId?: string;

  @ApiPropertyOptional({
    description: 'E (EHC plan), K (SEN support) or N (none; the default)',
    enum: ['E', 'K', 'N'],
    example: 'E',
  })
  @IsOptional()
  @IsIn(['E', 'K', 'N'], { message: 'SEN provision must be E (EHC plan), K (SEN support) or N (none)' })
  senProvision?: string;

  @ApiPropertyOptional({
    description: `SEN types, primary first (at most two): codes of the list sen-need-types in force (now ${SEN_NEED_TYPES.map((t) => t.code).join(', ')})`,
    example: ['SEMH', 'SLCN'],
    type: [String],
    maxItems: 2,
  })
  @IsOptional()
  @IsArray({ message: NEEDS })
  @ArrayMaxSize(2, { message: NEEDS })
  @IsCodeIn(() => SEN_NEED_TYPES.map((t) => t.code), { each: true, message: NEEDS })
  @IsCheckedBy(needsProblem)
  needs?: string[];

  @ApiPropertyOptional({ description: 'EHC plan: the caseworker', example: 'J. Caseworker', maxLength: 200 })
  @IsOptional()
  @IsString({ message: 'ehcCaseworker must be text' })
  @MaxLength(200, { message: 'The caseworker must be 200 characters or fewer' })
  @IsCheckedBy(ehcProblem)
  ehcCaseworker?: string;

  @ApiPropertyOptional({
    description: 'EHC plan: the next annual review (YYYY-MM-DD)',
    format: 'date',
    example: '2027-03-01',
  })
  @IsOptional()
  @IsRealDate({ message: 'Enter the next annual review as YYYY-MM-DD' })
  ehcNextAnnualReview?: string;

  @ApiPropertyOptional({ description: 'Looked after (the virtual school is told of placements)', example: false })
  @IsOptional()
  @IsBoolean({ message: 'lookedAfter must be true or false' })
  lookedAfter?: boolean;

  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @IsBoolean({ message: 'freeSchoolMeals must be true or false' })
  freeSchoolMeals?: boolean;

  @ApiPropertyOptional({
    description: 'Safeguarding flags',
    enum: SAFEGUARDING_FLAGS,
    isArray: true,
    example: ['early_help'],
  })
  @IsOptional()
  @IsArray({ message: FLAGS })
  @IsIn(SAFEGUARDING_FLAGS, { each: true, message: FLAGS })
  safeguardingFlags?: string[];

  @ApiPropertyOptional({
    description: 'Contacts (at most 10): name, relationship, phone, email, parentalResponsibility',
    type: [PupilContactInputDto],
    maxItems: 10,
    example: [{ name: 'Alex Example', relationship: 'Parent', phone: '0161 496 0000', parentalResponsibility: true }],
  })
  @IsOptional()
  @IsArray({ message: 'contacts is a list of at most 10 people' })
  @ArrayMaxSize(10, { message: 'contacts is a list of at most 10 people' })
  @ValidateNested({ each: true })
  @Type(() => PupilContactInputDto)
  contacts?: PupilContactInputDto[];
}

/**
 * A change to a pupil's record: only the fields sent change, with the record's `version`. Each
 * field is checked for its type and form here; the rules between fields (a UPN or its reason,
 * needs only with SEN provision, the EHC fields only with a plan) are checked by the service on
 * the record as it would be after the change. The home LA cannot be changed.
 */
export class UpdatePupilDto {
  @ApiProperty({
    description: 'The version of the record you are changing (from the pupil as read): 409 if it has changed since',
    example: 1,
    minimum: 1,
  })
  @IsInt({ message: 'version must be the version of the record you are changing, a whole number' })
  @Min(1, { message: 'version must be the version of the record you are changing, a whole number' })
  version: number;

  @ApiPropertyOptional({
    description: 'Unique Pupil Number (replaces the reason it was unknown)',
    example: 'H801200001001',
    minLength: 13,
    maxLength: 13,
  })
  @IsOptional()
  @IsCheckedBy(upnProblem)
  upn?: string;

  @ApiPropertyOptional({
    description: `Why the UPN is unknown (replaces the UPN): now ${UPN_UNKNOWN_REASONS.map((r) => r.code).join(', ')}`,
    example: 'UN2',
  })
  @IsOptional()
  @IsCheckedBy(reasonProblem)
  @IsCodeIn(() => UPN_UNKNOWN_REASONS.map((r) => r.code), { message: 'The reason must be one of UN1 to UN5' })
  upnUnknownReason?: string;

  @ApiPropertyOptional({ example: 'Samantha', maxLength: 100 })
  @IsOptional()
  @IsFilled({ message: 'Enter the pupil’s first name' })
  @MaxLength(100, { message: 'The first name must be 100 characters or fewer' })
  givenName?: string;

  @ApiPropertyOptional({ example: 'Example', maxLength: 100 })
  @IsOptional()
  @IsFilled({ message: 'Enter the pupil’s last name' })
  @MaxLength(100, { message: 'The last name must be 100 characters or fewer' })
  familyName?: string;

  @ApiPropertyOptional({
    description: 'YYYY-MM-DD, in the past (a child or young person of 0 to 25)',
    format: 'date',
    example: '2013-04-12',
  })
  @IsOptional()
  @IsRealDate({ message: 'Enter the date of birth as YYYY-MM-DD' })
  @IsCheckedBy(birthProblem)
  dateOfBirth?: string;

  @ApiPropertyOptional({ description: 'The school on whose roll the pupil is', format: 'uuid', example: SCHOOL })
  @IsOptional()
  @IsUuid({ message: 'currentSchoolId must be a school of this partnership' })
  currentSchoolId?: string;

  @ApiPropertyOptional({
    description:
      'E (EHC plan), K (SEN support) or N (none); without E the EHC plan’s details go, without E or K the needs go',
    enum: ['E', 'K', 'N'],
    example: 'K',
  })
  @IsOptional()
  @IsIn(['E', 'K', 'N'], { message: 'SEN provision must be E (EHC plan), K (SEN support) or N (none)' })
  senProvision?: string;

  @ApiPropertyOptional({
    description: 'SEN types, primary first (at most two)',
    example: ['SEMH'],
    type: [String],
    maxItems: 2,
  })
  @IsOptional()
  @IsArray({ message: NEEDS })
  @ArrayMaxSize(2, { message: NEEDS })
  @IsCodeIn(() => SEN_NEED_TYPES.map((t) => t.code), { each: true, message: NEEDS })
  needs?: string[];

  @ApiPropertyOptional({ description: 'EHC plan: the caseworker', example: 'J. Caseworker', maxLength: 200 })
  @IsOptional()
  @IsString({ message: 'ehcCaseworker must be text' })
  @MaxLength(200, { message: 'The caseworker must be 200 characters or fewer' })
  ehcCaseworker?: string;

  @ApiPropertyOptional({
    description: 'EHC plan: the next annual review (YYYY-MM-DD)',
    format: 'date',
    example: '2027-03-01',
  })
  @IsOptional()
  @IsRealDate({ message: 'Enter the next annual review as YYYY-MM-DD' })
  ehcNextAnnualReview?: string;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @IsBoolean({ message: 'lookedAfter must be true or false' })
  lookedAfter?: boolean;

  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @IsBoolean({ message: 'freeSchoolMeals must be true or false' })
  freeSchoolMeals?: boolean;

  @ApiPropertyOptional({
    description: 'Safeguarding flags (the whole list)',
    enum: SAFEGUARDING_FLAGS,
    isArray: true,
    example: ['early_help'],
  })
  @IsOptional()
  @IsArray({ message: FLAGS })
  @IsIn(SAFEGUARDING_FLAGS, { each: true, message: FLAGS })
  safeguardingFlags?: string[];

  @ApiPropertyOptional({
    description: 'Contacts (the whole list, at most 10)',
    type: [PupilContactInputDto],
    maxItems: 10,
    example: [{ name: 'Alex Example', relationship: 'Parent', phone: '0161 496 0000', parentalResponsibility: true }],
  })
  @IsOptional()
  @IsArray({ message: 'contacts is a list of at most 10 people' })
  @ArrayMaxSize(10, { message: 'contacts is a list of at most 10 people' })
  @ValidateNested({ each: true })
  @Type(() => PupilContactInputDto)
  contacts?: PupilContactInputDto[];
}

/** The officer's decision on a UPN match request. */
export class ResolvePupilMatchDto {
  @ApiProperty({ description: 'same_child or different_children', enum: PUPIL_MATCH_OUTCOMES, example: 'same_child' })
  @IsIn(PUPIL_MATCH_OUTCOMES, { message: 'Select whether the two records are of the same child' })
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

  @Policy('read', 'Pupil')
  @Patch(':id')
  @ApiOperation({
    summary: 'Change a pupil’s record (the home LA’s officers; a school its own records); audited',
    description:
      'Send the record’s `version` and only the fields that change; the record after the change is checked as a new one is (a UPN or its reason, needs only with SEN provision, the EHC plan’s details only with a plan). ' +
      'A UPN replaces the reason it was unknown and the other way round; SEN provision other than E drops the EHC plan’s details, and N drops the needs. The home LA cannot be changed. ' +
      '409 when the record has changed since that version (read it again), or when the UPN is already recorded where you can read it; 403 for a record you can read but not change (a sharing LA’s officer); 404 for one you cannot read.',
  })
  @ApiBody({
    type: UpdatePupilDto,
    examples: {
      name: { summary: 'Correct the first name', value: { version: 1, givenName: 'Samantha' } },
      support: {
        summary: 'From an EHC plan to SEN support',
        value: { version: 1, senProvision: 'K', needs: ['SEMH'] },
      },
    },
  })
  @ApiOkResponse({ type: PupilDto, example: { ...PUPIL, givenName: 'Samantha', version: 2 } })
  @ApiBadRequestResponse(
    invalidFieldsResponse({
      field: 'version',
      message: 'version must be the version of the record you are changing, a whole number',
    }),
  )
  @ApiForbiddenResponse(
    problemResponse(
      403,
      'Only the pupil’s home local authority, or the school that recorded the pupil, can change this record.',
    ),
  )
  @ApiConflictResponse(
    problemResponse(
      409,
      'This pupil’s record has been changed since you opened it. Open it again to see the changes.',
      {
        currentVersion: 2,
      },
    ),
  )
  update(@Param('id') id: string, @Body() body: UpdatePupilDto): Promise<PupilDto> {
    return this.pupils.update(id, body);
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
