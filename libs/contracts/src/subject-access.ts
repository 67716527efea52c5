import { Injectable, OnApplicationBootstrap, SetMetadata } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { discoverProviders } from '@rep-hub/platform';
import { EntityManager } from 'typeorm';

/**
 * Subject access: how the DPO's draft (everything REP Hub holds about one person, to redact
 * before release) covers every module. A DPO answers for their own LA's records (the controller);
 * the draft names the agreements in force under which that LA's records are shared. The data
 * subject is of a kind: a child (`pupil`: the module that keeps pupils finds them and resolves the
 * subject) or an adult (`person`: a member of staff, a contact…, found through the
 * `@FindsDataSubjects()` finders of the modules that keep such records, which the core's person
 * search asks). Each module that holds personal data registers a contributor naming the kinds it
 * holds records about, and returns its sections of the draft about that subject, read in the DPO's
 * unit of work. The core composes the draft: the notice, who made it and when, the controller,
 * the sections of each contributor of the subject's kind, and the audit trail of every record
 * they name.
 */
export const SUBJECT_ACCESS_NOTICE =
  'DRAFT for redaction: not for release. This is everything REP Hub holds about the pupil. Before anything is released, the data protection officer must review it and redact third-party data (other people named in notes, views and contacts, and staff where appropriate) and anything exempt.';

/** What the notice says the draft is about, per kind of data subject. */
export const SUBJECT_ACCESS_NOTICES: Record<DataSubjectKind, string> = {
  pupil: SUBJECT_ACCESS_NOTICE,
  person:
    'DRAFT for redaction: not for release. This is everything REP Hub holds about the person. Before anything is released, the data protection officer must review it and redact third-party data (other people named in the records, and staff where appropriate) and anything exempt.',
};

/** The kinds of data subject: a child (a pupil record), or an adult (`person`: a name and a work email). */
export const DATA_SUBJECT_KINDS = ['pupil', 'person'] as const;
export type DataSubjectKind = (typeof DATA_SUBJECT_KINDS)[number];

interface DataSubjectBase {
  /** The partnership the request is made in. */
  tenantId: string;
  /** The record the DPO opened (of the module that keeps such records). */
  recordId: string;
  /** The data controller: the LA that controls the record (a child's home LA, an adult's employing LA). */
  controller: { laId: string; name: string };
}

/** A child, as the DPO found their pupil record. */
export interface PupilSubject extends DataSubjectBase {
  kind: 'pupil';
  upn: string | null;
  givenName: string;
  familyName: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
}

/** An adult (no UPN, no date of birth): a name and a work email, as the DPO found their record. */
export interface PersonSubject extends DataSubjectBase {
  kind: 'person';
  fullName: string;
  workEmail: string;
}

/** The person a request is about, as the DPO found their record. */
export type DataSubject = PupilSubject | PersonSubject;

/** A section a contributor fills: a top-level key of the draft, and its title for a reader. */
export interface SubjectAccessSection {
  key: string;
  title: string;
}

/** What a contributor holds about the subject: a value per section it declares, and the ids of its records (the audit trail is searched for them). */
export interface SubjectAccessPart {
  sections: Record<string, unknown>;
  recordIds: string[];
}

export interface SubjectAccessContributor {
  /** The module, for messages (its folder's name). */
  readonly module: string;
  /** The kinds of data subject it holds records about: it is asked for its sections about a subject of these kinds only. */
  readonly kinds: readonly DataSubjectKind[];
  /** The sections it fills, in order: keys unique across modules. */
  readonly sections: readonly SubjectAccessSection[];
  /** Its sections about the subject (of one of its `kinds`), read with `m` (the DPO's unit of work); it must name only this subject's records. */
  collect(m: EntityManager, subject: DataSubject): Promise<SubjectAccessPart>;
  /**
   * The LA that controls each of `ids` that is a record of this module's (others are left out),
   * read with `m`, a unit of work over every LA of the partnership: ids and LAs only. A DPO answers
   * for their own LA's records (the access log asks).
   */
  controllersOf?(m: EntityManager, tenantId: string, ids: string[]): Promise<{ id: string; laId: string }[]>;
}

/** What the DPO searches adults by: a work email (any case), a name (part of the full name, any case), or both. */
export interface PersonQuery {
  email?: string;
  name?: string;
}

/** A record that may be the requester's, as a finder gives it: the LA that controls it, and what it is. */
export interface DataSubjectMatch {
  id: string;
  laId: string;
  fullName: string;
  workEmail: string;
  /** What kind of record it is, for the DPO (e.g. "A training participant: SENCO"). */
  description: string;
}

/**
 * How a module finds the adults (`person` data subjects) whose records it keeps, for the core's
 * person search. The core reads the matches over every LA of the partnership and shows the DPO
 * only their own LA's (another LA holding a match is named as the LA to ask); it opens a record in
 * a unit of work over the DPO's own LAs only, so another LA's record resolves to nothing.
 */
export interface DataSubjectFinder {
  /** The module, for messages (its folder's name). */
  readonly module: string;
  /** The kind of data subject it finds. */
  readonly kind: 'person';
  /** Every record matching `q` (its fields checked and trimmed by the core), read with `m`; at most 100. */
  find(m: EntityManager, tenantId: string, q: PersonQuery): Promise<DataSubjectMatch[]>;
  /** The data subject whose record `recordId` is (a UUID), with its controller, read with `m`; null when it is none of this module's records (or is walled off). */
  subject(m: EntityManager, tenantId: string, recordId: string): Promise<PersonSubject | null>;
}

/** One line of the audit trail: who viewed or changed one of the subject's records, and when. */
export interface SubjectAccessTrailEntry {
  at: string;
  actor: { userId: string | null; name: string | null };
  action: string;
  subjectType: string;
  records: string[];
}

/**
 * A data-sharing agreement in force that the controller LA is party to: what it shares, and with
 * whom. The DPO answers for the controller's records only; another party's records about the
 * child are that LA's to answer for.
 */
export interface SubjectAccessSharing {
  agreementId: string;
  title: string;
  /** `named_pupils`: the parties' LA officers see each other's pupils by name; `partnership_view`: the lead's pseudonymised picture. */
  grants: string[];
  startsOn: string;
  endsOn: string | null;
  otherParties: { laId: string; name: string }[];
}

/** The draft: the envelope the core writes, every contributor's sections by key (in their order), then the audit trail. */
export type SubjectAccessDraft = {
  status: 'draft_for_redaction';
  notice: string;
  generatedAt: string;
  generatedBy: { userId: string; name: string | null };
  controller: { laId: string; name: string };
  /** The agreements in force under which the controller's records are shared with other LAs of the partnership (and theirs with it). */
  sharing: SubjectAccessSharing[];
  auditTrail: SubjectAccessTrailEntry[];
} & Record<string, unknown>;

/** The keys the core writes itself: no contributor may declare one. */
export const SUBJECT_ACCESS_ENVELOPE_KEYS = [
  'status',
  'notice',
  'generatedAt',
  'generatedBy',
  'controller',
  'sharing',
  'auditTrail',
] as const;

const SUBJECT_ACCESS_CONTRIBUTOR = 'rephub:subject-access-contributor';
const DATA_SUBJECT_FINDER = 'rephub:data-subject-finder';

/** Marks a provider as a module's subject access contributor, found at boot by the SubjectAccessRegistry. */
export const ContributesSubjectAccess = () => SetMetadata(SUBJECT_ACCESS_CONTRIBUTOR, true);

/** Marks a provider as a module's finder of data subjects (DataSubjectFinder), found at boot by the SubjectAccessRegistry. */
export const FindsDataSubjects = () => SetMetadata(DATA_SUBJECT_FINDER, true);

export class SubjectAccessRegistryError extends Error {
  constructor(problems: string[]) {
    super(`Subject access is wrong: ${problems.join('; ')}`);
    this.name = 'SubjectAccessRegistryError';
  }
}

const KEY = /^[a-z][a-zA-Z0-9]*$/;

/**
 * Every subject access contributor and data subject finder of the app's modules, found when the
 * app starts and checked there (a module with two contributors or two finders of a kind, a
 * contributor of no known kind, a section key declared twice or one the core writes, stops the
 * app with one line), and the composition of the DPO's draft from the contributors of the
 * subject's kind.
 */
@Injectable()
export class SubjectAccessRegistry implements OnApplicationBootstrap {
  private found?: SubjectAccessContributor[];
  private finding?: DataSubjectFinder[];

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    this.validate();
  }

  contributors(): readonly SubjectAccessContributor[] {
    this.found ??= discoverProviders<SubjectAccessContributor>(this.discovery, SUBJECT_ACCESS_CONTRIBUTOR);
    return this.found;
  }

  finders(): readonly DataSubjectFinder[] {
    this.finding ??= discoverProviders<DataSubjectFinder>(this.discovery, DATA_SUBJECT_FINDER);
    return this.finding;
  }

  /** Every module's records matching `q` (read with `m`, a unit of work over the LAs to search), with the module that keeps each. */
  async findPeople(
    m: EntityManager,
    tenantId: string,
    q: PersonQuery,
  ): Promise<(DataSubjectMatch & { module: string })[]> {
    const out: (DataSubjectMatch & { module: string })[] = [];
    for (const f of this.finders()) for (const r of await f.find(m, tenantId, q)) out.push({ ...r, module: f.module });
    return out;
  }

  /** The adult whose record `recordId` is (a UUID), read with `m`: the first finder that keeps it says; null when none does. */
  async person(m: EntityManager, tenantId: string, recordId: string): Promise<PersonSubject | null> {
    for (const f of this.finders()) {
      const subject = await f.subject(m, tenantId, recordId);
      if (subject) return subject;
    }
    return null;
  }

  /** The LA controlling each of `ids` that some module keeps as an LA's record (read with a unit of work over every LA). */
  async controllersOf(m: EntityManager, tenantId: string, ids: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (!ids.length) return out;
    for (const c of this.contributors())
      for (const r of (await c.controllersOf?.(m, tenantId, ids)) ?? []) out.set(r.id, r.laId);
    return out;
  }

  /** Every section of the draft about a subject of `kind` (of any kind when not given), in order, with the module that fills it. */
  sections(kind?: DataSubjectKind): (SubjectAccessSection & { module: string })[] {
    return this.contributors()
      .filter((c) => !kind || c.kinds.includes(kind))
      .flatMap((c) => c.sections.map((s) => ({ ...s, module: c.module })));
  }

  validate(): void {
    const problems: string[] = [];
    const modules = new Set<string>();
    const owner = new Map<string, string>(SUBJECT_ACCESS_ENVELOPE_KEYS.map((k) => [k, 'the core']));
    for (const c of this.contributors()) {
      if (modules.has(c.module)) problems.push(`${c.module} has two subject access contributors`);
      modules.add(c.module);
      if (!c.sections.length) problems.push(`the subject access contributor of ${c.module} declares no section`);
      if (!c.kinds?.length)
        problems.push(`the subject access contributor of ${c.module} names no kind of data subject`);
      for (const k of c.kinds ?? [])
        if (!(DATA_SUBJECT_KINDS as readonly string[]).includes(k))
          problems.push(`the subject access contributor of ${c.module} names "${k}", not a kind of data subject`);
      for (const s of c.sections) {
        if (!KEY.test(s.key)) problems.push(`section "${s.key}" of ${c.module} is not a camelCase key`);
        const other = owner.get(s.key);
        if (other) problems.push(`section "${s.key}" of ${c.module} is already ${other}'s`);
        else owner.set(s.key, c.module);
      }
    }
    const finders = new Set<string>();
    for (const f of this.finders()) {
      if (finders.has(`${f.module} ${f.kind}`)) problems.push(`${f.module} has two finders of ${f.kind} data subjects`);
      finders.add(`${f.module} ${f.kind}`);
      if (f.kind !== 'person')
        problems.push(
          `the data subject finder of ${f.module} finds "${String(f.kind)}": only adults (person) are found through finders`,
        );
    }
    if (problems.length) throw new SubjectAccessRegistryError(problems);
  }

  /**
   * The draft about `subject`, read with `m` (the DPO's unit of work in the subject's
   * partnership) by each contributor of the subject's kind in turn; `generatedBy` is the DPO's
   * user id. The caller audits the export.
   */
  async compose(m: EntityManager, subject: DataSubject, generatedBy: string): Promise<SubjectAccessDraft> {
    const sections: Record<string, unknown> = {};
    const recordIds = new Set<string>([subject.recordId]);
    for (const c of this.contributors().filter((x) => x.kinds.includes(subject.kind))) {
      const part = await c.collect(m, subject);
      const declared = c.sections.map((s) => s.key);
      const given = Object.keys(part.sections);
      const wrong = [...given.filter((k) => !declared.includes(k)), ...declared.filter((k) => !given.includes(k))];
      if (wrong.length)
        throw new SubjectAccessRegistryError([
          `the subject access contributor of ${c.module} gave sections ${given.join(', ')} for ${declared.join(', ')}`,
        ]);
      for (const key of declared) sections[key] = part.sections[key];
      for (const id of part.recordIds) recordIds.add(id);
    }
    const trail = (await m.query(
      `SELECT e.occurred_at, e.actor_id, u.display_name, e.action, e.subject_type,
              ARRAY(SELECT x::text FROM unnest(e.subject_ids) x WHERE x = ANY ($1::uuid[])) AS records
         FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id
        WHERE e.tenant_id = $2 AND e.subject_ids && $1::uuid[]
        ORDER BY e.occurred_at, e.id`,
      [[...recordIds], subject.tenantId],
    )) as {
      occurred_at: Date;
      actor_id: string | null;
      display_name: string | null;
      action: string;
      subject_type: string;
      records: string[];
    }[];
    const sharing = (await m.query(
      `SELECT a.id, a.title, a.grants_partnership_view, a.grants_named_pupils, to_char(a.starts_on, 'YYYY-MM-DD') AS starts_on,
              to_char(a.ends_on, 'YYYY-MM-DD') AS ends_on,
              coalesce(json_agg(json_build_object('laId', o.id, 'name', o.name) ORDER BY o.name)
                         FILTER (WHERE o.id IS NOT NULL), '[]') AS others
         FROM data_sharing_agreements a
         LEFT JOIN data_sharing_agreement_parties p ON p.tenant_id = a.tenant_id AND p.agreement_id = a.id AND p.la_id <> $2
         LEFT JOIN organisations o ON o.tenant_id = p.tenant_id AND o.id = p.la_id
        WHERE a.tenant_id = $1 AND a.id IN (
                SELECT agreement_id FROM data_sharing_in_force($1, 'named_pupils') WHERE la_id = $2
                UNION SELECT agreement_id FROM data_sharing_in_force($1, 'partnership_view') WHERE la_id = $2)
        GROUP BY a.tenant_id, a.id ORDER BY a.starts_on, a.id`,
      [subject.tenantId, subject.controller.laId],
    )) as {
      id: string;
      title: string;
      grants_partnership_view: boolean;
      grants_named_pupils: boolean;
      starts_on: string;
      ends_on: string | null;
      others: { laId: string; name: string }[];
    }[];
    const [me] = (await m.query(`SELECT display_name FROM users WHERE id = $1`, [generatedBy])) as {
      display_name: string | null;
    }[];
    return {
      status: 'draft_for_redaction',
      notice: SUBJECT_ACCESS_NOTICES[subject.kind],
      generatedAt: new Date().toISOString(),
      generatedBy: { userId: generatedBy, name: me?.display_name ?? null },
      controller: subject.controller,
      sharing: sharing.map((a) => ({
        agreementId: a.id,
        title: a.title,
        grants: [
          ...(a.grants_partnership_view ? ['partnership_view'] : []),
          ...(a.grants_named_pupils ? ['named_pupils'] : []),
        ],
        startsOn: a.starts_on,
        endsOn: a.ends_on,
        otherParties: a.others,
      })),
      ...sections,
      auditTrail: trail.map((t) => ({
        at: t.occurred_at.toISOString(),
        actor: { userId: t.actor_id, name: t.display_name },
        action: t.action,
        subjectType: t.subject_type,
        records: t.records,
      })),
    };
  }
}
