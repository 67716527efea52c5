import { AbilityBuilder, createMongoAbility, MongoAbility } from '@casl/ability';
import { Principal } from '../principal';

export type Action = 'manage' | 'create' | 'read' | 'update' | 'delete';

/** The subjects the core itself defines rules for; a domain module registers its own (AbilityRules). */
export const CORE_SUBJECTS = [
  'Platform',
  'Tenant',
  'Organisation',
  'User',
  'Membership',
  'DataSharingAgreement',
  'AuditEvent',
  'PersonSubjectAccess',
] as const;
export type CoreSubject = (typeof CORE_SUBJECTS)[number];

/** A subject of a rule or a policy: a core subject or one a domain module registers (checked at boot). */
export type Subject = CoreSubject | (string & Record<never, never>);

export type AppAbility = MongoAbility<[Action, Subject | Record<string, unknown>]>;

/** What a rule may be given: an action on a subject, with optional fields and conditions on the table's own columns. */
export type Can = AbilityBuilder<AppAbility>['can'];

/**
 * A domain module's ability rules: the subjects it brings (no other module, nor the core, may use
 * them) and the rules of each principal over them. A class decorated with @AbilityRules() and
 * provided by the module's Nest module is found at boot by the AbilityRegistry.
 */
export interface AbilityContribution {
  /** The module, for messages (its folder's name). */
  readonly module: string;
  readonly subjects: readonly string[];
  /** Adds the principal's rules over the module's subjects (only when the principal works in a partnership: `tenantId` is theirs). */
  define(p: Principal, can: Can, tenantId: string): void;
  /**
   * Adds the rules of a platform-scope principal (`platformRole` set: the platform admin, a
   * National Board member) over the module's subjects; such a principal works in no partnership,
   * so these rules never carry a tenant. Optional: most modules serve partnerships only.
   */
  definePlatform?(p: Principal, can: Can): void;
}

/** The only operators a rule may use: each becomes SQL on an indexed column of the table. */
const ALLOWED_OPERATORS = new Set(['$eq', '$in', '$ne', '$nin']);

export class UnsupportedRuleError extends Error {
  constructor(detail: string) {
    super(`Unsupported ability condition: ${detail}`);
    this.name = 'UnsupportedRuleError';
  }
}

function checkConditions(conditions: Record<string, unknown>): void {
  for (const [field, value] of Object.entries(conditions)) {
    if (field.startsWith('$')) throw new UnsupportedRuleError(`top-level operator ${field}`);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const op of Object.keys(value)) {
        if (!ALLOWED_OPERATORS.has(op)) throw new UnsupportedRuleError(`${op} on ${field}`);
      }
    }
  }
}

/**
 * The CASL abilities of a principal, per role and organisation. Conditions use the table's own
 * columns (tenantId, id, localAuthorityId…) so they compile to SQL; an unsupported operator is
 * rejected here, because a silently dropped rule would widen access.
 */
export function defineAbilities(p: Principal, contributions: readonly AbilityContribution[] = []): AppAbility {
  const builder = new AbilityBuilder<AppAbility>(createMongoAbility);
  const { can, build } = builder;

  if (p.platformRole === 'platform_admin') {
    // platform scope: onboarding only, never a tenant's pupil data or audit trail
    can('manage', 'Platform');
    can('manage', 'Tenant');
    can('manage', 'Organisation');
    can('manage', 'User');
    can('manage', 'Membership');
  }

  // a module's rules are over its own subjects only
  const ownSubjectsOnly = (c: AbilityContribution, before: number) => {
    for (const rule of builder.rules.slice(before)) {
      for (const subject of [rule.subject].flat()) {
        if (typeof subject !== 'string' || !c.subjects.includes(subject))
          throw new UnsupportedRuleError(`${c.module} defines a rule on ${String(subject)}, not one of its subjects`);
      }
    }
  };

  if (p.platformRole !== null) {
    for (const c of contributions) {
      if (!c.definePlatform) continue;
      const before = builder.rules.length;
      c.definePlatform(p, can);
      ownSubjectsOnly(c, before);
    }
  }

  if (p.tenantId !== null && p.memberships.length > 0) {
    const tenantId = p.tenantId;
    can('read', 'Tenant', { id: tenantId });
    can('read', 'Organisation', { tenantId });
    can('read', 'DataSharingAgreement', { tenantId });
    // the people of the partnership: names and roles for everyone; contact details for the lead and DPO
    can(
      'read',
      'Membership',
      [
        'id',
        'userId',
        'displayName',
        'role',
        'organisationId',
        'organisationName',
        'organisationKind',
        'tenantId',
        'status',
        'version',
      ],
      { tenantId },
    );
    for (const m of p.memberships) {
      if (m.role === 'partnership_lead' || m.role === 'la_admin') {
        // people managers: invite, change, end and resend within the partnership; the
        // MembershipsService then decides which roles each may give where (grant-authority.ts)
        can('read', 'Membership', ['userStatus'], { tenantId });
        can('create', 'Membership', { tenantId });
        can('update', 'Membership', { tenantId });
        can('delete', 'Membership', { tenantId });
      }
      if (m.role === 'partnership_lead') {
        can('read', 'Membership', ['email'], { tenantId });
        can('create', 'DataSharingAgreement', { tenantId });
        can('update', 'DataSharingAgreement', { tenantId });
      }
      // a party LA's DPO or officer confirms or ends an agreement for that LA (the service checks the party)
      if ((m.role === 'data_protection_officer' || m.role === 'la_officer') && m.organisationKind === 'local_authority')
        can('update', 'DataSharingAgreement', { tenantId });
      if (m.role === 'data_protection_officer') {
        can('read', 'AuditEvent', { tenantId });
        can('read', 'Membership', ['email'], { tenantId });
        // subject access about an adult (the core's person search, through the modules' finders)
        can('read', 'PersonSubjectAccess', { tenantId });
      }
    }
    for (const c of contributions) {
      const before = builder.rules.length;
      c.define(p, can, tenantId);
      ownSubjectsOnly(c, before);
    }
  }

  const ability = build();
  for (const rule of ability.rules) if (rule.conditions) checkConditions(rule.conditions as Record<string, unknown>);
  return ability;
}

/** The abilities built for each principal's content, per set of contributions (one per app). */
const built = new WeakMap<readonly AbilityContribution[], Map<string, AppAbility>>();
const KEPT = 500;

/**
 * defineAbilities for the principal this request resolved, reusing the abilities built for a
 * principal of exactly the same content (user, session, partnership, roles, organisations, LAs and
 * module parts): they are a function of that content alone, and the principal itself is resolved
 * afresh by every request (`principal_context()`), so a revoked session never reaches here and a
 * changed role is another key. Building them (CASL's builder, every module's rules and their
 * checks) was about 2% of the API's CPU a request (docs/performance.md). The abilities are never
 * changed after they are built (no `update`), so one object serves every request of that content.
 */
export function abilitiesFor(p: Principal, contributions: readonly AbilityContribution[]): AppAbility {
  let cache = built.get(contributions);
  if (!cache) built.set(contributions, (cache = new Map()));
  const key = JSON.stringify(p);
  let ability = cache.get(key);
  if (!ability) {
    ability = defineAbilities(p, contributions);
    if (cache.size >= KEPT) cache.clear();
    cache.set(key, ability);
  }
  return ability;
}
