import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import { AuthContext } from '@rep-hub/auth';
import { DataSubject, SUBJECT_ACCESS_NOTICE, SubjectAccessDraft, SubjectAccessRegistry } from '@rep-hub/contracts';
import { FieldError, InvalidFieldsException, problem } from '@rep-hub/platform';
import { EntityManager } from 'typeorm';
import { realDate, text, UUID } from './input';

export { SUBJECT_ACCESS_NOTICE };

export interface SubjectAccessQuery {
  upn?: unknown;
  familyName?: unknown;
  dateOfBirth?: unknown;
}

/** What a search finds: the DPO's own LA's records, and which other LAs hold a matching one (to ask them). */
export interface SubjectAccessSearch {
  items: SubjectAccessCandidate[];
  /** Other LAs of the partnership holding a matching record: the requester asks that LA, which controls it. */
  heldByOtherLas: { laId: string; laName: string }[];
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

/** The draft as alternative provision reads it: the core's envelope (SubjectAccessDraft, with any other module's sections) and AP's sections. */
export type SubjectAccessExport = SubjectAccessDraft & ApSubjectAccessSections;

interface ApSubjectAccessSections {
  /** Every column of the pupil's record, with the names of the organisations it points to. */
  pupil: Json;
  /** UPN match requests on this record: that one exists and its outcome, never the other record. */
  matchRequests: {
    id: string;
    status: string;
    createdAt: string;
    thisRecordIs: 'the_record_held_first' | 'the_later_record';
  }[];
  cases: (Json & { timeline: Json[]; placement: Json | null; reviews: Json[]; followUps: Json[]; alerts: Json[] })[];
  /** Every attendance session of the pupil's placements. */
  attendance: Json[];
}

/**
 * Subject access for a local authority's data protection officer, who answers for the records
 * that LA controls (issue 20): find the records that may be the requester's (the DPO's own LA's;
 * another LA's match is named only as the LA to ask), then export everything held about one of them
 * as a draft for redaction (JSON, or the PDF built from it): the core's SubjectAccessRegistry
 * composes it from every module's contributor (AP's own sections are ApSubjectAccess). A search
 * opens a unit of work over every LA for one query, and shows only the own LA's rows; an export
 * opens one over the DPO's own LAs only, so another LA's pupil is not found.
 * Every search and export is audited.
 */
@Injectable()
export class SubjectAccessService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
    private readonly drafts: SubjectAccessRegistry,
  ) {}

  /**
   * The records of the DPO's own LA that may be the requester's, and the other LAs of the
   * partnership that hold a matching record (to say which LA to ask, showing nothing of it).
   */
  async search(q: SubjectAccessQuery): Promise<SubjectAccessSearch> {
    this.require();
    const upn = text(q.upn)?.toUpperCase().replace(/\s+/g, '');
    const familyName = text(q.familyName);
    const dateOfBirth = text(q.dateOfBirth);
    const errors: FieldError[] = [];
    if (upn !== undefined) {
      if (!/^[A-Z][0-9]{11}[0-9A-Z]$/.test(upn))
        errors.push({ field: 'upn', message: 'Enter a UPN of 13 characters, like H801200001001' });
    } else if (familyName === undefined && dateOfBirth === undefined) {
      errors.push({ field: 'upn', message: 'Enter the UPN, or the family name and date of birth' });
    } else {
      if (!familyName) errors.push({ field: 'familyName', message: 'Enter the family name' });
      else if (familyName.length > 100)
        errors.push({ field: 'familyName', message: 'The family name must be 100 characters or fewer' });
      if (!realDate(dateOfBirth))
        errors.push({ field: 'dateOfBirth', message: 'Enter the date of birth as YYYY-MM-DD' });
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
      )) as {
        id: string;
        la_id: string;
        la_name: string;
        recorded_by: string;
        given_name: string;
        family_name: string;
        date_of_birth: string;
        upn: string | null;
      }[];
      const own = this.ownLas();
      const mine = rows.filter((r) => own.includes(r.la_id));
      const elsewhere = new Map(rows.filter((r) => !own.includes(r.la_id)).map((r) => [r.la_id, r.la_name]));
      await this.audit.record({
        action: 'subject_access.search',
        subjectType: 'Pupil',
        subjectIds: mine.map((r) => r.id),
        details: {
          by: upn ? 'upn' : 'family_name_and_date_of_birth',
          count: mine.length,
          heldByOtherLas: elsewhere.size,
        },
      });
      const items = mine.map((r) => ({
        id: r.id,
        laId: r.la_id,
        laName: r.la_name,
        recordedBy: r.recorded_by,
        givenName: r.given_name,
        familyName: r.family_name,
        dateOfBirth: r.date_of_birth,
        upn: r.upn,
      }));
      return {
        items,
        heldByOtherLas: [...elsewhere].map(([laId, laName]) => ({ laId, laName })),
      };
    });
  }

  /** The draft export of everything held about one pupil; `format` is what the audit event records. */
  async export(pupilId: string, format: 'json' | 'pdf' | 'page'): Promise<SubjectAccessExport> {
    this.require();
    if (!UUID.test(pupilId)) throw this.notFound();
    // the DPO answers for their own LA's records: another LA's pupil is not found
    return this.auth.inTenantWithLas(this.ownLas(), async (m) => {
      // every module's sections (AP's are ApSubjectAccess), composed by the core
      const out = (await this.drafts.compose(
        m,
        await this.subject(m, pupilId),
        this.auth.principal.userId,
      )) as SubjectAccessExport;
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

  /** The data subject: the pupil record the DPO opened, with its LA (the controller); 404 when there is none. */
  private async subject(m: EntityManager, pupilId: string): Promise<DataSubject> {
    const [p] = (await m.query(
      `SELECT p.upn, p.given_name, p.family_name, to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, p.la_id, la.name AS la_name
         FROM pupils p JOIN organisations la ON la.tenant_id = p.tenant_id AND la.id = p.la_id
        WHERE p.tenant_id = $1 AND p.id = $2`,
      [this.auth.tenantId, pupilId],
    )) as {
      upn: string | null;
      given_name: string;
      family_name: string;
      date_of_birth: string;
      la_id: string;
      la_name: string;
    }[];
    if (!p) throw this.notFound();
    return {
      tenantId: this.auth.tenantId,
      kind: 'pupil',
      recordId: pupilId,
      upn: p.upn,
      givenName: p.given_name,
      familyName: p.family_name,
      dateOfBirth: p.date_of_birth,
      controller: { laId: p.la_id, name: p.la_name },
    };
  }

  /** The LAs the DPO acts for: those of their data protection officer memberships. */
  private ownLas(): string[] {
    return [
      ...new Set(
        this.auth.principal.memberships
          .filter((x) => x.role === 'data_protection_officer' && x.localAuthorityId)
          .map((x) => x.localAuthorityId!),
      ),
    ];
  }

  /** Every LA of the partnership, read in a tenant-only unit of work. */
  private async allLas(): Promise<string[]> {
    const rows = (await this.auth.inTenant((m) =>
      m.query(`SELECT id FROM organisations WHERE tenant_id = $1 AND kind = 'local_authority'`, [this.auth.tenantId]),
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  private require(): void {
    if (!this.auth.ability.can('read', 'PupilSubjectAccess'))
      throw new ForbiddenException(
        problem(403, 'Subject access requests are for the partnership’s data protection officer.'),
      );
  }

  private notFound(): NotFoundException {
    return new NotFoundException(problem(404, 'There is no such pupil in your partnership.'));
  }
}
