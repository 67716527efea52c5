import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '@rep-hub/api-surface';
import { Policy } from '@rep-hub/auth';
import {
  LocalPartnershipMeetingsService,
  LocalPartnershipMembersService,
  LocalPartnershipsService,
} from '@rep-hub/plans-domain';
import {
  AttendanceBodyDto,
  CreateLocalPartnershipDto,
  DecisionBodyDto,
  MeetingBodyDto,
  MemberBodyDto,
  PaperBodyDto,
  RepresentativeBodyDto,
  UpdateLocalPartnershipDto,
  UpdateMeetingDto,
  UpdateMemberDto,
  UpdateRepresentativeDto,
} from './local-partnerships.dto';
import {
  DecisionDto,
  DECISION_EXAMPLE,
  EX,
  LocalPartnershipDto,
  LocalPartnershipListDto,
  LP_EXAMPLE,
  MeetingDto,
  MEETING_EXAMPLE,
  MemberDto,
  MEMBER_EXAMPLE,
  PaperDto,
  PAPER_EXAMPLE,
  RepresentativeDto,
  REPRESENTATIVE_EXAMPLE,
} from './responses/local-partnerships.responses';

/**
 * Local SEND and AP partnerships, one per LA: members and representatives, meetings (attendance,
 * papers, decisions) and terms of reference. Every member reads; the lead changes every LA's, an
 * LA's officers and admins their own LA's (403 otherwise).
 */
@ApiTags('inclusion plans')
@ApiBearerAuth()
@Controller('api/v1/local-partnerships')
export class LocalPartnershipsController {
  constructor(
    private readonly lps: LocalPartnershipsService,
    private readonly members: LocalPartnershipMembersService,
    private readonly meetings: LocalPartnershipMeetingsService,
  ) {}

  @Policy('read', 'LocalPartnership')
  @Get()
  @ApiOperation({ summary: "The partnership's local partnerships, one per LA, by LA name" })
  @ApiOkResponse({
    type: LocalPartnershipListDto,
    example: {
      items: [
        {
          id: EX.lp,
          laId: EX.la,
          laName: 'Manchester',
          name: LP_EXAMPLE.name,
          memberCount: 7,
          nextMeetingOn: '2027-01-14',
          version: 3,
        },
      ],
    },
  })
  async list(): Promise<LocalPartnershipListDto> {
    return { items: await this.lps.list() };
  }

  @Policy('create', 'LocalPartnership')
  @Post()
  @ApiOperation({
    summary: 'Set up the local partnership of an LA (the lead, or the LA’s officers); 409 when it has one',
  })
  @ApiBody({
    type: CreateLocalPartnershipDto,
    examples: {
      la: { summary: 'An LA’s local partnership', value: { laId: EX.la, name: 'Manchester SEND and AP partnership' } },
    },
  })
  @ApiCreatedResponse({
    type: LocalPartnershipDto,
    example: { ...LP_EXAMPLE, members: [], meetings: [], termsOfReference: '', termsUpdatedAt: null, version: 1 },
  })
  @ApiProblems(409)
  create(@Body() body: CreateLocalPartnershipDto): Promise<LocalPartnershipDto> {
    return this.lps.create(body);
  }

  @Policy('read', 'LocalPartnership')
  @Get(':id')
  @ApiOperation({
    summary: 'One local partnership: its members with their representatives, its meetings and terms of reference',
  })
  @ApiOkResponse({ type: LocalPartnershipDto, example: LP_EXAMPLE })
  get(@Param('id') id: string): Promise<LocalPartnershipDto> {
    return this.lps.get(id);
  }

  @Policy('update', 'LocalPartnership')
  @Put(':id')
  @ApiOperation({ summary: 'Rename it and/or replace its terms of reference (safe formatting subset); 409 when stale' })
  @ApiBody({
    type: UpdateLocalPartnershipDto,
    examples: {
      terms: {
        summary: 'New terms of reference',
        value: {
          termsOfReference: 'The partnership agrees the local inclusion plan.\n\nIt meets each half term.',
          version: 1,
        },
      },
    },
  })
  @ApiOkResponse({ type: LocalPartnershipDto, example: LP_EXAMPLE })
  @ApiProblems(409)
  update(@Param('id') id: string, @Body() body: UpdateLocalPartnershipDto): Promise<LocalPartnershipDto> {
    return this.lps.update(id, body);
  }

  @Policy('update', 'LocalPartnership')
  @Post(':id/members')
  @ApiOperation({ summary: 'Add a member organisation (a REP Hub organisation of this partnership, or named only)' })
  @ApiBody({
    type: MemberBodyDto,
    examples: {
      icb: {
        summary: 'An ICB not in REP Hub',
        value: { kind: 'icb', name: 'NHS Greater Manchester ICB', joinedOn: '2026-09-01' },
      },
    },
  })
  @ApiCreatedResponse({ type: MemberDto, example: { ...MEMBER_EXAMPLE, representatives: [] } })
  addMember(@Param('id') id: string, @Body() body: MemberBodyDto): Promise<MemberDto> {
    return this.members.addMember(id, body);
  }

  @Policy('update', 'LocalPartnership')
  @Put(':id/members/:memberId')
  @ApiOperation({ summary: 'Change a member organisation (a member leaves by its leftOn date); 409 when stale' })
  @ApiBody({
    type: UpdateMemberDto,
    examples: {
      leaves: {
        summary: 'The member leaves',
        value: {
          kind: 'icb',
          name: 'NHS Greater Manchester ICB',
          joinedOn: '2026-09-01',
          leftOn: '2027-08-31',
          version: 1,
        },
      },
    },
  })
  @ApiOkResponse({ type: MemberDto, example: { ...MEMBER_EXAMPLE, leftOn: '2027-08-31', version: 2 } })
  @ApiProblems(409)
  updateMember(
    @Param('id') id: string,
    @Param('memberId') memberId: string,
    @Body() body: UpdateMemberDto,
  ): Promise<MemberDto> {
    return this.members.updateMember(memberId, body, id);
  }

  @Policy('update', 'LocalPartnership')
  @Post(':id/members/:memberId/representatives')
  @ApiOperation({
    summary: 'Add a representative of a member organisation (name, role, work email, optionally their REP Hub user)',
  })
  @ApiBody({
    type: RepresentativeBodyDto,
    examples: {
      rep: {
        summary: 'A representative',
        value: {
          fullName: 'Sam Okafor',
          roleTitle: 'Head of SEND',
          email: 'sam.okafor@example.gov.uk',
          fromOn: '2026-09-01',
        },
      },
    },
  })
  @ApiCreatedResponse({ type: RepresentativeDto, example: REPRESENTATIVE_EXAMPLE })
  addRepresentative(
    @Param('id') id: string,
    @Param('memberId') memberId: string,
    @Body() body: RepresentativeBodyDto,
  ): Promise<RepresentativeDto> {
    return this.members.addRepresentative(memberId, body, id);
  }

  @Policy('update', 'LocalPartnership')
  @Put(':id/representatives/:representativeId')
  @ApiOperation({ summary: 'Change a representative (toOn when they stop); 409 when stale' })
  @ApiBody({
    type: UpdateRepresentativeDto,
    examples: {
      stops: {
        summary: 'They stop representing the member',
        value: {
          fullName: 'Sam Okafor',
          roleTitle: 'Head of SEND',
          email: 'sam.okafor@example.gov.uk',
          fromOn: '2026-09-01',
          toOn: '2027-07-31',
          version: 1,
        },
      },
    },
  })
  @ApiOkResponse({ type: RepresentativeDto, example: { ...REPRESENTATIVE_EXAMPLE, toOn: '2027-07-31', version: 2 } })
  @ApiProblems(409)
  updateRepresentative(
    @Param('id') id: string,
    @Param('representativeId') representativeId: string,
    @Body() body: UpdateRepresentativeDto,
  ): Promise<RepresentativeDto> {
    return this.members.updateRepresentative(representativeId, body, id);
  }

  @Policy('create', 'LocalPartnershipMeeting')
  @Post(':id/meetings')
  @ApiOperation({ summary: 'Add a meeting (planned, held or cancelled)' })
  @ApiBody({
    type: MeetingBodyDto,
    examples: {
      planned: {
        summary: 'A planned meeting',
        value: { title: 'Spring partnership board', heldOn: '2027-03-11', status: 'planned' },
      },
    },
  })
  @ApiCreatedResponse({
    type: MeetingDto,
    example: { ...MEETING_EXAMPLE, attendance: [], papers: [], decisions: [], status: 'planned', version: 1 },
  })
  createMeeting(@Param('id') id: string, @Body() body: MeetingBodyDto): Promise<MeetingDto> {
    return this.meetings.createMeeting(id, body);
  }

  @Policy('read', 'LocalPartnershipMeeting')
  @Get(':id/meetings/:meetingId')
  @ApiOperation({ summary: 'One meeting with its attendance, papers and decisions' })
  @ApiOkResponse({ type: MeetingDto, example: MEETING_EXAMPLE })
  getMeeting(@Param('id') id: string, @Param('meetingId') meetingId: string): Promise<MeetingDto> {
    return this.meetings.getMeeting(meetingId, id);
  }

  @Policy('update', 'LocalPartnershipMeeting')
  @Put(':id/meetings/:meetingId')
  @ApiOperation({ summary: 'Change a meeting (its title, date, status, notes); 409 when stale' })
  @ApiBody({
    type: UpdateMeetingDto,
    examples: {
      cancelled: {
        summary: 'The meeting is cancelled',
        value: { title: 'Spring partnership board', heldOn: '2027-03-11', status: 'cancelled', version: 1 },
      },
    },
  })
  @ApiOkResponse({ type: MeetingDto, example: MEETING_EXAMPLE })
  @ApiProblems(409)
  updateMeeting(
    @Param('id') id: string,
    @Param('meetingId') meetingId: string,
    @Body() body: UpdateMeetingDto,
  ): Promise<MeetingDto> {
    return this.meetings.updateMeeting(meetingId, body, id);
  }

  @Policy('update', 'LocalPartnershipMeeting')
  @Put(':id/meetings/:meetingId/attendance')
  @ApiOperation({
    summary: 'Record each representative’s attendance (replaces what was recorded); 409 when stale or cancelled',
  })
  @ApiBody({
    type: AttendanceBodyDto,
    examples: {
      one: {
        summary: 'One representative attended',
        value: { entries: [{ representativeId: EX.rep, attendance: 'attended' }], version: 1 },
      },
    },
  })
  @ApiOkResponse({ type: MeetingDto, example: MEETING_EXAMPLE })
  @ApiProblems(409)
  setAttendance(
    @Param('id') id: string,
    @Param('meetingId') meetingId: string,
    @Body() body: AttendanceBodyDto,
  ): Promise<MeetingDto> {
    return this.meetings.setAttendance(meetingId, body, id);
  }

  @Policy('update', 'LocalPartnershipMeeting')
  @Post(':id/meetings/:meetingId/papers')
  @ApiOperation({ summary: 'Add a paper to a meeting: a title and an https link, or a summary' })
  @ApiBody({
    type: PaperBodyDto,
    examples: {
      link: {
        summary: 'A linked paper',
        value: { title: 'Sufficiency review 2026', url: 'https://example.gov.uk/papers/sufficiency-2026.pdf' },
      },
    },
  })
  @ApiCreatedResponse({ type: PaperDto, example: PAPER_EXAMPLE })
  addPaper(
    @Param('id') id: string,
    @Param('meetingId') meetingId: string,
    @Body() body: PaperBodyDto,
  ): Promise<PaperDto> {
    return this.meetings.addPaper(meetingId, body, id);
  }

  @Policy('update', 'LocalPartnershipMeeting')
  @Post(':id/meetings/:meetingId/decisions')
  @ApiOperation({ summary: 'Record a decision of a meeting, with the member that owns it and a due date' })
  @ApiBody({
    type: DecisionBodyDto,
    examples: {
      decision: {
        summary: 'A decision',
        value: { decision: 'Commission ten more tier 2 places from September.', dueOn: '2027-03-31' },
      },
    },
  })
  @ApiCreatedResponse({
    type: DecisionDto,
    example: { ...DECISION_EXAMPLE, ownerMemberId: null, ownerMemberName: null },
  })
  addDecision(
    @Param('id') id: string,
    @Param('meetingId') meetingId: string,
    @Body() body: DecisionBodyDto,
  ): Promise<DecisionDto> {
    return this.meetings.addDecision(meetingId, body, id);
  }
}
