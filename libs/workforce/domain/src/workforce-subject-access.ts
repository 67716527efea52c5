import { Injectable } from '@nestjs/common';
import {
  ContributesSubjectAccess,
  DataSubject,
  DataSubjectFinder,
  DataSubjectMatch,
  FindsDataSubjects,
  PersonQuery,
  PersonSubject,
  SubjectAccessContributor,
  SubjectAccessPart,
} from '@rep-hub/contracts';
import { EntityManager } from 'typeorm';
import { WORKFORCE_MODULE } from './workforce-principal';
import { ENROLMENT_STATUS_LABELS, MILESTONE_LABELS, PARTICIPANT_ROLE_LABELS, ParticipantRole } from './workforce.model';

type Json = Record<string, unknown>;

const camel = (k: string) => k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
/** A row as `to_jsonb` gives it (dates as YYYY-MM-DD, timestamps ISO), with camelCase keys. */
const keys = (row: Json | null | undefined): Json =>
  Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [camel(k), v]));

/**
 * How the DPO finds a training participant (an adult: a `person` data subject) for a subject
 * access request: by work email (any case) and/or part of the full name. The participant's
 * controller is the employing LA (the LA that walls the row); the core shows the DPO their own
 * LA's matches and names any other LA holding one.
 */
@Injectable()
@FindsDataSubjects()
export class WorkforceParticipantFinder implements DataSubjectFinder {
  readonly module = WORKFORCE_MODULE;
  readonly kind = 'person' as const;

  async find(m: EntityManager, tenantId: string, q: PersonQuery): Promise<DataSubjectMatch[]> {
    const params: unknown[] = [tenantId];
    const where: string[] = [];
    if (q.email) {
      params.push(q.email.toLowerCase());
      where.push(`lower(w.work_email) = $${params.length}`);
    }
    if (q.name) {
      params.push(q.name.toLowerCase());
      where.push(`strpos(lower(w.full_name), $${params.length}) > 0`);
    }
    if (!where.length) return [];
    const rows = (await m.query(
      `SELECT w.id, w.la_id, w.full_name, w.work_email, w.role FROM workforce_participants w
        WHERE w.tenant_id = $1 AND ${where.join(' AND ')} ORDER BY w.full_name, w.id LIMIT 100`,
      params,
    )) as { id: string; la_id: string; full_name: string; work_email: string; role: ParticipantRole }[];
    return rows.map((r) => ({
      id: r.id,
      laId: r.la_id,
      fullName: r.full_name,
      workEmail: r.work_email,
      description: `Workforce training participant (${PARTICIPANT_ROLE_LABELS[r.role] ?? r.role})`,
    }));
  }

  async subject(m: EntityManager, tenantId: string, recordId: string): Promise<PersonSubject | null> {
    const [r] = (await m.query(
      `SELECT w.full_name, w.work_email, w.la_id, la.name AS la_name
         FROM workforce_participants w JOIN organisations la ON la.tenant_id = w.tenant_id AND la.id = w.la_id
        WHERE w.tenant_id = $1 AND w.id = $2`,
      [tenantId, recordId],
    )) as { full_name: string; work_email: string; la_id: string; la_name: string }[];
    if (!r) return null;
    return {
      tenantId,
      kind: 'person',
      recordId,
      fullName: r.full_name,
      workEmail: r.work_email,
      controller: { laId: r.la_id, name: r.la_name },
    };
  }
}

/**
 * Workforce training's sections of an adult's subject access draft (composed by the core's
 * SubjectAccessRegistry): the participant's record with the names of the organisations it points
 * to, and each enrolment with its cohort, programme and provider, every change of status (who and
 * when) and the milestones declared. Upload files are not kept once their job has run (a refused
 * file's problems name rows and columns, not people), so no upload names the participant.
 */
@Injectable()
@ContributesSubjectAccess()
export class WorkforceSubjectAccess implements SubjectAccessContributor {
  readonly module = WORKFORCE_MODULE;
  /** Participants are adults: a child's draft has no workforce section. */
  readonly kinds = ['person'] as const;
  readonly sections = [
    { key: 'trainingParticipant', title: 'The training participant’s record' },
    { key: 'trainingEnrolments', title: 'Training enrolments, their history and milestones' },
  ];

  /** Workforce training's records an LA controls (participants, enrolments and their history: each carries its employing LA). */
  async controllersOf(m: EntityManager, tenantId: string, ids: string[]): Promise<{ id: string; laId: string }[]> {
    const rows = (await m.query(
      `SELECT id::text AS id, la_id::text AS la_id FROM (
         SELECT id, la_id, tenant_id FROM workforce_participants UNION ALL SELECT id, la_id, tenant_id FROM workforce_enrolments
         UNION ALL SELECT id, la_id, tenant_id FROM workforce_enrolment_events) r
        WHERE r.tenant_id = $1 AND r.id = ANY ($2::uuid[])`,
      [tenantId, ids],
    )) as { id: string; la_id: string }[];
    return rows.map((r) => ({ id: r.id, laId: r.la_id }));
  }

  async collect(m: EntityManager, subject: DataSubject): Promise<SubjectAccessPart> {
    if (subject.kind !== 'person') throw new Error('Workforce training keeps records about adults only');
    const { tenantId, recordId } = subject;
    const [p] = (await m.query(
      `SELECT to_jsonb(w) AS row, la.name AS la_name, rec.name AS recorded_by_name
         FROM workforce_participants w
         JOIN organisations la ON la.tenant_id = w.tenant_id AND la.id = w.la_id
         JOIN organisations rec ON rec.tenant_id = w.tenant_id AND rec.id = w.recorded_by_org_id
        WHERE w.tenant_id = $1 AND w.id = $2`,
      [tenantId, recordId],
    )) as { row: Json; la_name: string; recorded_by_name: string }[];
    if (!p) return { sections: { trainingParticipant: null, trainingEnrolments: [] }, recordIds: [] };

    const enrolments = (await m.query(
      `SELECT to_jsonb(e) AS row, c.name AS cohort_name, pr.name AS programme_name, o.name AS provider_name
         FROM workforce_enrolments e
         JOIN workforce_cohorts c ON c.tenant_id = e.tenant_id AND c.id = e.cohort_id
         JOIN workforce_programmes pr ON pr.tenant_id = c.tenant_id AND pr.id = c.programme_id
         JOIN organisations o ON o.tenant_id = e.tenant_id AND o.id = e.provider_id
        WHERE e.tenant_id = $1 AND e.participant_id = $2 ORDER BY e.created_at, e.id`,
      [tenantId, recordId],
    )) as { row: Json; cohort_name: string; programme_name: string; provider_name: string }[];
    const enrolmentIds = enrolments.map((e) => e.row['id'] as string);
    const history = (await m.query(
      `SELECT ev.enrolment_id, to_jsonb(ev) - 'tenant_id' - 'enrolment_id' AS row, u.display_name AS actor_name
         FROM workforce_enrolment_events ev LEFT JOIN users u ON u.id = ev.actor_id
        WHERE ev.tenant_id = $1 AND ev.enrolment_id = ANY ($2::uuid[]) ORDER BY ev.at, ev.id`,
      [tenantId, enrolmentIds],
    )) as { enrolment_id: string; row: Json; actor_name: string | null }[];
    const milestones = (await m.query(
      `SELECT ms.enrolment_id, to_jsonb(ms) - 'tenant_id' - 'enrolment_id' AS row, u.display_name AS declared_by_name
         FROM workforce_milestones ms LEFT JOIN users u ON u.id = ms.declared_by
        WHERE ms.tenant_id = $1 AND ms.enrolment_id = ANY ($2::uuid[]) ORDER BY ms.evidence_on, ms.milestone`,
      [tenantId, enrolmentIds],
    )) as { enrolment_id: string; row: Json; declared_by_name: string | null }[];

    const role = p.row['role'] as ParticipantRole;
    return {
      sections: {
        trainingParticipant: {
          ...keys(p.row),
          roleLabel: PARTICIPANT_ROLE_LABELS[role] ?? role,
          laName: p.la_name,
          recordedByName: p.recorded_by_name,
        },
        trainingEnrolments: enrolments.map((e) => {
          const id = e.row['id'] as string;
          return {
            ...keys(e.row),
            statusLabel: ENROLMENT_STATUS_LABELS[e.row['status'] as keyof typeof ENROLMENT_STATUS_LABELS],
            cohortName: e.cohort_name,
            programmeName: e.programme_name,
            providerName: e.provider_name,
            history: history
              .filter((h) => h.enrolment_id === id)
              .map((h) => ({ ...keys(h.row), actorName: h.actor_name })),
            milestones: milestones
              .filter((x) => x.enrolment_id === id)
              .map((x) => ({
                ...keys(x.row),
                label: MILESTONE_LABELS[x.row['milestone'] as keyof typeof MILESTONE_LABELS],
                declaredByName: x.declared_by_name,
              })),
          };
        }),
      },
      // the audit trail is searched for these: the participant, their enrolments and their history
      recordIds: [recordId, ...enrolmentIds, ...history.map((h) => h.row['id'] as string)],
    };
  }
}
