import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { subject } from '@casl/ability';
import { AuthContext, positionalScope, sqlScope } from '@rep-hub/auth';
import { InvalidFieldsException, problem } from '@rep-hub/platform';
import { AttendanceCategory } from '@rep-hub/reference';
import { EntityManager } from 'typeorm';
import { AttendanceFileFormat } from './attendance-file';
import { CASE_COLUMNS } from './cases.model';
import { text, UUID } from './input';
import { apProviderIds } from './ap-principal';
import {
  AttendanceSessionName,
  AttendanceUploadView,
  Checked,
  PLACEMENT_SELECT,
  PlacementRow,
} from './attendance.model';

/** A recorded session as stored. */
export interface SessionRow {
  date: string;
  session: AttendanceSessionName;
  code: string;
  code_version: string;
  category: AttendanceCategory;
  note: string | null;
  recorded_at: Date;
  upload_id: string | null;
}

/**
 * What recording, reading and uploading attendance share: the SQL (placements scoped by the
 * caller's rules on the case's columns, the sessions, the one bulk upsert, the uploads) and the
 * checks of who may do what, each inside the caller's unit of work.
 */
@Injectable()
export class AttendanceStore {
  constructor(private readonly auth: AuthContext) {}

  /** The sessions of a placement, optionally between two dates, in order. */
  sessions(m: EntityManager, placementId: string, from: string | null, to: string | null): Promise<SessionRow[]> {
    return m.query(
      `SELECT to_char(session_date, 'YYYY-MM-DD') AS date, session, code, code_version, category, note, recorded_at, upload_id
         FROM ap_attendance
        WHERE tenant_id = $1 AND placement_id = $2 AND ($3::date IS NULL OR session_date >= $3::date) AND ($4::date IS NULL OR session_date <= $4::date)
        ORDER BY session_date, session`,
      [this.auth.tenantId, placementId, from, to],
    ) as Promise<SessionRow[]>;
  }

  /** The sessions recorded on one date for some placements. */
  sessionsOn(
    m: EntityManager,
    placementIds: string[],
    date: string,
  ): Promise<{ placement_id: string; session: AttendanceSessionName; code: string; note: string | null }[]> {
    return m.query(
      `SELECT placement_id, session, code, note FROM ap_attendance
        WHERE tenant_id = $1 AND placement_id = ANY ($2::uuid[]) AND session_date = $3::date`,
      [this.auth.tenantId, placementIds, date],
    ) as Promise<{ placement_id: string; session: AttendanceSessionName; code: string; note: string | null }[]>;
  }

  /** The placements at a provider whose cases have these references, that the caller may record attendance of. */
  placementsByReference(m: EntityManager, references: string[], providerId: string): Promise<PlacementRow[]> {
    const params: unknown[] = [this.auth.tenantId, references, providerId];
    const scope = positionalScope(sqlScope(this.auth.ability, 'create', 'ApAttendance', 'c', CASE_COLUMNS), params);
    return m.query(
      `${PLACEMENT_SELECT} WHERE pl.tenant_id = $1 AND c.reference = ANY ($2::bigint[]) AND pl.provider_id = $3 AND ${scope}`,
      params,
    ) as Promise<PlacementRow[]>;
  }

  /** The caller's providers (id and name), by name. */
  providers(m: EntityManager): Promise<{ id: string; name: string }[]> {
    return m.query(`SELECT id, name FROM ap_providers WHERE tenant_id = $1 AND id = ANY ($2::uuid[]) ORDER BY name`, [
      this.auth.tenantId,
      apProviderIds(this.auth.principal),
    ]) as Promise<{ id: string; name: string }[]>;
  }

  /**
   * One bulk upsert (unnest arrays): a session that is new or has a different code or note is
   * written (recorded now, by the caller); an unchanged one is not touched. With an upload, its
   * row is inserted by the same statement, with the count of rows changed. Returns that count.
   */
  async upsert(
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

  async uploadRows(m: EntityManager, providerIds: string[], id?: string): Promise<AttendanceUploadView[]> {
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

  activePlacements(m: EntityManager, providerIds: string[]) {
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
  async placement(m: EntityManager, id: string, action: 'read' | 'create'): Promise<PlacementRow | null> {
    const params: unknown[] = [this.auth.tenantId, id];
    const scope = positionalScope(sqlScope(this.auth.ability, action, 'ApAttendance', 'c', CASE_COLUMNS), params);
    const [row] = (await m.query(
      `${PLACEMENT_SELECT} WHERE pl.tenant_id = $1 AND pl.id = $2 AND ${scope}`,
      params,
    )) as PlacementRow[];
    return row ?? null;
  }

  may(action: 'create' | 'read', p: PlacementRow): boolean {
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
  providerFor(input: unknown, notMine: 'field' | 'notFound'): string {
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

  requireCreate(): void {
    if (!this.auth.ability.can('create', 'ApAttendance'))
      throw new ForbiddenException(problem(403, 'Only an AP provider’s staff record attendance.'));
  }

  requireRead(): void {
    if (!this.auth.ability.can('read', 'ApAttendance'))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
  }

  notFound(): NotFoundException {
    return new NotFoundException(problem(404, 'There is no such placement among those you can open.'));
  }
}
