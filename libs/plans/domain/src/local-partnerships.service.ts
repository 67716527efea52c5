import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { subject } from '@casl/ability';
import { AuditService } from '@rep-hub/audit';
import { AuthContext } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, problem, schoolToday } from '@rep-hub/platform';
import { EntityManager } from 'typeorm';
import {
  assertVersion,
  codeOf,
  EMAIL,
  HTTPS_LINK,
  optionalDate,
  optionalId,
  optionalText,
  requiredDate,
  requiredText,
  UUID,
  versionOf,
} from './local-input';
import {
  ATTENDANCE_VALUES,
  Attendance,
  AttendanceView,
  DecisionView,
  LocalPartnershipDetail,
  LocalPartnershipSummary,
  MEETING_STATUSES,
  MeetingDetail,
  MeetingStatus,
  MeetingSummary,
  MemberView,
  PaperView,
  RepresentativeView,
} from './local-partnerships.model';
import { checkSafeText } from './safe-text';
import { MEMBER_KINDS, MemberKind } from './themes';

const KIND_CODES = MEMBER_KINDS.map((k) => k.code) as MemberKind[];
const D = (col: string) => `to_char(${col}, 'YYYY-MM-DD')`;
const TS = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

interface LpRow {
  id: string;
  la_id: string;
  la_name: string;
  name: string;
  terms_of_reference: string;
  terms_updated_at: string | null;
  version: number;
}

/**
 * Local SEND and AP partnerships, one per LA of the partnership: member organisations (by kind, in
 * REP Hub or named only) and their representatives, meetings with attendance, papers and
 * decisions, and the terms of reference (a document in the safe formatting subset). Every member
 * of the partnership reads them; the lead keeps every LA's, an LA's officers and admins their own.
 * Each change checks the record's `version` under a row lock (409 when stale) and writes its
 * audit row in the same transaction.
 */
@Injectable()
export class LocalPartnershipsService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
  ) {}

  // ---- reading ----

  list(today = schoolToday()): Promise<LocalPartnershipSummary[]> {
    this.requireRead();
    return this.auth.inTenant(async (m) => {
      const rows = (await m.query(
        `SELECT lp.id, lp.la_id, o.name AS la_name, lp.name, lp.version,
                (SELECT count(*)::int FROM local_partnership_members mb
                  WHERE mb.tenant_id = lp.tenant_id AND mb.local_partnership_id = lp.id AND (mb.left_on IS NULL OR mb.left_on >= $2::date)) AS member_count,
                (SELECT ${D('min(mt.held_on)')} FROM local_partnership_meetings mt
                  WHERE mt.tenant_id = lp.tenant_id AND mt.local_partnership_id = lp.id AND mt.status = 'planned' AND mt.held_on >= $2::date) AS next_meeting_on
           FROM local_partnerships lp JOIN organisations o ON o.tenant_id = lp.tenant_id AND o.id = lp.la_id
          WHERE lp.tenant_id = $1 ORDER BY o.name, lp.id`,
        [this.auth.tenantId, today],
      )) as {
        id: string;
        la_id: string;
        la_name: string;
        name: string;
        version: number;
        member_count: number;
        next_meeting_on: string | null;
      }[];
      return rows.map((r) => ({
        id: r.id,
        laId: r.la_id,
        laName: r.la_name,
        name: r.name,
        memberCount: r.member_count,
        nextMeetingOn: r.next_meeting_on,
        version: r.version,
      }));
    });
  }

  get(id: string, today = schoolToday()): Promise<LocalPartnershipDetail> {
    this.requireRead();
    if (!UUID.test(id)) throw this.notFound();
    return this.auth.inTenant(async (m) => {
      const lp = await this.findLp(m, id, false);
      return this.detail(m, lp, today);
    });
  }

  /** The local partnership of an LA, or null when it has none yet. */
  getByLa(laId: string, today = schoolToday()): Promise<LocalPartnershipDetail | null> {
    this.requireRead();
    if (!UUID.test(laId)) return Promise.resolve(null);
    return this.auth.inTenant(async (m) => {
      const [row] = (await m.query(`SELECT id FROM local_partnerships WHERE tenant_id = $1 AND la_id = $2`, [
        this.auth.tenantId,
        laId,
      ])) as { id: string }[];
      if (!row) return null;
      return this.detail(m, await this.findLp(m, row.id, false), today);
    });
  }

  /** One meeting; with `lpId`, 404 unless it is that local partnership's. */
  getMeeting(meetingId: string, lpId?: string): Promise<MeetingDetail> {
    this.requireRead();
    if (!UUID.test(meetingId)) throw this.meetingNotFound();
    return this.auth.inTenant(async (m) => {
      const { meeting, lp } = await this.findMeeting(m, meetingId, false, lpId);
      return this.meetingDetail(m, meeting, lp);
    });
  }

  /** The LAs of the partnership that have no local partnership yet and that the caller may create one for. */
  async lasWithout(): Promise<{ id: string; name: string }[]> {
    this.requireRead();
    const las = await this.auth.inTenant(
      (m) =>
        m.query(
          `SELECT o.id, o.name FROM organisations o
            WHERE o.tenant_id = $1 AND o.kind = 'local_authority'
              AND NOT EXISTS (SELECT 1 FROM local_partnerships lp WHERE lp.tenant_id = o.tenant_id AND lp.la_id = o.id)
            ORDER BY o.name, o.id`,
          [this.auth.tenantId],
        ) as Promise<{ id: string; name: string }[]>,
    );
    return las.filter((la) => this.may('create', la.id));
  }

  /** The organisations of the partnership a member may be linked to, by name. */
  organisations(): Promise<{ id: string; name: string }[]> {
    this.requireRead();
    return this.auth.inTenant(
      (m) =>
        m.query(`SELECT id, name FROM organisations WHERE tenant_id = $1 ORDER BY name, id`, [
          this.auth.tenantId,
        ]) as Promise<{ id: string; name: string }[]>,
    );
  }

  /** The local partnership a member organisation belongs to. 404 when the member is not in this partnership. */
  memberPartnership(memberId: string, today = schoolToday()): Promise<LocalPartnershipDetail> {
    this.requireRead();
    if (!UUID.test(memberId)) throw this.memberNotFound();
    return this.auth.inTenant(async (m) => {
      const member = await this.findMember(m, memberId);
      return this.detail(m, await this.findLp(m, member.local_partnership_id, false), today);
    });
  }

  /** Whether the caller may change the local partnership of this LA (its members, meetings, terms). */
  may(action: 'create' | 'update', laId: string): boolean {
    return this.auth.ability.can(action, subject('LocalPartnership', { tenantId: this.auth.tenantId, laId }) as never);
  }

  // ---- the partnership itself ----

  async create(input: { laId?: unknown; name?: unknown }): Promise<LocalPartnershipDetail> {
    this.requireRole('create');
    const errors: FieldError[] = [];
    const laId = typeof input.laId === 'string' && UUID.test(input.laId) ? input.laId.toLowerCase() : undefined;
    if (!laId) errors.push({ field: 'laId', message: 'Select the local authority' });
    const name = requiredText(input.name, 'name', 200, 'Enter the name of the local partnership', 'The name', errors);
    if (errors.length) throw new InvalidFieldsException(errors);
    if (!this.may('create', laId!))
      throw new ForbiddenException(
        problem(403, 'You can set up the local partnership of your own local authority only.'),
      );
    return this.auth.inTenant(async (m) => {
      const [la] = (await m.query(`SELECT kind FROM organisations WHERE tenant_id = $1 AND id = $2`, [
        this.auth.tenantId,
        laId,
      ])) as { kind: string }[];
      if (la?.kind !== 'local_authority')
        throw new InvalidFieldsException([
          { field: 'laId', message: 'laId must be a local authority of this partnership' },
        ]);
      const [row] = (await m.query(
        `INSERT INTO local_partnerships (tenant_id, la_id, name) VALUES ($1, $2, $3)
         ON CONFLICT (tenant_id, la_id) DO NOTHING RETURNING id`,
        [this.auth.tenantId, laId, name],
      )) as { id: string }[];
      if (!row)
        throw new ConflictException(
          problem(409, 'This local authority has a local partnership already: open it to change it.'),
        );
      await this.audit.record({
        action: 'plans.local_partnership.create',
        subjectType: 'LocalPartnership',
        subjectIds: [row.id],
        laId: laId!,
      });
      return this.detail(m, await this.findLp(m, row.id, false), schoolToday());
    });
  }

  /** Renames the partnership and/or replaces its terms of reference (safe formatting subset). */
  async update(
    id: string,
    input: { name?: unknown; termsOfReference?: unknown; version?: unknown },
  ): Promise<LocalPartnershipDetail> {
    this.requireRole('update');
    if (!UUID.test(id)) throw this.notFound();
    const errors: FieldError[] = [];
    const name =
      input.name === undefined
        ? undefined
        : requiredText(input.name, 'name', 200, 'Enter the name of the local partnership', 'The name', errors);
    let terms: string | undefined;
    if (input.termsOfReference !== undefined) {
      terms = optionalText(input.termsOfReference, 'termsOfReference', 50_000, 'The terms of reference', errors);
      if (terms !== undefined)
        for (const p of checkSafeText(terms))
          errors.push({ field: 'termsOfReference', message: `Line ${p.line}: ${p.message}` });
    }
    const version = versionOf(input.version, errors);
    if (errors.length) throw new InvalidFieldsException(errors.slice(0, 20));
    return this.auth.inTenant(async (m) => {
      const lp = await this.findLp(m, id, true);
      this.assertMay(lp.la_id);
      assertVersion('local partnership', lp.version, version!);
      await m.query(
        `UPDATE local_partnerships SET name = coalesce($3, name),
                terms_of_reference = coalesce($4, terms_of_reference),
                terms_updated_at = CASE WHEN $4::text IS NULL THEN terms_updated_at ELSE now() END,
                terms_updated_by = CASE WHEN $4::text IS NULL THEN terms_updated_by ELSE $5::uuid END,
                updated_at = now(), version = version + 1
          WHERE tenant_id = $1 AND id = $2`,
        [this.auth.tenantId, id, name ?? null, terms ?? null, this.auth.principal.userId],
      );
      await this.audit.record({
        action: 'plans.local_partnership.update',
        subjectType: 'LocalPartnership',
        subjectIds: [id],
        laId: lp.la_id,
        details: { name: name !== undefined, termsOfReference: terms !== undefined },
      });
      return this.detail(m, await this.findLp(m, id, false), schoolToday());
    });
  }

  // ---- members ----

  async addMember(
    lpId: string,
    input: { kind?: unknown; name?: unknown; organisationId?: unknown; joinedOn?: unknown; leftOn?: unknown },
  ): Promise<MemberView> {
    this.requireRole('update');
    if (!UUID.test(lpId)) throw this.notFound();
    const v = this.memberInput(input);
    return this.auth.inTenant(async (m) => {
      const lp = await this.findLp(m, lpId, true);
      this.assertMay(lp.la_id);
      const name = await this.memberName(m, v.organisationId, v.name);
      if (v.organisationId) {
        const dup = (await m.query(
          `SELECT 1 FROM local_partnership_members WHERE tenant_id = $1 AND local_partnership_id = $2 AND organisation_id = $3`,
          [this.auth.tenantId, lpId, v.organisationId],
        )) as unknown[];
        if (dup.length)
          throw new InvalidFieldsException([
            { field: 'organisationId', message: 'This organisation is a member of the local partnership already' },
          ]);
      }
      const [row] = (await m.query(
        `INSERT INTO local_partnership_members (tenant_id, local_partnership_id, kind, name, organisation_id, joined_on, left_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [this.auth.tenantId, lpId, v.kind, name, v.organisationId, v.joinedOn, v.leftOn],
      )) as { id: string }[];
      await this.touch(m, lpId);
      await this.audit.record({
        action: 'plans.local_partnership_member.add',
        subjectType: 'LocalPartnership',
        subjectIds: [lpId, row.id],
        laId: lp.la_id,
        details: { kind: v.kind, inRepHub: !!v.organisationId },
      });
      return (await this.members(m, lpId, schoolToday(), row.id))[0];
    });
  }

  /** Changes a member (its kind, name, dates: a member leaves by its leaving date). */
  async updateMember(
    memberId: string,
    input: {
      kind?: unknown;
      name?: unknown;
      organisationId?: unknown;
      joinedOn?: unknown;
      leftOn?: unknown;
      version?: unknown;
    },
    lpId?: string,
  ): Promise<MemberView> {
    this.requireRole('update');
    if (!UUID.test(memberId)) throw this.memberNotFound();
    const errors: FieldError[] = [];
    const version = versionOf(input.version, errors);
    const v = this.memberInput(input, errors);
    return this.auth.inTenant(async (m) => {
      const [row] = (await m.query(
        `SELECT mb.local_partnership_id, mb.organisation_id, mb.version, lp.la_id FROM local_partnership_members mb
           JOIN local_partnerships lp ON lp.tenant_id = mb.tenant_id AND lp.id = mb.local_partnership_id
          WHERE mb.tenant_id = $1 AND mb.id = $2 FOR UPDATE OF mb`,
        [this.auth.tenantId, memberId],
      )) as { local_partnership_id: string; organisation_id: string | null; version: number; la_id: string }[];
      if (!row || (lpId && row.local_partnership_id !== lpId)) throw this.memberNotFound();
      this.assertMay(row.la_id);
      assertVersion('member', row.version, version!);
      const name = await this.memberName(m, v.organisationId, v.name);
      if (v.organisationId && v.organisationId !== row.organisation_id) {
        const dup = (await m.query(
          `SELECT 1 FROM local_partnership_members WHERE tenant_id = $1 AND local_partnership_id = $2 AND organisation_id = $3`,
          [this.auth.tenantId, row.local_partnership_id, v.organisationId],
        )) as unknown[];
        if (dup.length)
          throw new InvalidFieldsException([
            { field: 'organisationId', message: 'This organisation is a member of the local partnership already' },
          ]);
      }
      await m.query(
        `UPDATE local_partnership_members SET kind = $3, name = $4, organisation_id = $5, joined_on = $6, left_on = $7,
                updated_at = now(), version = version + 1
          WHERE tenant_id = $1 AND id = $2`,
        [this.auth.tenantId, memberId, v.kind, name, v.organisationId, v.joinedOn, v.leftOn],
      );
      await this.audit.record({
        action: 'plans.local_partnership_member.update',
        subjectType: 'LocalPartnership',
        subjectIds: [row.local_partnership_id, memberId],
        laId: row.la_id,
        details: { kind: v.kind, left: !!v.leftOn },
      });
      return (await this.members(m, row.local_partnership_id, schoolToday(), memberId))[0];
    });
  }

  private memberInput(
    input: { kind?: unknown; name?: unknown; organisationId?: unknown; joinedOn?: unknown; leftOn?: unknown },
    errors: FieldError[] = [],
  ) {
    const kind = codeOf(input.kind, KIND_CODES, 'kind', 'Select the kind of member organisation', errors);
    const organisationId = optionalId(
      input.organisationId,
      'organisationId',
      'organisationId must be an organisation of this partnership',
      errors,
    );
    const name = optionalText(input.name, 'name', 200, 'The name', errors);
    if (!organisationId && organisationId !== undefined && !name)
      errors.push({ field: 'name', message: 'Enter the name of the organisation, or choose one in REP Hub' });
    const joinedOn = optionalDate(input.joinedOn, 'joinedOn', 'the date it joined', errors);
    const leftOn = optionalDate(input.leftOn, 'leftOn', 'the date it left', errors);
    if (joinedOn && leftOn && leftOn < joinedOn)
      errors.push({ field: 'leftOn', message: 'The date it left must be on or after the date it joined' });
    if (errors.length) throw new InvalidFieldsException(errors);
    return {
      kind: kind!,
      organisationId: organisationId ?? null,
      name: name ?? '',
      joinedOn: joinedOn ?? null,
      leftOn: leftOn ?? null,
    };
  }

  /** The member's name: as given, else its REP Hub organisation's; the organisation must be of this partnership. */
  private async memberName(m: EntityManager, organisationId: string | null, name: string): Promise<string> {
    if (!organisationId) return name;
    const [org] = (await m.query(`SELECT name FROM organisations WHERE tenant_id = $1 AND id = $2`, [
      this.auth.tenantId,
      organisationId,
    ])) as { name: string }[];
    if (!org)
      throw new InvalidFieldsException([
        { field: 'organisationId', message: 'organisationId must be an organisation of this partnership' },
      ]);
    return name || org.name;
  }

  // ---- representatives ----

  async addRepresentative(
    memberId: string,
    input: {
      fullName?: unknown;
      roleTitle?: unknown;
      email?: unknown;
      userId?: unknown;
      fromOn?: unknown;
      toOn?: unknown;
    },
    lpId?: string,
  ): Promise<RepresentativeView> {
    this.requireRole('update');
    if (!UUID.test(memberId)) throw this.memberNotFound();
    const v = this.representativeInput(input);
    return this.auth.inTenant(async (m) => {
      const member = await this.findMember(m, memberId);
      if (lpId && member.local_partnership_id !== lpId) throw this.memberNotFound();
      this.assertMay(member.la_id);
      await this.checkUser(m, v.userId);
      const [row] = (await m.query(
        `INSERT INTO local_partnership_representatives (tenant_id, member_id, full_name, role_title, email, user_id, from_on, to_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [this.auth.tenantId, memberId, v.fullName, v.roleTitle, v.email, v.userId, v.fromOn, v.toOn],
      )) as { id: string }[];
      await this.audit.record({
        action: 'plans.representative.add',
        subjectType: 'LocalPartnershipRepresentative',
        subjectIds: [member.local_partnership_id, memberId, row.id],
        laId: member.la_id,
      });
      return this.representative(m, row.id);
    });
  }

  async updateRepresentative(
    id: string,
    input: {
      fullName?: unknown;
      roleTitle?: unknown;
      email?: unknown;
      userId?: unknown;
      fromOn?: unknown;
      toOn?: unknown;
      version?: unknown;
    },
    lpId?: string,
  ): Promise<RepresentativeView> {
    this.requireRole('update');
    if (!UUID.test(id)) throw this.representativeNotFound();
    const errors: FieldError[] = [];
    const version = versionOf(input.version, errors);
    const v = this.representativeInput(input, errors);
    return this.auth.inTenant(async (m) => {
      const [row] = (await m.query(
        `SELECT r.member_id, r.version, mb.local_partnership_id, lp.la_id
           FROM local_partnership_representatives r
           JOIN local_partnership_members mb ON mb.tenant_id = r.tenant_id AND mb.id = r.member_id
           JOIN local_partnerships lp ON lp.tenant_id = mb.tenant_id AND lp.id = mb.local_partnership_id
          WHERE r.tenant_id = $1 AND r.id = $2 FOR UPDATE OF r`,
        [this.auth.tenantId, id],
      )) as { member_id: string; version: number; local_partnership_id: string; la_id: string }[];
      if (!row || (lpId && row.local_partnership_id !== lpId)) throw this.representativeNotFound();
      this.assertMay(row.la_id);
      assertVersion('representative', row.version, version!);
      await this.checkUser(m, v.userId);
      await m.query(
        `UPDATE local_partnership_representatives SET full_name = $3, role_title = $4, email = $5, user_id = $6, from_on = $7, to_on = $8,
                updated_at = now(), version = version + 1
          WHERE tenant_id = $1 AND id = $2`,
        [this.auth.tenantId, id, v.fullName, v.roleTitle, v.email, v.userId, v.fromOn, v.toOn],
      );
      await this.audit.record({
        action: 'plans.representative.update',
        subjectType: 'LocalPartnershipRepresentative',
        subjectIds: [row.local_partnership_id, row.member_id, id],
        laId: row.la_id,
      });
      return this.representative(m, id);
    });
  }

  private representativeInput(
    input: {
      fullName?: unknown;
      roleTitle?: unknown;
      email?: unknown;
      userId?: unknown;
      fromOn?: unknown;
      toOn?: unknown;
    },
    errors: FieldError[] = [],
  ) {
    const fullName = requiredText(
      input.fullName,
      'fullName',
      200,
      'Enter the representative’s name',
      'The name',
      errors,
    );
    const roleTitle = optionalText(input.roleTitle, 'roleTitle', 200, 'The role', errors);
    const email = optionalText(input.email, 'email', 254, 'The email address', errors);
    if (email && !EMAIL.test(email))
      errors.push({ field: 'email', message: 'Enter a work email address, like name@example.org' });
    const userId = optionalId(input.userId, 'userId', 'userId must be a user of this partnership', errors);
    const fromOn = optionalDate(input.fromOn, 'fromOn', 'the date they started', errors);
    const toOn = optionalDate(input.toOn, 'toOn', 'the date they stopped', errors);
    if (fromOn && toOn && toOn < fromOn)
      errors.push({ field: 'toOn', message: 'The date they stopped must be on or after the date they started' });
    if (errors.length) throw new InvalidFieldsException(errors);
    return {
      fullName: fullName!,
      roleTitle: roleTitle || null,
      email: email || null,
      userId: userId ?? null,
      fromOn: fromOn ?? null,
      toOn: toOn ?? null,
    };
  }

  private async checkUser(m: EntityManager, userId: string | null): Promise<void> {
    if (!userId) return;
    const found = (await m.query(`SELECT 1 FROM memberships WHERE tenant_id = $1 AND user_id = $2 LIMIT 1`, [
      this.auth.tenantId,
      userId,
    ])) as unknown[];
    if (!found.length)
      throw new InvalidFieldsException([{ field: 'userId', message: 'userId must be a user of this partnership' }]);
  }

  // ---- meetings ----

  async createMeeting(
    lpId: string,
    input: { title?: unknown; heldOn?: unknown; status?: unknown; notes?: unknown },
  ): Promise<MeetingDetail> {
    this.requireMeeting('create');
    if (!UUID.test(lpId)) throw this.notFound();
    const v = this.meetingInput(input);
    return this.auth.inTenant(async (m) => {
      const lp = await this.findLp(m, lpId, true);
      this.assertMayMeeting('create', lp.la_id);
      const [row] = (await m.query(
        `INSERT INTO local_partnership_meetings (tenant_id, local_partnership_id, title, held_on, status, notes)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [this.auth.tenantId, lpId, v.title, v.heldOn, v.status, v.notes],
      )) as { id: string }[];
      await this.audit.record({
        action: 'plans.meeting.create',
        subjectType: 'LocalPartnershipMeeting',
        subjectIds: [lpId, row.id],
        laId: lp.la_id,
        details: { status: v.status },
      });
      const { meeting } = await this.findMeeting(m, row.id, false);
      return this.meetingDetail(m, meeting, lp);
    });
  }

  async updateMeeting(
    meetingId: string,
    input: { title?: unknown; heldOn?: unknown; status?: unknown; notes?: unknown; version?: unknown },
    lpId?: string,
  ): Promise<MeetingDetail> {
    this.requireMeeting('update');
    if (!UUID.test(meetingId)) throw this.meetingNotFound();
    const errors: FieldError[] = [];
    const version = versionOf(input.version, errors);
    const v = this.meetingInput(input, errors);
    return this.auth.inTenant(async (m) => {
      const { meeting, lp } = await this.writableMeeting(m, meetingId, version!, lpId);
      await m.query(
        `UPDATE local_partnership_meetings SET title = $3, held_on = $4, status = $5, notes = $6, updated_at = now(), version = version + 1
          WHERE tenant_id = $1 AND id = $2`,
        [this.auth.tenantId, meetingId, v.title, v.heldOn, v.status, v.notes],
      );
      await this.audit.record({
        action: 'plans.meeting.update',
        subjectType: 'LocalPartnershipMeeting',
        subjectIds: [lp.id, meetingId],
        laId: lp.la_id,
        details: { status: v.status, from: meeting.status },
      });
      const { meeting: now } = await this.findMeeting(m, meetingId, false);
      return this.meetingDetail(m, now, lp);
    });
  }

  /** Records who attended (replacing what was recorded): each a representative of this local partnership. */
  async setAttendance(
    meetingId: string,
    input: { entries?: unknown; version?: unknown },
    lpId?: string,
  ): Promise<MeetingDetail> {
    this.requireMeeting('update');
    if (!UUID.test(meetingId)) throw this.meetingNotFound();
    const errors: FieldError[] = [];
    const version = versionOf(input.version, errors);
    const entries: { representativeId: string; attendance: Attendance }[] = [];
    if (!Array.isArray(input.entries) || input.entries.length > 500)
      errors.push({ field: 'entries', message: 'Send the attendance as a list of up to 500 representatives' });
    else
      input.entries.forEach((e: unknown, i) => {
        const entry = (e && typeof e === 'object' ? e : {}) as Record<string, unknown>;
        const rid = entry['representativeId'];
        if (typeof rid !== 'string' || !UUID.test(rid))
          errors.push({
            field: `entries[${i}].representativeId`,
            message: 'Choose a representative of this local partnership',
          });
        const att = codeOf(
          entry['attendance'],
          ATTENDANCE_VALUES,
          `entries[${i}].attendance`,
          'Select attended, apologies or absent',
          errors,
        );
        if (typeof rid === 'string' && UUID.test(rid) && att)
          entries.push({ representativeId: rid.toLowerCase(), attendance: att });
      });
    if (new Set(entries.map((e) => e.representativeId)).size !== entries.length)
      errors.push({ field: 'entries', message: 'Give each representative’s attendance once' });
    if (errors.length) throw new InvalidFieldsException(errors.slice(0, 20));
    return this.auth.inTenant(async (m) => {
      const { meeting, lp } = await this.writableMeeting(m, meetingId, version!, lpId);
      if (meeting.status === 'cancelled')
        throw new ConflictException(problem(409, 'This meeting was cancelled: it has no attendance.'));
      const reps = entries.length
        ? ((await m.query(
            `SELECT r.id FROM local_partnership_representatives r
               JOIN local_partnership_members mb ON mb.tenant_id = r.tenant_id AND mb.id = r.member_id
              WHERE r.tenant_id = $1 AND mb.local_partnership_id = $2 AND r.id = ANY ($3::uuid[])`,
            [this.auth.tenantId, lp.id, entries.map((e) => e.representativeId)],
          )) as { id: string }[])
        : [];
      const known = new Set(reps.map((r) => r.id));
      const unknown = entries.findIndex((e) => !known.has(e.representativeId));
      if (unknown >= 0)
        throw new InvalidFieldsException([
          {
            field: `entries[${unknown}].representativeId`,
            message: 'Choose a representative of this local partnership',
          },
        ]);
      await m.query(`DELETE FROM local_partnership_attendance WHERE tenant_id = $1 AND meeting_id = $2`, [
        this.auth.tenantId,
        meetingId,
      ]);
      if (entries.length)
        await m.query(
          `INSERT INTO local_partnership_attendance (tenant_id, meeting_id, representative_id, attendance)
           SELECT $1, $2, r, a FROM unnest($3::uuid[], $4::text[]) AS x(r, a)`,
          [this.auth.tenantId, meetingId, entries.map((e) => e.representativeId), entries.map((e) => e.attendance)],
        );
      await this.bumpMeeting(m, meetingId);
      await this.audit.record({
        action: 'plans.meeting.attendance',
        subjectType: 'LocalPartnershipMeeting',
        subjectIds: [lp.id, meetingId],
        laId: lp.la_id,
        details: {
          attended: entries.filter((e) => e.attendance === 'attended').length,
          recorded: entries.length,
        },
      });
      const { meeting: now } = await this.findMeeting(m, meetingId, false);
      return this.meetingDetail(m, now, lp);
    });
  }

  async addPaper(
    meetingId: string,
    input: { title?: unknown; url?: unknown; summary?: unknown },
    lpId?: string,
  ): Promise<PaperView> {
    this.requireMeeting('update');
    if (!UUID.test(meetingId)) throw this.meetingNotFound();
    const errors: FieldError[] = [];
    const title = requiredText(input.title, 'title', 200, 'Enter the title of the paper', 'The title', errors);
    const url = optionalText(input.url, 'url', 2000, 'The link', errors);
    if (url && !HTTPS_LINK.test(url))
      errors.push({ field: 'url', message: 'Enter a link starting https://, with no spaces' });
    const summary = optionalText(input.summary, 'summary', 5000, 'The summary', errors);
    if (url === '' && summary === '')
      errors.push({ field: 'url', message: 'Enter a link to the paper or a summary of it' });
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.auth.inTenant(async (m) => {
      const { lp } = await this.findMeeting(m, meetingId, true, lpId);
      this.assertMayMeeting('update', lp.la_id);
      const [row] = (await m.query(
        `INSERT INTO local_partnership_papers (tenant_id, meeting_id, title, url, summary) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, ${TS('created_at')} AS created_at`,
        [this.auth.tenantId, meetingId, title, url || null, summary ?? ''],
      )) as { id: string; created_at: string }[];
      await this.bumpMeeting(m, meetingId);
      await this.audit.record({
        action: 'plans.meeting.paper_add',
        subjectType: 'LocalPartnershipMeeting',
        subjectIds: [lp.id, meetingId, row.id],
        laId: lp.la_id,
      });
      return { id: row.id, title: title!, url: url || null, summary: summary ?? '', createdAt: row.created_at };
    });
  }

  async addDecision(
    meetingId: string,
    input: { decision?: unknown; ownerMemberId?: unknown; dueOn?: unknown },
    lpId?: string,
  ): Promise<DecisionView> {
    this.requireMeeting('update');
    if (!UUID.test(meetingId)) throw this.meetingNotFound();
    const errors: FieldError[] = [];
    const decision = requiredText(input.decision, 'decision', 5000, 'Enter the decision', 'The decision', errors);
    const ownerMemberId = optionalId(
      input.ownerMemberId,
      'ownerMemberId',
      'Choose a member organisation of this local partnership',
      errors,
    );
    const dueOn = optionalDate(input.dueOn, 'dueOn', 'the date it is due', errors);
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.auth.inTenant(async (m) => {
      const { lp } = await this.findMeeting(m, meetingId, true, lpId);
      this.assertMayMeeting('update', lp.la_id);
      let ownerName: string | null = null;
      if (ownerMemberId) {
        const [owner] = (await m.query(
          `SELECT name FROM local_partnership_members WHERE tenant_id = $1 AND id = $2 AND local_partnership_id = $3`,
          [this.auth.tenantId, ownerMemberId, lp.id],
        )) as { name: string }[];
        if (!owner)
          throw new InvalidFieldsException([
            { field: 'ownerMemberId', message: 'Choose a member organisation of this local partnership' },
          ]);
        ownerName = owner.name;
      }
      const [row] = (await m.query(
        `INSERT INTO local_partnership_decisions (tenant_id, meeting_id, decision, owner_member_id, due_on) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, ${TS('created_at')} AS created_at`,
        [this.auth.tenantId, meetingId, decision, ownerMemberId ?? null, dueOn ?? null],
      )) as { id: string; created_at: string }[];
      await this.bumpMeeting(m, meetingId);
      await this.audit.record({
        action: 'plans.meeting.decision_add',
        subjectType: 'LocalPartnershipMeeting',
        subjectIds: [lp.id, meetingId, row.id],
        laId: lp.la_id,
      });
      return {
        id: row.id,
        decision: decision!,
        ownerMemberId: ownerMemberId ?? null,
        ownerMemberName: ownerName,
        dueOn: dueOn ?? null,
        createdAt: row.created_at,
      };
    });
  }

  private meetingInput(
    input: { title?: unknown; heldOn?: unknown; status?: unknown; notes?: unknown },
    errors: FieldError[] = [],
  ) {
    const title = requiredText(input.title, 'title', 200, 'Enter the title of the meeting', 'The title', errors);
    const heldOn = requiredDate(input.heldOn, 'heldOn', 'the date of the meeting', errors);
    const status =
      input.status === undefined || input.status === ''
        ? 'planned'
        : codeOf(input.status, MEETING_STATUSES, 'status', 'Select planned, held or cancelled', errors);
    const notes = optionalText(input.notes, 'notes', 50_000, 'The notes', errors);
    if (status === 'held' && heldOn && heldOn > schoolToday())
      errors.push({ field: 'heldOn', message: 'A meeting that was held must have a date today or in the past' });
    if (errors.length) throw new InvalidFieldsException(errors);
    return { title: title!, heldOn: heldOn!, status: status as MeetingStatus, notes: notes ?? '' };
  }

  // ---- finding and shaping ----

  private async findLp(m: EntityManager, id: string, lock: boolean): Promise<LpRow> {
    const [row] = (await m.query(
      `SELECT lp.id, lp.la_id, o.name AS la_name, lp.name, lp.terms_of_reference, ${TS('lp.terms_updated_at')} AS terms_updated_at, lp.version
         FROM local_partnerships lp JOIN organisations o ON o.tenant_id = lp.tenant_id AND o.id = lp.la_id
        WHERE lp.tenant_id = $1 AND lp.id = $2 ${lock ? 'FOR UPDATE OF lp' : ''}`,
      [this.auth.tenantId, id],
    )) as LpRow[];
    if (!row) throw this.notFound();
    return row;
  }

  private async findMember(m: EntityManager, memberId: string) {
    const [row] = (await m.query(
      `SELECT mb.id, mb.local_partnership_id, lp.la_id FROM local_partnership_members mb
         JOIN local_partnerships lp ON lp.tenant_id = mb.tenant_id AND lp.id = mb.local_partnership_id
        WHERE mb.tenant_id = $1 AND mb.id = $2`,
      [this.auth.tenantId, memberId],
    )) as { id: string; local_partnership_id: string; la_id: string }[];
    if (!row) throw this.memberNotFound();
    return row;
  }

  private async findMeeting(m: EntityManager, meetingId: string, lock: boolean, lpId?: string) {
    const [meeting] = (await m.query(
      `SELECT id, local_partnership_id, title, ${D('held_on')} AS held_on, status, notes, version
         FROM local_partnership_meetings WHERE tenant_id = $1 AND id = $2 ${lock ? 'FOR UPDATE' : ''}`,
      [this.auth.tenantId, meetingId],
    )) as {
      id: string;
      local_partnership_id: string;
      title: string;
      held_on: string;
      status: MeetingStatus;
      notes: string;
      version: number;
    }[];
    if (!meeting || (lpId && meeting.local_partnership_id !== lpId)) throw this.meetingNotFound();
    const lp = await this.findLp(m, meeting.local_partnership_id, false);
    return { meeting, lp };
  }

  private async writableMeeting(m: EntityManager, meetingId: string, version: number, lpId?: string) {
    const found = await this.findMeeting(m, meetingId, true, lpId);
    this.assertMayMeeting('update', found.lp.la_id);
    assertVersion('meeting', found.meeting.version, version);
    return found;
  }

  private bumpMeeting(m: EntityManager, meetingId: string) {
    return m.query(
      `UPDATE local_partnership_meetings SET updated_at = now(), version = version + 1 WHERE tenant_id = $1 AND id = $2`,
      [this.auth.tenantId, meetingId],
    );
  }

  private touch(m: EntityManager, lpId: string) {
    return m.query(`UPDATE local_partnerships SET updated_at = now() WHERE tenant_id = $1 AND id = $2`, [
      this.auth.tenantId,
      lpId,
    ]);
  }

  private async detail(m: EntityManager, lp: LpRow, today: string): Promise<LocalPartnershipDetail> {
    const meetings = (
      (await m.query(
        `SELECT id, title, ${D('held_on')} AS held_on, status, version FROM local_partnership_meetings
          WHERE tenant_id = $1 AND local_partnership_id = $2 ORDER BY held_on DESC, id`,
        [this.auth.tenantId, lp.id],
      )) as { id: string; title: string; held_on: string; status: MeetingStatus; version: number }[]
    ).map((r): MeetingSummary => ({
      id: r.id,
      title: r.title,
      heldOn: r.held_on,
      status: r.status,
      version: r.version,
    }));
    return {
      id: lp.id,
      laId: lp.la_id,
      laName: lp.la_name,
      name: lp.name,
      termsOfReference: lp.terms_of_reference,
      termsUpdatedAt: lp.terms_updated_at,
      version: lp.version,
      members: await this.members(m, lp.id, today),
      meetings,
    };
  }

  private async members(m: EntityManager, lpId: string, today: string, onlyId?: string): Promise<MemberView[]> {
    const rows = (await m.query(
      `SELECT id, kind, name, organisation_id, ${D('joined_on')} AS joined_on, ${D('left_on')} AS left_on, version
         FROM local_partnership_members WHERE tenant_id = $1 AND local_partnership_id = $2 AND ($3::uuid IS NULL OR id = $3)
        ORDER BY (left_on IS NOT NULL AND left_on < $4::date), kind, name, id`,
      [this.auth.tenantId, lpId, onlyId ?? null, today],
    )) as {
      id: string;
      kind: MemberKind;
      name: string;
      organisation_id: string | null;
      joined_on: string | null;
      left_on: string | null;
      version: number;
    }[];
    const reps = rows.length
      ? await this.representatives(
          m,
          rows.map((r) => r.id),
        )
      : [];
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      name: r.name,
      organisationId: r.organisation_id,
      joinedOn: r.joined_on,
      leftOn: r.left_on,
      current: !r.left_on || r.left_on >= today,
      version: r.version,
      representatives: reps.filter((x) => x.memberId === r.id),
    }));
  }

  private async representatives(m: EntityManager, memberIds: string[], onlyId?: string): Promise<RepresentativeView[]> {
    const rows = (await m.query(
      `SELECT id, member_id, full_name, role_title, email, user_id, ${D('from_on')} AS from_on, ${D('to_on')} AS to_on, version
         FROM local_partnership_representatives
        WHERE tenant_id = $1 AND ($2::uuid[] IS NULL OR member_id = ANY ($2::uuid[])) AND ($3::uuid IS NULL OR id = $3)
        ORDER BY full_name, id`,
      [this.auth.tenantId, onlyId ? null : memberIds, onlyId ?? null],
    )) as {
      id: string;
      member_id: string;
      full_name: string;
      role_title: string | null;
      email: string | null;
      user_id: string | null;
      from_on: string | null;
      to_on: string | null;
      version: number;
    }[];
    return rows.map((r) => ({
      id: r.id,
      memberId: r.member_id,
      fullName: r.full_name,
      roleTitle: r.role_title,
      email: r.email,
      userId: r.user_id,
      fromOn: r.from_on,
      toOn: r.to_on,
      version: r.version,
    }));
  }

  private async representative(m: EntityManager, id: string): Promise<RepresentativeView> {
    return (await this.representatives(m, [], id))[0];
  }

  private async meetingDetail(
    m: EntityManager,
    meeting: { id: string; title: string; held_on: string; status: MeetingStatus; notes: string; version: number },
    lp: LpRow,
  ): Promise<MeetingDetail> {
    const attendance = (
      (await m.query(
        `SELECT a.representative_id, r.full_name, mb.name AS member_name, a.attendance
           FROM local_partnership_attendance a
           JOIN local_partnership_representatives r ON r.tenant_id = a.tenant_id AND r.id = a.representative_id
           JOIN local_partnership_members mb ON mb.tenant_id = r.tenant_id AND mb.id = r.member_id
          WHERE a.tenant_id = $1 AND a.meeting_id = $2 ORDER BY mb.name, r.full_name, r.id`,
        [this.auth.tenantId, meeting.id],
      )) as { representative_id: string; full_name: string; member_name: string; attendance: Attendance }[]
    ).map((a): AttendanceView => ({
      representativeId: a.representative_id,
      fullName: a.full_name,
      memberName: a.member_name,
      attendance: a.attendance,
    }));
    const papers = (
      (await m.query(
        `SELECT id, title, url, summary, ${TS('created_at')} AS created_at FROM local_partnership_papers
          WHERE tenant_id = $1 AND meeting_id = $2 ORDER BY created_at, id`,
        [this.auth.tenantId, meeting.id],
      )) as { id: string; title: string; url: string | null; summary: string; created_at: string }[]
    ).map((p): PaperView => ({ id: p.id, title: p.title, url: p.url, summary: p.summary, createdAt: p.created_at }));
    const decisions = (
      (await m.query(
        `SELECT d.id, d.decision, d.owner_member_id, mb.name AS owner_name, ${D('d.due_on')} AS due_on, ${TS('d.created_at')} AS created_at
           FROM local_partnership_decisions d
           LEFT JOIN local_partnership_members mb ON mb.tenant_id = d.tenant_id AND mb.id = d.owner_member_id
          WHERE d.tenant_id = $1 AND d.meeting_id = $2 ORDER BY d.created_at, d.id`,
        [this.auth.tenantId, meeting.id],
      )) as {
        id: string;
        decision: string;
        owner_member_id: string | null;
        owner_name: string | null;
        due_on: string | null;
        created_at: string;
      }[]
    ).map((d): DecisionView => ({
      id: d.id,
      decision: d.decision,
      ownerMemberId: d.owner_member_id,
      ownerMemberName: d.owner_name,
      dueOn: d.due_on,
      createdAt: d.created_at,
    }));
    return {
      id: meeting.id,
      localPartnershipId: lp.id,
      laId: lp.la_id,
      title: meeting.title,
      heldOn: meeting.held_on,
      status: meeting.status,
      notes: meeting.notes,
      version: meeting.version,
      attendance,
      papers,
      decisions,
    };
  }

  // ---- who ----

  private requireRead(): void {
    if (!this.auth.ability.can('read', 'LocalPartnership'))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
  }

  private requireRole(action: 'create' | 'update'): void {
    if (!this.auth.ability.can(action, 'LocalPartnership'))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
  }

  private requireMeeting(action: 'create' | 'update'): void {
    if (!this.auth.ability.can(action, 'LocalPartnershipMeeting'))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
  }

  private assertMay(laId: string): void {
    if (!this.may('update', laId))
      throw new ForbiddenException(
        problem(403, 'You can change the local partnership of your own local authority only.'),
      );
  }

  private assertMayMeeting(action: 'create' | 'update', laId: string): void {
    if (
      !this.auth.ability.can(
        action,
        subject('LocalPartnershipMeeting', { tenantId: this.auth.tenantId, laId }) as never,
      )
    )
      throw new ForbiddenException(
        problem(403, 'You can change the meetings of your own local authority’s local partnership only.'),
      );
  }

  private notFound(): NotFoundException {
    return new NotFoundException(problem(404, 'There is no such local partnership in your partnership.'));
  }
  private memberNotFound(): NotFoundException {
    return new NotFoundException(problem(404, 'There is no such member of a local partnership in your partnership.'));
  }
  private representativeNotFound(): NotFoundException {
    return new NotFoundException(problem(404, 'There is no such representative in your partnership.'));
  }
  private meetingNotFound(): NotFoundException {
    return new NotFoundException(problem(404, 'There is no such meeting in your partnership.'));
  }
}
