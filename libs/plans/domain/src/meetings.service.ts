import { ConflictException, Injectable } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import { AuthContext } from '@rep-hub/auth';
import {
  assertVersion,
  codeOf,
  FieldError,
  InvalidFieldsException,
  isUuid,
  optionalDate,
  optionalId,
  optionalText,
  problem,
  requiredDate,
  requiredText,
  schoolToday,
  versionOf,
} from '@rep-hub/platform';
import { EntityManager } from 'typeorm';
import { isSafeUrl } from './safe-text';
import { assertMayMeeting, meetingNotFound, notFound, requireMeeting, requireRead } from './local-partnerships.access';
import {
  ATTENDANCE_VALUES,
  Attendance,
  DecisionView,
  MEETING_STATUSES,
  MeetingDetail,
  MeetingStatus,
  PaperView,
} from './local-partnerships.model';
import { LocalPartnershipsStore, TS } from './local-partnerships.store';

/**
 * The meetings of a local partnership: attendance (by representative), papers and decisions. Every
 * member of the partnership reads them; the lead changes every LA's, an LA's officers and admins
 * their own. Each change checks the meeting's `version` under a row lock (409 when stale) and
 * writes its audit row in the same transaction.
 */
@Injectable()
export class LocalPartnershipMeetingsService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
    private readonly store: LocalPartnershipsStore,
  ) {}

  // ---- meetings ----

  /** One meeting; with `lpId`, 404 unless it is that local partnership's. */
  getMeeting(meetingId: string, lpId?: string): Promise<MeetingDetail> {
    requireRead(this.auth);
    if (!isUuid(meetingId)) throw meetingNotFound();
    return this.auth.inTenant(async (m) => {
      const { meeting, lp } = await this.store.findMeeting(m, meetingId, false, lpId);
      return this.store.meetingDetail(m, meeting, lp);
    });
  }

  async createMeeting(
    lpId: string,
    input: { title?: unknown; heldOn?: unknown; status?: unknown; notes?: unknown },
  ): Promise<MeetingDetail> {
    requireMeeting(this.auth, 'create');
    if (!isUuid(lpId)) throw notFound();
    const v = this.meetingInput(input);
    return this.auth.inTenant(async (m) => {
      const lp = await this.store.findLp(m, lpId, true);
      assertMayMeeting(this.auth, 'create', lp.la_id);
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
      const { meeting } = await this.store.findMeeting(m, row.id, false);
      return this.store.meetingDetail(m, meeting, lp);
    });
  }

  async updateMeeting(
    meetingId: string,
    input: { title?: unknown; heldOn?: unknown; status?: unknown; notes?: unknown; version?: unknown },
    lpId?: string,
  ): Promise<MeetingDetail> {
    requireMeeting(this.auth, 'update');
    if (!isUuid(meetingId)) throw meetingNotFound();
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
      const { meeting: now } = await this.store.findMeeting(m, meetingId, false);
      return this.store.meetingDetail(m, now, lp);
    });
  }

  /** Records who attended (replacing what was recorded): each a representative of this local partnership. */
  async setAttendance(
    meetingId: string,
    input: { entries?: unknown; version?: unknown },
    lpId?: string,
  ): Promise<MeetingDetail> {
    requireMeeting(this.auth, 'update');
    if (!isUuid(meetingId)) throw meetingNotFound();
    const errors: FieldError[] = [];
    const version = versionOf(input.version, errors);
    const entries: { representativeId: string; attendance: Attendance }[] = [];
    if (!Array.isArray(input.entries) || input.entries.length > 500)
      errors.push({ field: 'entries', message: 'Send the attendance as a list of up to 500 representatives' });
    else
      input.entries.forEach((e: unknown, i) => {
        const entry = (e && typeof e === 'object' ? e : {}) as Record<string, unknown>;
        const rid = entry['representativeId'];
        if (typeof rid !== 'string' || !isUuid(rid))
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
        if (typeof rid === 'string' && isUuid(rid) && att)
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
      await this.store.bumpMeeting(m, meetingId);
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
      const { meeting: now } = await this.store.findMeeting(m, meetingId, false);
      return this.store.meetingDetail(m, now, lp);
    });
  }

  async addPaper(
    meetingId: string,
    input: { title?: unknown; url?: unknown; summary?: unknown },
    lpId?: string,
  ): Promise<PaperView> {
    requireMeeting(this.auth, 'update');
    if (!isUuid(meetingId)) throw meetingNotFound();
    const errors: FieldError[] = [];
    const title = requiredText(input.title, 'title', 200, 'Enter the title of the paper', 'The title', errors);
    const url = optionalText(input.url, 'url', 2000, 'The link', errors);
    if (url && !isSafeUrl(url))
      errors.push({ field: 'url', message: 'Enter a link starting https://, with no spaces' });
    const summary = optionalText(input.summary, 'summary', 5000, 'The summary', errors);
    if (url === '' && summary === '')
      errors.push({ field: 'url', message: 'Enter a link to the paper or a summary of it' });
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.auth.inTenant(async (m) => {
      const { lp } = await this.store.findMeeting(m, meetingId, true, lpId);
      assertMayMeeting(this.auth, 'update', lp.la_id);
      const [row] = (await m.query(
        `INSERT INTO local_partnership_papers (tenant_id, meeting_id, title, url, summary) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, ${TS('created_at')} AS created_at`,
        [this.auth.tenantId, meetingId, title, url || null, summary ?? ''],
      )) as { id: string; created_at: string }[];
      await this.store.bumpMeeting(m, meetingId);
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
    requireMeeting(this.auth, 'update');
    if (!isUuid(meetingId)) throw meetingNotFound();
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
      const { lp } = await this.store.findMeeting(m, meetingId, true, lpId);
      assertMayMeeting(this.auth, 'update', lp.la_id);
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
      await this.store.bumpMeeting(m, meetingId);
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

  private async writableMeeting(m: EntityManager, meetingId: string, version: number, lpId?: string) {
    const found = await this.store.findMeeting(m, meetingId, true, lpId);
    assertMayMeeting(this.auth, 'update', found.lp.la_id);
    assertVersion('meeting', found.meeting.version, version);
    return found;
  }
}
