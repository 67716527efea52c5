import {
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
  PayloadTooLargeException,
} from '@nestjs/common';
import { subject } from '@casl/ability';
import { AuditService } from '@rep-hub/audit';
import { AuthContext, positionalScope, sqlScope } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, problem } from '@rep-hub/platform';
import {
  ATTENDANCE_CODE_VERSIONS,
  AttendanceCategory,
  attendanceCodes,
  toIsoDate,
  versionInForce,
} from '@rep-hub/reference';
import { createHash, randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
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
import { CASE_COLUMNS, caseReference } from './cases.model';
import { realDate, text, UUID } from './input';
import { apProviderIds } from './ap-principal';
import {
  attendanceCodeMeaning,
  AttendancePlacementItem,
  AttendanceSessionInput,
  AttendanceSessionName,
  AttendanceUploadView,
  AttendanceView,
  AttendanceWriteResult,
  checkAttendanceSession,
  Checked,
  MAX_SESSIONS_PER_REQUEST,
  misfit,
  PLACEMENT_SELECT,
  PlacementRow,
  REFERENCE,
  summariseAttendance,
} from './attendance.model';

/**
 * Attendance of AP placements by session (AM/PM), with the DfE codes of the version in force on
 * each date. The placement's provider records it (one day on a page, a batch through the API, or
 * a CSV/XLSX file that lands whole or not at all); the case's LA officers and school read it.
 * Writing the same sessions again changes nothing: an unchanged row is not touched.
 */
@Injectable()
export class AttendanceService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
  ) {}

  /** Records sessions of one placement (its provider's staff). Every item is checked; any error writes nothing. */
  record(placementId: string, input: { sessions?: unknown }): Promise<AttendanceWriteResult> {
    this.requireCreate();
    if (!UUID.test(placementId)) throw this.notFound();
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
      const p = await this.placement(m, placementId, 'read');
      if (!p) throw this.notFound();
      if (!this.may('create', p))
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
      const changed = await this.upsert(
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
    this.requireRead();
    if (!UUID.test(placementId)) throw this.notFound();
    const errors: FieldError[] = [];
    const from = text(query.from);
    const to = text(query.to);
    if (from && !realDate(from)) errors.push({ field: 'from', message: 'from must be a real date written YYYY-MM-DD' });
    if (to && !realDate(to)) errors.push({ field: 'to', message: 'to must be a real date written YYYY-MM-DD' });
    if (!errors.length && from && to && from > to) errors.push({ field: 'to', message: 'to must be on or after from' });
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.auth.inTenant(async (m) => {
      const p = await this.placement(m, placementId, 'read');
      if (!p) throw this.notFound();
      const rows = (await m.query(
        `SELECT to_char(session_date, 'YYYY-MM-DD') AS date, session, code, code_version, category, note, recorded_at, upload_id
           FROM ap_attendance
          WHERE tenant_id = $1 AND placement_id = $2 AND ($3::date IS NULL OR session_date >= $3::date) AND ($4::date IS NULL OR session_date <= $4::date)
          ORDER BY session_date, session`,
        [this.auth.tenantId, p.id, from ?? null, to ?? null],
      )) as {
        date: string;
        session: AttendanceSessionName;
        code: string;
        code_version: string;
        category: AttendanceCategory;
        note: string | null;
        recorded_at: Date;
        upload_id: string | null;
      }[];
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
        canRecord: this.may('create', p),
        sessions,
        summary: summariseAttendance(sessions),
      };
    });
  }

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
    this.requireCreate();
    if (!bytes || bytes.length === 0)
      throw new InvalidFieldsException([
        { field: 'file', message: 'Choose a CSV or Excel (.xlsx) file of attendance' },
      ]);
    if (bytes.length > MAX_ATTENDANCE_FILE_BYTES)
      throw new PayloadTooLargeException(
        problem(413, 'The file must be 5 MB or smaller: split it into smaller files.'),
      );
    const providerId = this.providerFor(providerIdInput, 'field');
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
    const today = toIsoDate();
    const errors: AttendanceRowError[] = [];
    const checked = parsed.rows.map((r) => {
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
    const name = filename ? filename.replace(/[\\/]/g, '_').slice(-255) : null;
    const sha256 = createHash('sha256').update(bytes).digest('hex');

    return this.auth.inTenant(async (m) => {
      const params: unknown[] = [this.auth.tenantId, references, providerId];
      const scope = positionalScope(sqlScope(this.auth.ability, 'create', 'ApAttendance', 'c', CASE_COLUMNS), params);
      const placements = (await m.query(
        `${PLACEMENT_SELECT} WHERE pl.tenant_id = $1 AND c.reference = ANY ($2::bigint[]) AND pl.provider_id = $3 AND ${scope}`,
        params,
      )) as PlacementRow[];
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
      const uploadId = randomUUID();
      const changed = await this.upsert(m, rows, {
        id: uploadId,
        providerId,
        sha256,
        filename: name,
        format: parsed.format,
      });
      const placementIds = [...new Set(rows.map((r) => r.placementId))];
      await this.audit.record({
        action: 'ap_attendance.upload',
        subjectType: 'ApPlacement',
        subjectIds: placementIds.slice(0, 10_000),
        details: {
          uploadId,
          providerId,
          format: parsed.format,
          rows: rows.length,
          changed,
          placements: placementIds.length,
        },
      });
      const [u] = await this.uploadRows(m, [providerId], uploadId);
      return { ...u, received: rows.length, changed };
    });
  }

  /** The recent uploads of the caller's providers (or of one of them), newest first. */
  uploads(providerIdInput?: unknown): Promise<AttendanceUploadView[]> {
    this.requireCreate();
    const ids = text(providerIdInput)
      ? [this.providerFor(providerIdInput, 'notFound')]
      : apProviderIds(this.auth.principal);
    return this.auth.inTenant((m) => this.uploadRows(m, ids));
  }

  /** The active placements of the caller's providers, for the attendance page; audited as a list of pupils. */
  placements(providerIdInput?: unknown): Promise<AttendancePlacementItem[]> {
    this.requireCreate();
    const ids = text(providerIdInput)
      ? [this.providerFor(providerIdInput, 'notFound')]
      : apProviderIds(this.auth.principal);
    return this.auth.inTenant(async (m) => {
      const rows = await this.activePlacements(m, ids);
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
    this.requireCreate();
    return this.auth.inTenant(
      (m) =>
        m.query(`SELECT id, name FROM ap_providers WHERE tenant_id = $1 AND id = ANY ($2::uuid[]) ORDER BY name`, [
          this.auth.tenantId,
          apProviderIds(this.auth.principal),
        ]) as Promise<{ id: string; name: string }[]>,
    );
  }

  /** A template to fill in: the header, one row per active placement (today, AM, no code), and for XLSX a sheet of the codes in force. */
  async template(
    formatInput: unknown,
    providerIdInput?: unknown,
  ): Promise<{ filename: string; contentType: string; body: Buffer }> {
    this.requireCreate();
    const format = text(formatInput) ?? 'csv';
    if (format !== 'csv' && format !== 'xlsx')
      throw new InvalidFieldsException([{ field: 'format', message: 'format must be csv or xlsx' }]);
    const providerId = this.providerFor(providerIdInput, 'notFound');
    const today = toIsoDate();
    const rows = await this.auth.inTenant((m) => this.activePlacements(m, [providerId]));
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

  // ---- internals ----

  /**
   * One bulk upsert (unnest arrays): a session that is new or has a different code or note is
   * written (recorded now, by the caller); an unchanged one is not touched. With an upload, its
   * row is inserted by the same statement, with the count of rows changed. Returns that count.
   */
  private async upsert(
    m: EntityManager,
    rows: (Checked & { placementId: string })[],
    upload: {
      id: string;
      providerId: string;
      sha256: string;
      filename: string | null;
      format: AttendanceFileFormat;
    } | null,
  ): Promise<number> {
    const params: unknown[] = [
      this.auth.tenantId,
      rows.map((r) => r.placementId),
      rows.map((r) => r.date),
      rows.map((r) => r.session),
      rows.map((r) => r.code),
      rows.map((r) => r.codeVersion),
      rows.map((r) => r.category),
      rows.map((r) => r.note),
      this.auth.principal.userId,
      upload?.id ?? null,
    ];
    let uploadCte = '';
    if (upload) {
      params.push(upload.providerId, upload.sha256, upload.filename, upload.format, rows.length);
      uploadCte = `, uploaded AS (
          INSERT INTO ap_attendance_uploads (tenant_id, id, provider_id, sha256, filename, format, row_count, changed_count, uploaded_by)
          SELECT $1, $10::uuid, $11::uuid, $12, $13, $14, $15::int, (SELECT count(*) FROM changed), $9::uuid
          RETURNING id)`;
    }
    const [r] = (await m.query(
      `WITH input AS (
         SELECT * FROM unnest($2::uuid[], $3::date[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
           AS i (placement_id, session_date, session, code, code_version, category, note)
       ), changed AS (
         INSERT INTO ap_attendance AS a (tenant_id, placement_id, session_date, session, la_id, provider_id, code, code_version, category, note, recorded_by, upload_id)
         SELECT $1, i.placement_id, i.session_date, i.session, pl.la_id, pl.provider_id, i.code, i.code_version, i.category, i.note, $9::uuid, $10::uuid
           FROM input i JOIN ap_placements pl ON pl.tenant_id = $1 AND pl.id = i.placement_id
         ON CONFLICT (tenant_id, placement_id, session_date, session) DO UPDATE
           SET code = EXCLUDED.code, code_version = EXCLUDED.code_version, category = EXCLUDED.category, note = EXCLUDED.note,
               recorded_at = now(), recorded_by = EXCLUDED.recorded_by, upload_id = EXCLUDED.upload_id
           WHERE (a.code, a.note) IS DISTINCT FROM (EXCLUDED.code, EXCLUDED.note)
         RETURNING 1
       )${uploadCte}
       SELECT (SELECT count(*) FROM changed)::int AS changed`,
      params,
    )) as { changed: number }[];
    return r.changed;
  }

  private async uploadRows(m: EntityManager, providerIds: string[], id?: string): Promise<AttendanceUploadView[]> {
    const rows = (await m.query(
      `SELECT u.id, u.provider_id, pr.name AS provider_name, u.filename, u.format, u.sha256, u.row_count, u.changed_count, u.uploaded_at, us.display_name
         FROM ap_attendance_uploads u
         JOIN ap_providers pr ON pr.tenant_id = u.tenant_id AND pr.id = u.provider_id
         LEFT JOIN users us ON us.id = u.uploaded_by
        WHERE u.tenant_id = $1 AND u.provider_id = ANY ($2::uuid[]) ${id ? 'AND u.id = $3' : ''}
        ORDER BY u.uploaded_at DESC, u.id LIMIT 20`,
      id ? [this.auth.tenantId, providerIds, id] : [this.auth.tenantId, providerIds],
    )) as {
      id: string;
      provider_id: string;
      provider_name: string;
      filename: string | null;
      format: AttendanceFileFormat;
      sha256: string;
      row_count: number;
      changed_count: number;
      uploaded_at: Date;
      display_name: string | null;
    }[];
    return rows.map((r) => ({
      id: r.id,
      providerId: r.provider_id,
      providerName: r.provider_name,
      filename: r.filename,
      format: r.format,
      sha256: r.sha256,
      rowCount: r.row_count,
      changedCount: r.changed_count,
      uploadedAt: r.uploaded_at.toISOString(),
      uploadedBy: r.display_name,
    }));
  }

  private activePlacements(m: EntityManager, providerIds: string[]) {
    const params: unknown[] = [this.auth.tenantId, providerIds];
    const scope = positionalScope(sqlScope(this.auth.ability, 'create', 'ApAttendance', 'c', CASE_COLUMNS), params);
    return m.query(
      `SELECT pl.id, pl.case_id, c.reference::text AS reference, c.pupil_id, p.given_name, p.family_name, pl.provider_id, pr.name AS provider_name,
              to_char(pl.started_on, 'YYYY-MM-DD') AS started_on,
              (SELECT to_char(max(a.session_date), 'YYYY-MM-DD') FROM ap_attendance a WHERE a.tenant_id = pl.tenant_id AND a.placement_id = pl.id) AS last_recorded
         FROM ap_placements pl
         JOIN ap_cases c ON c.tenant_id = pl.tenant_id AND c.id = pl.case_id
         JOIN pupils p ON p.tenant_id = c.tenant_id AND p.id = c.pupil_id
         JOIN ap_providers pr ON pr.tenant_id = pl.tenant_id AND pr.id = pl.provider_id
        WHERE pl.tenant_id = $1 AND pl.provider_id = ANY ($2::uuid[]) AND pl.status = 'active' AND ${scope}
        ORDER BY p.family_name, p.given_name, c.reference LIMIT 1000`,
      params,
    ) as Promise<
      {
        id: string;
        case_id: string;
        reference: string;
        pupil_id: string;
        given_name: string;
        family_name: string;
        provider_id: string;
        provider_name: string;
        started_on: string | null;
        last_recorded: string | null;
      }[]
    >;
  }

  /** A placement the caller may read (or act on) by the case's columns; null when not theirs to see. */
  private async placement(m: EntityManager, id: string, action: 'read' | 'create'): Promise<PlacementRow | null> {
    const params: unknown[] = [this.auth.tenantId, id];
    const scope = positionalScope(sqlScope(this.auth.ability, action, 'ApAttendance', 'c', CASE_COLUMNS), params);
    const [row] = (await m.query(
      `${PLACEMENT_SELECT} WHERE pl.tenant_id = $1 AND pl.id = $2 AND ${scope}`,
      params,
    )) as PlacementRow[];
    return row ?? null;
  }

  private may(action: 'create' | 'read', p: PlacementRow): boolean {
    return this.auth.ability.can(
      action,
      subject('ApAttendance', {
        tenantId: this.auth.tenantId,
        laId: p.la_id,
        settingId: p.setting_id ?? undefined,
        providerId: p.provider_id,
      }) as never,
    );
  }

  /**
   * The provider a file or template is for: the one given (which must be one of the caller's),
   * or the caller's only provider. A provider not theirs is a field error in a body, a 404 in a query.
   */
  private providerFor(input: unknown, notMine: 'field' | 'notFound'): string {
    const mine = apProviderIds(this.auth.principal);
    const wanted = text(input);
    if (wanted) {
      if (UUID.test(wanted) && mine.includes(wanted)) return wanted;
      if (notMine === 'notFound') throw new NotFoundException(problem(404, 'There is no such provider among yours.'));
      throw new InvalidFieldsException([
        { field: 'providerId', message: 'providerId must be one of the providers you work for' },
      ]);
    }
    if (mine.length === 1) return mine[0];
    if (!mine.length) throw new ForbiddenException(problem(403, 'Only an AP provider’s staff record attendance.'));
    throw new InvalidFieldsException([
      { field: 'providerId', message: 'You work for more than one provider: choose which one this is for' },
    ]);
  }

  private requireCreate(): void {
    if (!this.auth.ability.can('create', 'ApAttendance'))
      throw new ForbiddenException(problem(403, 'Only an AP provider’s staff record attendance.'));
  }

  private requireRead(): void {
    if (!this.auth.ability.can('read', 'ApAttendance'))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
  }

  private notFound(): NotFoundException {
    return new NotFoundException(problem(404, 'There is no such placement among those you can open.'));
  }
}
