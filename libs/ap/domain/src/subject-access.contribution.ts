import { Injectable, NotFoundException } from '@nestjs/common';
import { ContributesSubjectAccess, DataSubject, SubjectAccessContributor, SubjectAccessPart } from '@rep-hub/contracts';
import { problem } from '@rep-hub/platform';
import { EntityManager } from 'typeorm';
import { EVENT_LABELS } from './cases.model';

type Json = Record<string, unknown>;

const camel = (k: string) => k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
/** A row as `to_jsonb` gives it (dates as YYYY-MM-DD, timestamps ISO), with camelCase keys. */
const keys = (row: Json | null | undefined): Json =>
  Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [camel(k), v]));

/**
 * Alternative provision's sections of the DPO's subject access draft (composed by the core's
 * SubjectAccessRegistry): the pupil's record with the names of the organisations it points to,
 * its UPN match requests (that one exists and its outcome, never the other record), its cases
 * with their timelines, placements, reviews, follow-ups and alerts, and every attendance session
 * of its placements. Each is about the one record the DPO opened, and names no other pupil.
 */
@Injectable()
@ContributesSubjectAccess()
export class ApSubjectAccess implements SubjectAccessContributor {
  readonly module = 'alternative-provision';
  /** Its records are about children: an adult's draft has no AP section. */
  readonly kinds = ['pupil'] as const;
  readonly sections = [
    { key: 'pupil', title: 'The pupil’s record' },
    { key: 'matchRequests', title: 'UPN match requests' },
    { key: 'cases', title: 'AP cases' },
    { key: 'attendance', title: 'Attendance' },
  ];

  /** AP's records that an LA controls (every table with an id that carries `la_id`; attendance sessions are named by their placement): their LA. */
  async controllersOf(m: EntityManager, tenantId: string, ids: string[]): Promise<{ id: string; laId: string }[]> {
    const rows = (await m.query(
      `SELECT id::text AS id, la_id::text AS la_id FROM (
         SELECT id, la_id, tenant_id FROM pupils UNION ALL SELECT id, la_id, tenant_id FROM ap_cases
         UNION ALL SELECT id, la_id, tenant_id FROM ap_case_events UNION ALL SELECT id, la_id, tenant_id FROM ap_placements
         UNION ALL SELECT id, la_id, tenant_id FROM ap_reviews UNION ALL SELECT id, la_id, tenant_id FROM ap_followups
         UNION ALL SELECT id, la_id, tenant_id FROM ap_alerts UNION ALL SELECT id, la_id, tenant_id FROM pupil_upn_matches) r
        WHERE r.tenant_id = $1 AND r.id = ANY ($2::uuid[])`,
      [tenantId, ids],
    )) as { id: string; la_id: string }[];
    return rows.map((r) => ({ id: r.id, laId: r.la_id }));
  }

  async collect(m: EntityManager, subject: DataSubject): Promise<SubjectAccessPart> {
    const { tenantId, recordId: pupilId } = subject;
    if (subject.kind !== 'pupil') throw new Error('AP keeps records about pupils only');
    const [p] = (await m.query(
      `SELECT to_jsonb(p) AS row, la.name AS la_name, s.name AS recorded_by_school, cs.name AS current_school_name, u.display_name AS created_by_name
         FROM pupils p
         JOIN organisations la ON la.tenant_id = p.tenant_id AND la.id = p.la_id
         LEFT JOIN organisations s ON s.tenant_id = p.tenant_id AND s.id = p.setting_id
         LEFT JOIN organisations cs ON cs.tenant_id = p.tenant_id AND cs.id = p.current_school_id
         LEFT JOIN users u ON u.id = p.created_by
        WHERE p.tenant_id = $1 AND p.id = $2`,
      [tenantId, pupilId],
    )) as {
      row: Json;
      la_name: string;
      recorded_by_school: string | null;
      current_school_name: string | null;
      created_by_name: string | null;
    }[];
    if (!p) throw new NotFoundException(problem(404, 'There is no such pupil in your partnership.'));
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
      const rows = (await m.query(sql, [tenantId, caseIds])) as {
        case_id: string;
        row: Json;
        [extra: string]: unknown;
      }[];
      const map = new Map<string, Json[]>();
      for (const r of rows) {
        const extra = Object.fromEntries(
          Object.entries(r)
            .filter(([k]) => k !== 'row' && k !== 'case_id')
            .map(([k, v]) => [camel(k), v]),
        );
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
    const reviews = await byCase(
      `SELECT case_id, to_jsonb(r) AS row FROM ap_reviews r WHERE tenant_id = $1 AND case_id = ANY ($2::uuid[]) ORDER BY due_on, id`,
    );
    const followUps = await byCase(
      `SELECT case_id, to_jsonb(f) AS row FROM ap_followups f WHERE tenant_id = $1 AND case_id = ANY ($2::uuid[]) ORDER BY due_on, id`,
    );
    const alerts = await byCase(
      `SELECT case_id, to_jsonb(a) AS row FROM ap_alerts a WHERE tenant_id = $1 AND case_id = ANY ($2::uuid[]) ORDER BY raised_at, id`,
    );
    const cases = caseRows.map((c) => {
      const id = c.row['id'] as string;
      return {
        ...keys(c.row),
        reference: `AP-${c.ref.padStart(6, '0')}`,
        laName: c.la_name,
        settingName: c.setting_name,
        providerName: c.provider_name,
        timeline: (events.get(id) ?? []).map((e) => ({
          ...e,
          label: EVENT_LABELS[e['action'] as string] ?? e['action'],
        })),
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

    return {
      sections: {
        pupil,
        matchRequests: matches.map((x) => ({
          id: x.id,
          status: x.status,
          createdAt: x.created_at.toISOString(),
          thisRecordIs: x.held_first ? 'the_record_held_first' : 'the_later_record',
        })),
        cases,
        attendance: attendance.map((a) => keys(a.row)),
      },
      // the audit trail is searched for these: a list view names other pupils too, so only this pupil's ids are shown
      recordIds: [
        pupilId,
        ...caseIds,
        ...placementIds,
        ...[...reviews.values(), ...followUps.values(), ...alerts.values()].flat().map((r) => r['id'] as string),
      ],
    };
  }
}
