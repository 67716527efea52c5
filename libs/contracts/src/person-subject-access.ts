import { ForbiddenException, NotFoundException } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import { AuthContext } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, isUuid, problem } from '@rep-hub/platform';
import { dpoLas, partnershipLas } from './access-log';
import { PersonQuery, PersonSubject, SubjectAccessDraft, SubjectAccessRegistry } from './subject-access';
import { subjectAccessDraftPdf } from './subject-access-pdf';

/** An adult's record that may be the requester's (each LA keeps its own), of the DPO's own LA. */
export interface PersonCandidate {
  id: string;
  laId: string;
  laName: string;
  fullName: string;
  workEmail: string;
  /** What kind of record it is (the module that keeps it says). */
  description: string;
}

/** What a person search finds: the DPO's own LA's records, and which other LAs hold a matching one (to ask them). */
export interface PersonSearch {
  items: PersonCandidate[];
  /** Other LAs of the partnership holding a matching record: the requester asks that LA, which controls it. */
  heldByOtherLas: { laId: string; laName: string }[];
}

/** The draft about one adult, and whom it is about. */
export interface PersonExport {
  subject: PersonSubject;
  draft: SubjectAccessDraft;
}

const EMAIL = /^[^@\s]+@[^@\s]+$/;

/** The query checked: a work email, a name (part of the full name), or both; 400 naming the field otherwise. */
export function personQuery(q: { email?: unknown; name?: unknown }): PersonQuery {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const email = text(q.email);
  const name = text(q.name);
  const errors: FieldError[] = [];
  if (email === undefined && name === undefined)
    errors.push({ field: 'email', message: 'Enter the work email, or the name' });
  if (email !== undefined && (email.length > 254 || !EMAIL.test(email)))
    errors.push({ field: 'email', message: 'Enter an email address like name@school.example' });
  if (name !== undefined && (name.length < 2 || name.length > 200))
    errors.push({ field: 'name', message: 'Enter the name (2 to 200 characters)' });
  if (errors.length) throw new InvalidFieldsException(errors);
  return { ...(email !== undefined ? { email } : {}), ...(name !== undefined ? { name } : {}) };
}

function mayAccess(auth: AuthContext): void {
  if (!auth.ability.can('read', 'PersonSubjectAccess'))
    throw new ForbiddenException(
      problem(403, 'Subject access requests are for the partnership’s data protection officer.'),
    );
}

const notFound = () =>
  new NotFoundException(problem(404, 'There is no such person’s record of your local authority in your partnership.'));

/**
 * Subject access about an adult (issue 25), for the LA's data protection officer, who answers for
 * the records their LA controls: the records that may be the requester's, found by every module's
 * `@FindsDataSubjects()` finder over every LA of the partnership (one unit of work for one query).
 * The DPO's own LA's records are listed; another LA holding a match is named only, as the LA to
 * ask. Audited. `registry` is absent in an app whose modules keep no records about people (nothing is found).
 */
export async function searchPeople(
  auth: AuthContext,
  audit: AuditService,
  registry: SubjectAccessRegistry | undefined,
  q: { email?: unknown; name?: unknown },
): Promise<PersonSearch> {
  mayAccess(auth);
  const query = personQuery(q);
  const tenantId = auth.tenantId;
  const allLas = await partnershipLas(auth);
  return auth.inTenantWithLas(allLas, async (m) => {
    const found = registry ? await registry.findPeople(m, tenantId, query) : [];
    const names = new Map(
      (
        (await m.query(
          `SELECT id::text AS id, name FROM organisations WHERE tenant_id = $1 AND id = ANY ($2::uuid[])`,
          [tenantId, [...new Set(found.map((r) => r.laId))]],
        )) as { id: string; name: string }[]
      ).map((o) => [o.id, o.name]),
    );
    const own = dpoLas(auth);
    const mine = found.filter((r) => own.includes(r.laId));
    const elsewhere = [...new Set(found.filter((r) => !own.includes(r.laId)).map((r) => r.laId))]
      .map((laId) => ({ laId, laName: names.get(laId) ?? '' }))
      .sort((a, b) => a.laName.localeCompare(b.laName));
    await audit.record({
      action: 'subject_access.search',
      subjectType: 'Person',
      subjectIds: mine.map((r) => r.id),
      details: {
        by: query.email && query.name ? 'email_and_name' : query.email ? 'email' : 'name',
        count: mine.length,
        heldByOtherLas: elsewhere.length,
      },
    });
    return {
      items: mine
        .map((r) => ({
          id: r.id,
          laId: r.laId,
          laName: names.get(r.laId) ?? '',
          fullName: r.fullName,
          workEmail: r.workEmail,
          description: r.description,
        }))
        .sort(
          (a, b) =>
            a.laName.localeCompare(b.laName) || a.fullName.localeCompare(b.fullName) || a.id.localeCompare(b.id),
        ),
      heldByOtherLas: elsewhere,
    };
  });
}

/**
 * Everything held about one adult's record as a draft for redaction, composed by the registry from
 * the contributors of `person` subjects, read in a unit of work over the DPO's own LAs only (so
 * another LA's record, or another partnership's, is not found). `format` is what the audit event
 * records.
 */
export async function exportPerson(
  auth: AuthContext,
  audit: AuditService,
  registry: SubjectAccessRegistry | undefined,
  recordId: string,
  format: 'json' | 'pdf' | 'page',
): Promise<PersonExport> {
  mayAccess(auth);
  if (!isUuid(recordId)) throw notFound();
  const own = dpoLas(auth);
  return auth.inTenantWithLas(own, async (m) => {
    const subject = registry ? await registry.person(m, auth.tenantId, recordId.toLowerCase()) : null;
    if (!registry || !subject || !own.includes(subject.controller.laId)) throw notFound();
    const draft = await registry.compose(m, subject, auth.principal.userId);
    await audit.record({
      action: 'subject_access.export',
      subjectType: 'Person',
      subjectIds: [subject.recordId],
      laId: subject.controller.laId,
      details: { format, kind: 'person' },
    });
    return { subject, draft };
  });
}

/** A person's draft as a PDF, its sections titled as their modules declare them. */
export function personDraftPdf(
  exported: PersonExport,
  registry: SubjectAccessRegistry | undefined,
  options: { compress?: boolean } = {},
): Promise<Buffer> {
  return subjectAccessDraftPdf(
    exported.draft,
    {
      subject: `${exported.subject.fullName} (${exported.subject.workEmail})`,
      sections: registry?.sections('person') ?? [],
    },
    options,
  );
}
