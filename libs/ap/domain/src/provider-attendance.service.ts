import { Injectable, PayloadTooLargeException } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import { AuthContext } from '@rep-hub/auth';
import { InvalidFieldsException, problem } from '@rep-hub/platform';
import { ATTENDANCE_CODE_VERSIONS, attendanceCodes, toIsoDate, versionInForce } from '@rep-hub/reference';
import { createHash, randomUUID } from 'node:crypto';
import {
  AttendanceFileError,
  AttendanceFileFormat,
  AttendanceFileRow,
  attendanceTemplate,
  MAX_ATTENDANCE_FILE_BYTES,
  readAttendanceFile,
  AttendanceRowError,
  attendanceRowError,
} from './attendance-file';
import { caseReference } from './cases.model';
import { realDate, text } from './input';
import { apProviderIds } from './ap-principal';
import {
  AttendancePlacementItem,
  AttendanceRegisterView,
  AttendanceSessionName,
  AttendanceUploadView,
  AttendanceWriteResult,
  checkAttendanceSession,
  Checked,
  misfit,
  REFERENCE,
} from './attendance.model';
import { AttendanceStore } from './attendance-store';

/**
 * Attendance across a provider's placements, for its staff: the active placements to record, a
 * template to fill in, and CSV/XLSX files of sessions that land whole or not at all, with the
 * provider's recent uploads. One placement's sessions are AttendanceService's.
 */
@Injectable()
export class ProviderAttendanceService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
    private readonly store: AttendanceStore,
  ) {}

  /**
   * A CSV or XLSX file of sessions from a provider: every row is checked (the case reference must
   * be a started placement at the provider, the date must fit it, the code must be in force on
   * it) and every problem comes back at once with its row and column; with none, every row lands
   * in one transaction (one bulk upsert), with the file's digest and one audit event.
   */
  async upload(
    bytes: Buffer,
    filename: string | undefined,
    providerIdInput?: unknown,
  ): Promise<AttendanceUploadView & AttendanceWriteResult> {
    this.store.requireCreate();
    if (!bytes || bytes.length === 0)
      throw new InvalidFieldsException([
        { field: 'file', message: 'Choose a CSV or Excel (.xlsx) file of attendance' },
      ]);
    if (bytes.length > MAX_ATTENDANCE_FILE_BYTES)
      throw new PayloadTooLargeException(
        problem(413, 'The file must be 5 MB or smaller: split it into smaller files.'),
      );
    const providerId = this.store.providerFor(providerIdInput, 'field');
    let parsed: { format: AttendanceFileFormat; rows: AttendanceFileRow[] };
    try {
      parsed = await readAttendanceFile(bytes, filename);
    } catch (error) {
      if (error instanceof AttendanceFileError) throw new InvalidFieldsException(error.errors);
      throw error;
    }
    if (!parsed.rows.length)
      throw new InvalidFieldsException([
        attendanceRowError(2, 'file', 'The file has no sessions: add one row per session under the header'),
      ]);
    const name = filename ? filename.replace(/[\\/]/g, '_').slice(-255) : null;
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const upload = { id: randomUUID(), providerId, sha256, filename: name, format: parsed.format };
    const result = await this.land(parsed.rows, providerId, upload, 'ap_attendance.upload', { format: parsed.format });
    const [u] = await this.auth.inTenant((m) => this.store.uploadRows(m, [providerId], upload.id));
    return { ...u, ...result };
  }

  /**
   * The daily register: the provider's current placements with the sessions recorded for them on
   * a date (a date not in the future), for one page with a morning and an afternoon for each pupil.
   * Audited as a list of pupils, like the attendance page's list.
   */
  async register(dateInput: unknown, providerIdInput?: unknown): Promise<AttendanceRegisterView> {
    this.store.requireCreate();
    const providerId = this.store.providerFor(providerIdInput, 'field');
    const date = text(dateInput) ?? toIsoDate();
    if (!realDate(date))
      throw new InvalidFieldsException([{ field: 'date', message: 'The date must be a real date written YYYY-MM-DD' }]);
    if (date > toIsoDate())
      throw new InvalidFieldsException([{ field: 'date', message: 'The date cannot be in the future' }]);
    return this.auth.inTenant(async (m) => {
      const rows = await this.store.activePlacements(m, [providerId]);
      const sessions = await this.store.sessionsOn(
        m,
        rows.map((r) => r.id),
        date,
      );
      if (rows.length)
        await this.audit.record({
          action: 'ap_attendance.register',
          subjectType: 'Pupil',
          subjectIds: [...new Set(rows.map((r) => r.pupil_id))],
          details: { providerId, date },
        });
      return {
        date,
        providerId,
        pupils: rows.map((r) => {
          const of = (s: AttendanceSessionName) => {
            const x = sessions.find((y) => y.placement_id === r.id && y.session === s);
            return x ? { code: x.code, note: x.note } : null;
          };
          return {
            placementId: r.id,
            reference: caseReference(r.reference),
            pupil: { givenName: r.given_name, familyName: r.family_name },
            startedOn: r.started_on,
            am: of('AM'),
            pm: of('PM'),
          };
        }),
      };
    });
  }

  /**
   * Saves a day's register in one go, through the upload's checks and write (every entry checked
   * first, all or nothing, one bulk upsert, one audit event). Each entry is one session of one
   * placement by its case reference; problems come back as the upload's do, with the entry's
   * index (from 1) as the row.
   */
  async saveRegister(
    dateInput: unknown,
    entries: { caseReference: string; session: AttendanceSessionName; code: string; note?: string }[],
    providerIdInput?: unknown,
  ): Promise<AttendanceWriteResult> {
    this.store.requireCreate();
    const providerId = this.store.providerFor(providerIdInput, 'field');
    const date = text(dateInput);
    if (!entries.length)
      throw new InvalidFieldsException([attendanceRowError(1, 'code', 'Choose a code for at least one session')]);
    const rows: AttendanceFileRow[] = entries.map((e, i) => ({
      row: i + 1,
      values: {
        case_reference: e.caseReference,
        date: date ?? '',
        session: e.session,
        code: e.code,
        note: e.note ?? '',
      },
    }));
    return this.land(rows, providerId, null, 'ap_attendance.register_save', { date });
  }

  /**
   * What an upload and the register share: every row checked (the case reference must be a
   * started placement at the provider, the date must fit it, the code must be in force on it,
   * one row per session), every problem thrown at once with its row and column; with none, every
   * row lands in one transaction (one bulk upsert, with the upload's record if any) and one audit
   * event over the placements.
   */
  private async land(
    input: AttendanceFileRow[],
    providerId: string,
    upload: Parameters<AttendanceStore['upsert']>[2],
    action: 'ap_attendance.upload' | 'ap_attendance.register_save',
    details: Record<string, unknown>,
  ): Promise<AttendanceWriteResult> {
    const today = toIsoDate();
    const errors: AttendanceRowError[] = [];
    const checked = input.map((r) => {
      const ref = REFERENCE.exec(r.values.case_reference);
      if (!r.values.case_reference)
        errors.push(attendanceRowError(r.row, 'case_reference', 'Enter the case reference, like AP-000123'));
      else if (!ref)
        errors.push(attendanceRowError(r.row, 'case_reference', 'The case reference must look like AP-000123'));
      const s = checkAttendanceSession(r.values, today, (column, message) =>
        errors.push(attendanceRowError(r.row, column, message)),
      );
      return { row: r.row, reference: ref ? String(Number(ref[1])) : null, session: s };
    });
    const references = [...new Set(checked.map((c) => c.reference).filter((x): x is string => !!x))];

    return this.auth.inTenant(async (m) => {
      const placements = await this.store.placementsByReference(m, references, providerId);
      const byReference = new Map(placements.map((p) => [p.reference, p]));
      const seen = new Map<string, number>();
      const rows: (Checked & { placementId: string })[] = [];
      for (const c of checked) {
        if (!c.reference) continue;
        const p = byReference.get(c.reference);
        if (!p) {
          errors.push(
            attendanceRowError(
              c.row,
              'case_reference',
              `${caseReference(c.reference)} is not a placement at your provision`,
            ),
          );
          continue;
        }
        if (p.status === 'planned') {
          errors.push(
            attendanceRowError(
              c.row,
              'case_reference',
              `The placement of ${caseReference(c.reference)} has not started yet`,
            ),
          );
          continue;
        }
        if (!c.session) continue;
        const why = misfit(p, c.session.date);
        if (why) {
          errors.push(attendanceRowError(c.row, 'date', why));
          continue;
        }
        const key = `${p.id}|${c.session.date}|${c.session.session}`;
        const first = seen.get(key);
        if (first !== undefined) {
          errors.push(
            attendanceRowError(
              c.row,
              'session',
              `Rows ${first} and ${c.row} are both the ${c.session.session} session of ${caseReference(c.reference)} on ${c.session.date}: keep one`,
            ),
          );
          continue;
        }
        seen.set(key, c.row);
        rows.push({ ...c.session, placementId: p.id });
      }
      if (errors.length) {
        const order = ['file', 'case_reference', 'date', 'session', 'code', 'note'];
        throw new InvalidFieldsException(
          errors.sort((a, b) => a.row - b.row || order.indexOf(a.column) - order.indexOf(b.column)),
        );
      }
      const changed = await this.store.upsert(m, rows, upload);
      const placementIds = [...new Set(rows.map((r) => r.placementId))];
      await this.audit.record({
        action,
        subjectType: 'ApPlacement',
        subjectIds: placementIds.slice(0, 10_000),
        details: {
          ...(upload ? { uploadId: upload.id } : {}),
          providerId,
          ...details,
          rows: rows.length,
          changed,
          placements: placementIds.length,
        },
      });
      return { received: rows.length, changed };
    });
  }

  /** The recent uploads of the caller's providers (or of one of them), newest first. */
  uploads(providerIdInput?: unknown): Promise<AttendanceUploadView[]> {
    this.store.requireCreate();
    const ids = text(providerIdInput)
      ? [this.store.providerFor(providerIdInput, 'notFound')]
      : apProviderIds(this.auth.principal);
    return this.auth.inTenant((m) => this.store.uploadRows(m, ids));
  }

  /** The active placements of the caller's providers, for the attendance page; audited as a list of pupils. */
  placements(providerIdInput?: unknown): Promise<AttendancePlacementItem[]> {
    this.store.requireCreate();
    const ids = text(providerIdInput)
      ? [this.store.providerFor(providerIdInput, 'notFound')]
      : apProviderIds(this.auth.principal);
    return this.auth.inTenant(async (m) => {
      const rows = await this.store.activePlacements(m, ids);
      if (rows.length)
        await this.audit.record({
          action: 'ap_attendance.placements',
          subjectType: 'Pupil',
          subjectIds: [...new Set(rows.map((r) => r.pupil_id))],
        });
      return rows.map((r) => ({
        placementId: r.id,
        caseId: r.case_id,
        reference: caseReference(r.reference),
        pupil: { givenName: r.given_name, familyName: r.family_name },
        providerId: r.provider_id,
        providerName: r.provider_name,
        startedOn: r.started_on,
        lastRecorded: r.last_recorded,
      }));
    });
  }

  /** The caller's providers (id and name), for choosing one. */
  providers(): Promise<{ id: string; name: string }[]> {
    this.store.requireCreate();
    return this.auth.inTenant((m) => this.store.providers(m));
  }

  /** A template to fill in: the header, one row per active placement (today, AM, no code), and for XLSX a sheet of the codes in force. */
  async template(
    formatInput: unknown,
    providerIdInput?: unknown,
  ): Promise<{ filename: string; contentType: string; body: Buffer }> {
    this.store.requireCreate();
    const format = text(formatInput) ?? 'csv';
    if (format !== 'csv' && format !== 'xlsx')
      throw new InvalidFieldsException([{ field: 'format', message: 'format must be csv or xlsx' }]);
    const providerId = this.store.providerFor(providerIdInput, 'notFound');
    const today = toIsoDate();
    const rows = await this.auth.inTenant((m) => this.store.activePlacements(m, [providerId]));
    const version = versionInForce(ATTENDANCE_CODE_VERSIONS, today)!.version;
    const body = await attendanceTemplate(
      format,
      rows.map((r) => ({ caseReference: caseReference(r.reference), date: today })),
      attendanceCodes(today),
      version,
    );
    return {
      filename: `attendance-${today}.${format}`,
      contentType:
        format === 'csv'
          ? 'text/csv; charset=utf-8'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      body,
    };
  }
}
