import { Injectable, OnApplicationBootstrap, SetMetadata } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { discoverProviders } from '@rep-hub/platform';
import { EntityManager } from 'typeorm';

/**
 * Subject access: how the DPO's draft (everything REP Hub holds about one person, to redact
 * before release) covers every module. A DPO answers for their own LA's records (the controller);
 * the draft names the agreements in force under which that LA's records are shared. The request is about a child whose records the DPO found
 * (pupils belong to alternative provision today, which resolves the data subject); each module
 * that holds personal data registers a contributor that returns its sections of the draft about
 * that subject, read in the DPO's unit of work (all the partnership's LAs). The core composes
 * the draft: the notice, who made it and when, the controller, each contributor's sections, and
 * the audit trail of every record they name.
 */
export const SUBJECT_ACCESS_NOTICE =
  'DRAFT for redaction: not for release. This is everything REP Hub holds about the pupil. Before anything is released, the data protection officer must review it and redact third-party data (other people named in notes, views and contacts, and staff where appropriate) and anything exempt.';

/** The person a request is about: a child, as the DPO found their record. */
export interface DataSubject {
  /** The partnership the request is made in. */
  tenantId: string;
  kind: 'pupil';
  /** The record the DPO opened (a pupil record of the module that keeps pupils). */
  recordId: string;
  upn: string | null;
  givenName: string;
  familyName: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  /** The data controller: the child's home LA. */
  controller: { laId: string; name: string };
}

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
  /** The sections it fills, in order: keys unique across modules. */
  readonly sections: readonly SubjectAccessSection[];
  /** Its sections about the subject, read with `m` (the DPO's unit of work); it must name only this subject's records. */
  collect(m: EntityManager, subject: DataSubject): Promise<SubjectAccessPart>;
  /**
   * The LA that controls each of `ids` that is a record of this module's (others are left out),
   * read with `m`, a unit of work over every LA of the partnership: ids and LAs only. A DPO answers
   * for their own LA's records (the access log asks).
   */
  controllersOf?(m: EntityManager, tenantId: string, ids: string[]): Promise<{ id: string; laId: string }[]>;
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

/** Marks a provider as a module's subject access contributor, found at boot by the SubjectAccessRegistry. */
export const ContributesSubjectAccess = () => SetMetadata(SUBJECT_ACCESS_CONTRIBUTOR, true);

export class SubjectAccessRegistryError extends Error {
  constructor(problems: string[]) {
    super(`Subject access is wrong: ${problems.join('; ')}`);
    this.name = 'SubjectAccessRegistryError';
  }
}

const KEY = /^[a-z][a-zA-Z0-9]*$/;

/**
 * Every subject access contributor of the app's modules, found when the app starts and checked
 * there (a module with two, a section key declared twice or one the core writes, stops the app
 * with one line), and the composition of the DPO's draft from them all.
 */
@Injectable()
export class SubjectAccessRegistry implements OnApplicationBootstrap {
  private found?: SubjectAccessContributor[];

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    this.validate();
  }

  contributors(): readonly SubjectAccessContributor[] {
    this.found ??= discoverProviders<SubjectAccessContributor>(this.discovery, SUBJECT_ACCESS_CONTRIBUTOR);
    return this.found;
  }

  /** The LA controlling each of `ids` that some module keeps as an LA's record (read with a unit of work over every LA). */
  async controllersOf(m: EntityManager, tenantId: string, ids: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (!ids.length) return out;
    for (const c of this.contributors())
      for (const r of (await c.controllersOf?.(m, tenantId, ids)) ?? []) out.set(r.id, r.laId);
    return out;
  }

  /** Every section of the draft, in order, with the module that fills it. */
  sections(): (SubjectAccessSection & { module: string })[] {
    return this.contributors().flatMap((c) => c.sections.map((s) => ({ ...s, module: c.module })));
  }

  validate(): void {
    const problems: string[] = [];
    const modules = new Set<string>();
    const owner = new Map<string, string>(SUBJECT_ACCESS_ENVELOPE_KEYS.map((k) => [k, 'the core']));
    for (const c of this.contributors()) {
      if (modules.has(c.module)) problems.push(`${c.module} has two subject access contributors`);
      modules.add(c.module);
      if (!c.sections.length) problems.push(`the subject access contributor of ${c.module} declares no section`);
      for (const s of c.sections) {
        if (!KEY.test(s.key)) problems.push(`section "${s.key}" of ${c.module} is not a camelCase key`);
        const other = owner.get(s.key);
        if (other) problems.push(`section "${s.key}" of ${c.module} is already ${other}'s`);
        else owner.set(s.key, c.module);
      }
    }
    if (problems.length) throw new SubjectAccessRegistryError(problems);
  }

  /**
   * The draft about `subject`, read with `m` (the DPO's unit of work in the subject's
   * partnership, over every LA of it) by each contributor in turn; `generatedBy` is the DPO's
   * user id. The caller audits the export.
   */
  async compose(m: EntityManager, subject: DataSubject, generatedBy: string): Promise<SubjectAccessDraft> {
    const sections: Record<string, unknown> = {};
    const recordIds = new Set<string>([subject.recordId]);
    for (const c of this.contributors()) {
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
      notice: SUBJECT_ACCESS_NOTICE,
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
