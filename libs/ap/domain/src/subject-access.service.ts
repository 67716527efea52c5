import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import { AuthContext } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, problem } from '@rep-hub/platform';
import { EntityManager } from 'typeorm';
import { EVENT_LABELS } from './cases.model';
import { realDate, text, UUID } from './input';

export const SUBJECT_ACCESS_NOTICE =
  'DRAFT for redaction: not for release. This is everything REP Hub holds about the pupil. Before anything is released, the data protection officer must review it and redact third-party data (other people named in notes, views and contacts, and staff where appropriate) and anything exempt.';

export interface SubjectAccessQuery {
  upn?: unknown;
  familyName?: unknown;
  dateOfBirth?: unknown;
}

/** A pupil record that may be the requester's (each LA and school keeps its own record). */
export interface SubjectAccessCandidate {
  id: string;
  laId: string;
  laName: string;
  /** Who recorded it: the school's name, or the LA's. */
  recordedBy: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  upn: string | null;
}

type Json = Record<string, unknown>;

export interface SubjectAccessExport {
  status: 'draft_for_redaction';
  notice: string;
  generatedAt: string;
  generatedBy: { userId: string; name: string | null };
  /** The pupil's home LA: the data controller. */
  controller: { laId: string; name: string };
  /** Every column of the pupil's record, with the names of the organisations it points to. */
  pupil: Json;
  /** UPN match requests on this record: that one exists and its outcome, never the other record. */
  matchRequests: { id: string; status: string; createdAt: string; thisRecordIs: 'the_record_held_first' | 'the_later_record' }[];
  cases: (Json & { timeline: Json[]; placement: Json | null; reviews: Json[]; followUps: Json[]; alerts: Json[] })[];
  /** Every attendance session of the pupil's placements. */
  attendance: Json[];
  /** Who viewed or changed the pupil's records, and when. */
  auditTrail: { at: string; actor: { userId: string | null; name: string | null }; action: string; subjectType: string; records: string[] }[];
}

const camel = (k: string) => k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
/** A row as `to_jsonb` gives it (dates as YYYY-MM-DD, timestamps ISO), with camelCase keys. */
const keys = (row: Json | null | undefined): Json => Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [camel(k), v]));

/**
 * Subject access for the partnership's data protection officer: find the records that may be the
 * requester's across every LA of the partnership, then export everything held about one of them
 * as a draft for redaction (JSON, or the PDF built from it). The DPO has no LA of their own: each
 * request opens a unit of work over all the tenant's LAs and touches only the pupil asked about.
 * Every search and export is audited.
 */
@Injectable()
export class SubjectAccessService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
  ) {}

  async search(q: SubjectAccessQuery): Promise<SubjectAccessCandidate[]> {
    this.require();
    const upn = text(q.upn)?.toUpperCase().replace(/\s+/g, '');
    const familyName = text(q.familyName);
    const dateOfBirth = text(q.dateOfBirth);
    const errors: FieldError[] = [];
    if (upn !== undefined) {
      if (!/^[A-Z][0-9]{11}[0-9A-Z]$/.test(upn)) errors.push({ field: 'upn', message: 'Enter a UPN of 13 characters, like H801200001001' });
    } else if (familyName === undefined && dateOfBirth === undefined) {
      errors.push({ field: 'upn', message: 'Enter the UPN, or the family name and date of birth' });
    } else {
      if (!familyName) errors.push({ field: 'familyName', message: 'Enter the family name' });
      else if (familyName.length > 100) errors.push({ field: 'familyName', message: 'The family name must be 100 characters or fewer' });
      if (!realDate(dateOfBirth)) errors.push({ field: 'dateOfBirth', message: 'Enter the date of birth as YYYY-MM-DD' });
    }
    if (errors.length) throw new InvalidFieldsException(errors);
    const las = await this.allLas();
    return this.auth.inTenantWithLas(las, async (m) => {
      const params: unknown[] = [this.auth.tenantId];
      let where: string;
      if (upn) {
        params.push(upn);
        where = 'p.upn = $2';
      } else {
        params.push(familyName!.toLowerCase(), dateOfBirth);
        where = 'lower(p.family_name) = $2 AND p.date_of_birth = $3::date';
      }
      const rows = (await m.query(
        `SELECT p.id, p.la_id, la.name AS la_name, coalesce(s.name, la.name) AS recorded_by, p.given_name, p.family_name,
                to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, p.upn
           FROM pupils p
           JOIN organisations la ON la.tenant_id = p.tenant_id AND la.id = p.la_id
           LEFT JOIN organisations s ON s.tenant_id = p.tenant_id AND s.id = p.setting_id
          WHERE p.tenant_id = $1 AND ${where}
          ORDER BY la.name, recorded_by, p.id LIMIT 100`,
        params,
      )) as { id: string; la_id: string; la_name: string; recorded_by: string; given_name: string; family_name: string; date_of_birth: string; upn: string | null }[];
      await this.audit.record({
        action: 'subject_access.search',
        subjectType: 'Pupil',
        subjectIds: rows.map((r) => r.id),
        details: { by: upn ? 'upn' : 'family_name_and_date_of_birth', count: rows.length },
      });
      return rows.map((r) => ({
        id: r.id,
        laId: r.la_id,
        laName: r.la_name,
        recordedBy: r.recorded_by,
        givenName: r.given_name,
        familyName: r.family_name,
        dateOfBirth: r.date_of_birth,
        upn: r.upn,
      }));
    });
  }

  /** The draft export of everything held about one pupil; `format` is what the audit event records. */
  async export(pupilId: string, format: 'json' | 'pdf' | 'page'): Promise<SubjectAccessExport> {
    this.require();
    if (!UUID.test(pupilId)) throw this.notFound();
    const las = await this.allLas();
    return this.auth.inTenantWithLas(las, async (m) => {
      const out = await this.collect(m, pupilId);
      await this.audit.record({
        action: 'subject_access.export',
        subjectType: 'Pupil',
        subjectIds: [pupilId, ...out.cases.map((c) => c['id'] as string)],
        laId: out.controller.laId,
        details: { format, cases: out.cases.length, attendanceSessions: out.attendance.length },
      });
      return out;
    });
  }

  private async collect(m: EntityManager, pupilId: string): Promise<SubjectAccessExport> {
    const tenantId = this.auth.tenantId;
    const [p] = (await m.query(
      `SELECT to_jsonb(p) AS row, la.name AS la_name, s.name AS recorded_by_school, cs.name AS current_school_name, u.display_name AS created_by_name
         FROM pupils p
         JOIN organisations la ON la.tenant_id = p.tenant_id AND la.id = p.la_id
         LEFT JOIN organisations s ON s.tenant_id = p.tenant_id AND s.id = p.setting_id
         LEFT JOIN organisations cs ON cs.tenant_id = p.tenant_id AND cs.id = p.current_school_id
         LEFT JOIN users u ON u.id = p.created_by
        WHERE p.tenant_id = $1 AND p.id = $2`,
      [tenantId, pupilId],
    )) as { row: Json; la_name: string; recorded_by_school: string | null; current_school_name: string | null; created_by_name: string | null }[];
    if (!p) throw this.notFound();
    const laId = p.row['la_id'] as string;
    const pupil = {
      ...keys(p.row),
      laName: p.la_name,
      recordedBy: p.recorded_by_school ?? p.la_name,
      currentSchoolName: p.current_school_name,
      createdByName: p.created_by_name,
    };

    const matches = (await m.query(
      `SELECT id, status, created_at, pupil_id = $2 AS held_first FROM pupil_upn_matches WHERE tenant_id = $1 AND (pupil_id = $2 OR other_pupil_id = $2) ORDER BY created_at, id`,
      [tenantId, pupilId],
    )) as { id: string; status: string; created_at: Date; held_first: boolean }[];

    const caseRows = (await m.query(
      `SELECT to_jsonb(c) AS row, c.reference::text AS ref, la.name AS la_name, s.name AS setting_name, pr.name AS provider_name
         FROM ap_cases c
         JOIN organisations la ON la.tenant_id = c.tenant_id AND la.id = c.la_id
         LEFT JOIN organisations s ON s.tenant_id = c.tenant_id AND s.id = c.setting_id
         LEFT JOIN ap_providers pr ON pr.tenant_id = c.tenant_id AND pr.id = c.provider_id
        WHERE c.tenant_id = $1 AND c.pupil_id = $2 ORDER BY c.created_at, c.id`,
      [tenantId, pupilId],
    )) as { row: Json; ref: string; la_name: string; setting_name: string | null; provider_name: string | null }[];
    const caseIds = caseRows.map((c) => c.row['id'] as string);
    const byCase = async (sql: string): Promise<Map<string, Json[]>> => {
      const rows = (await m.query(sql, [tenantId, caseIds])) as { case_id: string; row: Json; [extra: string]: unknown }[];
      const map = new Map<string, Json[]>();
      for (const r of rows) {
        const extra = Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'row' && k !== 'case_id').map(([k, v]) => [camel(k), v]));
        map.set(r.case_id, [...(map.get(r.case_id) ?? []), { ...keys(r.row), ...extra }]);
      }
      return map;
    };
    const events = await byCase(
      `SELECT e.case_id, to_jsonb(e) AS row, u.display_name AS actor_name FROM ap_case_events e LEFT JOIN users u ON u.id = e.actor_id
        WHERE e.tenant_id = $1 AND e.case_id = ANY ($2::uuid[]) ORDER BY e.at, e.id`,
    );
    const placements = await byCase(
      `SELECT pl.case_id, to_jsonb(pl) AS row, pr.name AS provider_name FROM ap_placements pl LEFT JOIN ap_providers pr ON pr.tenant_id = pl.tenant_id AND pr.id = pl.provider_id
        WHERE pl.tenant_id = $1 AND pl.case_id = ANY ($2::uuid[])`,
    );
    const reviews = await byCase(`SELECT case_id, to_jsonb(r) AS row FROM ap_reviews r WHERE tenant_id = $1 AND case_id = ANY ($2::uuid[]) ORDER BY due_on, id`);
    const followUps = await byCase(`SELECT case_id, to_jsonb(f) AS row FROM ap_followups f WHERE tenant_id = $1 AND case_id = ANY ($2::uuid[]) ORDER BY due_on, id`);
    const alerts = await byCase(`SELECT case_id, to_jsonb(a) AS row FROM ap_alerts a WHERE tenant_id = $1 AND case_id = ANY ($2::uuid[]) ORDER BY raised_at, id`);
    const cases = caseRows.map((c) => {
      const id = c.row['id'] as string;
      return {
        ...keys(c.row),
        reference: `AP-${c.ref.padStart(6, '0')}`,
        laName: c.la_name,
        settingName: c.setting_name,
        providerName: c.provider_name,
        timeline: (events.get(id) ?? []).map((e) => ({ ...e, label: EVENT_LABELS[e['action'] as string] ?? e['action'] })),
        placement: placements.get(id)?.[0] ?? null,
        reviews: reviews.get(id) ?? [],
        followUps: followUps.get(id) ?? [],
        alerts: alerts.get(id) ?? [],
      };
    });
    const placementIds = [...placements.values()].flat().map((pl) => pl['id'] as string);

    const attendance = (await m.query(
      `SELECT to_jsonb(a) AS row FROM ap_attendance a WHERE a.tenant_id = $1 AND a.placement_id = ANY ($2::uuid[]) ORDER BY a.session_date, a.session`,
      [tenantId, placementIds],
    )) as { row: Json }[];

    // audit events naming any of this pupil's records; a list view names other pupils too, so only this pupil's ids are shown
    const own = [pupilId, ...caseIds, ...placementIds, ...[...reviews.values(), ...followUps.values(), ...alerts.values()].flat().map((r) => r['id'] as string)];
    const trail = (await m.query(
      `SELECT e.occurred_at, e.actor_id, u.display_name, e.action, e.subject_type,
              ARRAY(SELECT x::text FROM unnest(e.subject_ids) x WHERE x = ANY ($2::uuid[])) AS records
         FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id
        WHERE e.tenant_id = $1 AND e.subject_ids && $2::uuid[]
        ORDER BY e.occurred_at, e.id`,
      [tenantId, own],
    )) as { occurred_at: Date; actor_id: string | null; display_name: string | null; action: string; subject_type: string; records: string[] }[];

    const [me] = (await m.query(`SELECT display_name FROM users WHERE id = $1`, [this.auth.principal.userId])) as { display_name: string | null }[];
    return {
      status: 'draft_for_redaction',
      notice: SUBJECT_ACCESS_NOTICE,
      generatedAt: new Date().toISOString(),
      generatedBy: { userId: this.auth.principal.userId, name: me?.display_name ?? null },
      controller: { laId, name: p.la_name },
      pupil,
      matchRequests: matches.map((x) => ({ id: x.id, status: x.status, createdAt: x.created_at.toISOString(), thisRecordIs: x.held_first ? 'the_record_held_first' : 'the_later_record' })),
      cases,
      attendance: attendance.map((a) => keys(a.row)),
      auditTrail: trail.map((t) => ({
        at: t.occurred_at.toISOString(),
        actor: { userId: t.actor_id, name: t.display_name },
        action: t.action,
        subjectType: t.subject_type,
        records: t.records,
      })),
    };
  }

  /** Every LA of the partnership, read in a tenant-only unit of work. */
  private async allLas(): Promise<string[]> {
    const rows = (await this.auth.inTenant((m) => m.query(`SELECT id FROM organisations WHERE tenant_id = $1 AND kind = 'local_authority'`, [this.auth.tenantId]))) as { id: string }[];
    return rows.map((r) => r.id);
  }

  private require(): void {
    if (!this.auth.ability.can('read', 'PupilSubjectAccess')) throw new ForbiddenException(problem(403, 'Subject access requests are for the partnership’s data protection officer.'));
  }

  private notFound(): NotFoundException {
    return new NotFoundException(problem(404, 'There is no such pupil in your partnership.'));
  }
}
