import { Injectable } from '@nestjs/common';
import { AuthContext } from '@rep-hub/auth';
import { EntityManager } from 'typeorm';
import { meetingNotFound, memberNotFound, notFound } from './local-partnerships.access';
import {
  Attendance,
  AttendanceView,
  DecisionView,
  LocalPartnershipDetail,
  MeetingDetail,
  MeetingStatus,
  MeetingSummary,
  MemberView,
  PaperView,
  RepresentativeView,
} from './local-partnerships.model';
import { MemberKind } from './themes';

export const D = (col: string) => `to_char(${col}, 'YYYY-MM-DD')`;
export const TS = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

export interface LpRow {
  id: string;
  la_id: string;
  la_name: string;
  name: string;
  terms_of_reference: string;
  terms_updated_at: string | null;
  version: number;
}

/**
 * The shared reads of the local partnership services: finding a partnership, member or meeting
 * (optionally under a row lock, 404 when it is not in this partnership) and shaping the detail views.
 */
@Injectable()
export class LocalPartnershipsStore {
  constructor(private readonly auth: AuthContext) {}

  async findLp(m: EntityManager, id: string, lock: boolean): Promise<LpRow> {
    const [row] = (await m.query(
      `SELECT lp.id, lp.la_id, o.name AS la_name, lp.name, lp.terms_of_reference, ${TS('lp.terms_updated_at')} AS terms_updated_at, lp.version
         FROM local_partnerships lp JOIN organisations o ON o.tenant_id = lp.tenant_id AND o.id = lp.la_id
        WHERE lp.tenant_id = $1 AND lp.id = $2 ${lock ? 'FOR UPDATE OF lp' : ''}`,
      [this.auth.tenantId, id],
    )) as LpRow[];
    if (!row) throw notFound();
    return row;
  }

  async findMember(m: EntityManager, memberId: string) {
    const [row] = (await m.query(
      `SELECT mb.id, mb.local_partnership_id, lp.la_id FROM local_partnership_members mb
         JOIN local_partnerships lp ON lp.tenant_id = mb.tenant_id AND lp.id = mb.local_partnership_id
        WHERE mb.tenant_id = $1 AND mb.id = $2`,
      [this.auth.tenantId, memberId],
    )) as { id: string; local_partnership_id: string; la_id: string }[];
    if (!row) throw memberNotFound();
    return row;
  }

  async findMeeting(m: EntityManager, meetingId: string, lock: boolean, lpId?: string) {
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
    if (!meeting || (lpId && meeting.local_partnership_id !== lpId)) throw meetingNotFound();
    const lp = await this.findLp(m, meeting.local_partnership_id, false);
    return { meeting, lp };
  }

  bumpMeeting(m: EntityManager, meetingId: string) {
    return m.query(
      `UPDATE local_partnership_meetings SET updated_at = now(), version = version + 1 WHERE tenant_id = $1 AND id = $2`,
      [this.auth.tenantId, meetingId],
    );
  }

  touch(m: EntityManager, lpId: string) {
    return m.query(`UPDATE local_partnerships SET updated_at = now() WHERE tenant_id = $1 AND id = $2`, [
      this.auth.tenantId,
      lpId,
    ]);
  }

  async detail(m: EntityManager, lp: LpRow, today: string): Promise<LocalPartnershipDetail> {
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

  async members(m: EntityManager, lpId: string, today: string, onlyId?: string): Promise<MemberView[]> {
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

  async representatives(m: EntityManager, memberIds: string[], onlyId?: string): Promise<RepresentativeView[]> {
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

  async representative(m: EntityManager, id: string): Promise<RepresentativeView> {
    return (await this.representatives(m, [], id))[0];
  }

  async meetingDetail(
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
}
