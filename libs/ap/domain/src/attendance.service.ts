import { ConflictException, ForbiddenException, Injectable } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import { AuthContext } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, problem } from '@rep-hub/platform';
import { toIsoDate } from '@rep-hub/reference';
import { caseReference } from './cases.model';
import { realDate, text, UUID } from './input';
import {
  attendanceCodeMeaning,
  AttendanceSessionInput,
  AttendanceView,
  AttendanceWriteResult,
  checkAttendanceSession,
  Checked,
  MAX_SESSIONS_PER_REQUEST,
  misfit,
  summariseAttendance,
} from './attendance.model';
import { AttendanceStore } from './attendance-store';

/**
 * Attendance of AP placements by session (AM/PM), with the DfE codes of the version in force on
 * each date. The placement's provider records it (one day on a page, a batch through the API, or
 * a CSV/XLSX file that lands whole or not at all); the case's LA officers and school read it.
 * Writing the same sessions again changes nothing: an unchanged row is not touched.
 *
 * This service records and reads the sessions of one placement; a provider's files, templates
 * and list of placements are ProviderAttendanceService's; the SQL is the AttendanceStore's.
 */
@Injectable()
export class AttendanceService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
    private readonly store: AttendanceStore,
  ) {}

  /** Records sessions of one placement (its provider's staff). Every item is checked; any error writes nothing. */
  record(placementId: string, input: { sessions?: unknown }): Promise<AttendanceWriteResult> {
    this.store.requireCreate();
    if (!UUID.test(placementId)) throw this.store.notFound();
    const raw = input?.sessions;
    if (!Array.isArray(raw) || raw.length === 0)
      throw new InvalidFieldsException([{ field: 'sessions', message: 'Send at least one session' }]);
    if (raw.length > MAX_SESSIONS_PER_REQUEST)
      throw new InvalidFieldsException([
        {
          field: 'sessions',
          message: `Send at most ${MAX_SESSIONS_PER_REQUEST} sessions at a time (or upload a file)`,
        },
      ]);
    const today = toIsoDate();
    const errors: FieldError[] = [];
    const items: (Checked | null)[] = raw.map((item, i) => {
      if (!item || typeof item !== 'object' || Array.isArray(item)) {
        errors.push({
          field: `sessions[${i}]`,
          message: 'Each session must be an object with date, session, code and note',
        });
        return null;
      }
      return checkAttendanceSession(item as AttendanceSessionInput, today, (c, message) =>
        errors.push({ field: `sessions[${i}].${c}`, message }),
      );
    });
    const seen = new Map<string, number>();
    items.forEach((s, i) => {
      if (!s) return;
      const key = `${s.date}|${s.session}`;
      const first = seen.get(key);
      if (first !== undefined)
        errors.push({
          field: `sessions[${i}].session`,
          message: `The ${s.session} session of ${s.date} is already sessions[${first}]`,
        });
      else seen.set(key, i);
    });
    return this.auth.inTenant(async (m) => {
      const p = await this.store.placement(m, placementId, 'read');
      if (!p) throw this.store.notFound();
      if (!this.store.may('create', p))
        throw new ForbiddenException(problem(403, 'Only the placement’s provider records its attendance.'));
      if (p.status === 'planned')
        throw new ConflictException(
          problem(409, 'The placement has not started: start it before recording attendance.'),
        );
      items.forEach((s, i) => {
        const why = s && misfit(p, s.date);
        if (why) errors.push({ field: `sessions[${i}].date`, message: why });
      });
      if (errors.length) throw new InvalidFieldsException(errors);
      const ok = items as Checked[];
      const changed = await this.store.upsert(
        m,
        ok.map((s) => ({ ...s, placementId: p.id })),
        null,
      );
      await this.audit.record({
        action: 'ap_attendance.record',
        subjectType: 'ApPlacement',
        subjectIds: [p.id],
        laId: p.la_id,
        details: { caseId: p.case_id, received: ok.length, changed },
      });
      return { received: ok.length, changed };
    });
  }

  /** The sessions of a placement (optionally between two dates) and their summary; audited as a read of the pupil. */
  read(placementId: string, query: { from?: unknown; to?: unknown } = {}): Promise<AttendanceView> {
    this.store.requireRead();
    if (!UUID.test(placementId)) throw this.store.notFound();
    const errors: FieldError[] = [];
    const from = text(query.from);
    const to = text(query.to);
    if (from && !realDate(from)) errors.push({ field: 'from', message: 'from must be a real date written YYYY-MM-DD' });
    if (to && !realDate(to)) errors.push({ field: 'to', message: 'to must be a real date written YYYY-MM-DD' });
    if (!errors.length && from && to && from > to) errors.push({ field: 'to', message: 'to must be on or after from' });
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.auth.inTenant(async (m) => {
      const p = await this.store.placement(m, placementId, 'read');
      if (!p) throw this.store.notFound();
      const rows = await this.store.sessions(m, p.id, from ?? null, to ?? null);
      await this.audit.record({
        action: 'ap_attendance.read',
        subjectType: 'Pupil',
        subjectIds: [p.pupil_id],
        laId: p.la_id,
        details: { placementId: p.id, sessions: rows.length },
      });
      const sessions = rows.map((r) => ({
        date: r.date,
        session: r.session,
        code: r.code,
        meaning: attendanceCodeMeaning(r.code, r.code_version),
        category: r.category,
        codeVersion: r.code_version,
        note: r.note,
        recordedAt: r.recorded_at.toISOString(),
        uploadId: r.upload_id,
      }));
      return {
        placementId: p.id,
        caseId: p.case_id,
        reference: caseReference(p.reference),
        providerId: p.provider_id,
        providerName: p.provider_name,
        status: p.status,
        startedOn: p.started_on,
        endedOn: p.ended_on,
        from: from ?? null,
        to: to ?? null,
        canRecord: this.store.may('create', p),
        sessions,
        summary: summariseAttendance(sessions),
      };
    });
  }
}
