import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { subject } from '@casl/ability';
import { AuditService } from '@rep-hub/audit';
import { AuthContext, positionalScope, sqlScope } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, problem, UnitOfWork } from '@rep-hub/platform';
import { AP_RETENTION_DEFAULTS, ApRetentionDefault, ApRetentionRecordType, RetentionAction } from '@rep-hub/reference';
import { EntityManager } from 'typeorm';
import { realDate, text, UUID, wholeNumber } from './input';

/** What replaces the views of the family and child, and a held review's notes, once a case is anonymised. */
export const RETENTION_REMOVED_TEXT = 'Removed under the retention rule';
/**
 * The UPN placeholder of an anonymised pupil. The schema needs a UPN or an unknown-UPN reason, and
 * the codes are UN1–UN5 only. None says "removed": UN5 ("sources collating UPNs reflect a
 * discrepancy") is the one that claims nothing about the child's age, schooling or care (UN1 means
 * under school age, UN2 never at school in England, UN3 educated abroad, UN4 newly looked after).
 * `anonymised_at` is what marks the record as anonymised.
 */
export const RETENTION_UPN_REASON = 'UN5';
/** The schema's earliest date of birth is after 1 January 1995: a pupil born in 1995 keeps 2 January. */
const EARLIEST_DOB = '1995-01-02';
/** Audit subject ids per event (the audit trail's limit). */
const AUDIT_IDS = 10_000;
const CLOSED = `('ended', 'withdrawn', 'declined')`;

export interface RetentionRuleView {
  recordType: ApRetentionRecordType;
  label: string;
  retainMonths: number;
  action: RetentionAction;
  /** `default`: the partnership's reference default; `la`: the LA's own rule. */
  source: 'default' | 'la';
  /** What the period runs from. */
  from: string;
  allowedActions: readonly RetentionAction[];
  defaultMonths: number;
  defaultAction: RetentionAction;
  rationale: string;
  provisional: boolean;
  /** The LA's rule version (0 while it uses the default); send it back with PUT. */
  version: number;
}

export interface LaRetentionView {
  laId: string;
  laName: string;
  rules: RetentionRuleView[];
}

export interface RetentionRuleInput {
  retainMonths?: unknown;
  action?: unknown;
  version?: unknown;
}

/** What one run did for one LA and record type. */
export interface RetentionOutcome {
  laId: string;
  recordType: ApRetentionRecordType;
  action: RetentionAction;
  count: number;
}

interface RuleRow {
  record_type: ApRetentionRecordType;
  retain_months: number;
  action: RetentionAction;
  version: number;
}

/** The rows of a DELETE … RETURNING (TypeORM answers `[rows, count]` for one on PostgreSQL). */
const returned = <T>(result: unknown): T[] =>
  Array.isArray(result) && Array.isArray(result[0]) ? (result[0] as T[]) : (result as T[]);

const defaultOf = (t: string): ApRetentionDefault | undefined => AP_RETENTION_DEFAULTS.find((d) => d.code === t);

/**
 * Retention of AP records: each LA's rule per record type (the reference defaults where it has set
 * none), and `applyRetention`, which the nightly job runs for each partnership: it deletes expired
 * attendance and closed alerts, and anonymises (or deletes, where the LA chose it and the schema
 * allows it) expired closed cases and pupils, one unit of work and one audit event per LA and type.
 */
@Injectable()
export class ApRetentionService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
    private readonly uow: UnitOfWork,
  ) {}

  /** The LAs whose rules the caller reads (lead and DPO: every LA; an LA officer: their own), each with its effective rules. */
  list(): Promise<LaRetentionView[]> {
    this.requireRead();
    return this.auth.inTenant(async (m) => {
      const params: unknown[] = [this.auth.tenantId];
      const scope = positionalScope(
        sqlScope(this.auth.ability, 'read', 'ApRetentionRule', 'o', { tenantId: 'tenant_id', laId: 'id' }),
        params,
      );
      const las = (await m.query(
        `SELECT o.id, o.name FROM organisations o WHERE o.tenant_id = $1 AND o.kind = 'local_authority' AND ${scope} ORDER BY o.name`,
        params,
      )) as {
        id: string;
        name: string;
      }[];
      const out: LaRetentionView[] = [];
      for (const la of las) out.push({ laId: la.id, laName: la.name, rules: await this.rulesOf(m, la.id) });
      return out;
    });
  }

  /** One LA's effective rule for one record type (404 when the LA is not one the caller may read). */
  get(laId: string, recordType: string): Promise<LaRetentionView & { rule: RetentionRuleView }> {
    this.requireRead();
    if (!UUID.test(laId) || !defaultOf(recordType)) throw this.notFound();
    return this.auth.inTenant(async (m) => {
      const la = await this.readableLa(m, laId);
      const rules = await this.rulesOf(m, laId);
      return { laId, laName: la.name, rules, rule: rules.find((r) => r.recordType === recordType)! };
    });
  }

  /** Whether the caller may change this LA's rules (the lead, or the LA's own officers). */
  canChange(laId: string): boolean {
    return this.auth.ability.can('update', subject('ApRetentionRule', { tenantId: this.auth.tenantId, laId }) as never);
  }

  /** Sets an LA's own rule for a record type; `version` guards a concurrent edit (0: the LA had none). */
  put(laId: string, recordType: string, input: RetentionRuleInput): Promise<RetentionRuleView> {
    this.requireRead();
    const def = defaultOf(recordType);
    if (!UUID.test(laId) || !def) throw this.notFound();
    const errors: FieldError[] = [];
    const months = wholeNumber(input.retainMonths);
    if (months === undefined || months < 1 || months > 1200)
      errors.push({ field: 'retainMonths', message: 'Enter how many months to keep the records, from 1 to 1,200' });
    const action = text(input.action);
    if (!action || !def.allowedActions.includes(action as RetentionAction))
      errors.push({
        field: 'action',
        message:
          def.allowedActions.length === 1
            ? `${def.label} can only be deleted: action must be ${def.allowedActions[0]}`
            : `Choose what happens: ${def.allowedActions.join(' or ')}`,
      });
    const version =
      input.version === undefined || input.version === '' || input.version === null
        ? undefined
        : wholeNumber(input.version);
    if (input.version !== undefined && input.version !== '' && input.version !== null && version === undefined)
      errors.push({ field: 'version', message: 'version must be the rule’s version number' });
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.auth.inTenant(async (m) => {
      await this.readableLa(m, laId);
      if (!this.canChange(laId))
        throw new ForbiddenException(
          problem(403, 'Only the partnership lead or the local authority’s own officers set its retention rules.'),
        );
      let saved: { version: number }[];
      if (version === 0) {
        // the caller saw the default: a rule someone else set in between is a conflict
        saved = (await m.query(
          `INSERT INTO ap_retention_rules (tenant_id, la_id, record_type, retain_months, action, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (tenant_id, la_id, record_type) DO NOTHING RETURNING version`,
          [this.auth.tenantId, laId, recordType, months, action, this.auth.principal.userId],
        )) as { version: number }[];
      } else {
        saved = (await m.query(
          `INSERT INTO ap_retention_rules (tenant_id, la_id, record_type, retain_months, action, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (tenant_id, la_id, record_type) DO UPDATE SET retain_months = EXCLUDED.retain_months, action = EXCLUDED.action,
             updated_by = EXCLUDED.updated_by, updated_at = now(), version = ap_retention_rules.version + 1
             WHERE $7::int IS NULL OR ap_retention_rules.version = $7::int
           RETURNING version`,
          [this.auth.tenantId, laId, recordType, months, action, this.auth.principal.userId, version ?? null],
        )) as { version: number }[];
      }
      if (!saved.length)
        throw new ConflictException(
          problem(409, 'This retention rule was changed by someone else since you opened it. Open it again.'),
        );
      await this.audit.record({
        action: 'ap_retention_rule.update',
        subjectType: 'ApRetentionRule',
        subjectIds: [laId],
        laId,
        details: { recordType, retainMonths: months!, ruleAction: action! },
      });
      return (await this.rulesOf(m, laId)).find((r) => r.recordType === recordType)!;
    });
  }

  /**
   * Applies every LA's effective rules of one partnership as of `asOf` (YYYY-MM-DD): one unit of
   * work per LA (its LA only), as the system (no actor). Idempotent: what was deleted is gone and
   * what was anonymised is skipped, so a second run changes nothing and writes no audit event.
   */
  async applyRetention(tenantId: string, asOf: string): Promise<RetentionOutcome[]> {
    if (!UUID.test(tenantId) || !realDate(asOf))
      throw new Error('applyRetention needs a tenant id and a date (YYYY-MM-DD)');
    const las = (await this.uow.forTenant({ tenantId }, (m) =>
      m.query(`SELECT id FROM organisations WHERE tenant_id = $1 AND kind = 'local_authority' ORDER BY id`, [tenantId]),
    )) as { id: string }[];
    const out: RetentionOutcome[] = [];
    for (const { id: laId } of las) {
      out.push(
        ...(await this.uow.forTenant({ tenantId, actorId: null, laIds: [laId] }, (m) =>
          this.applyForLa(m, tenantId, laId, asOf),
        )),
      );
    }
    return out;
  }

  private async applyForLa(
    m: EntityManager,
    tenantId: string,
    laId: string,
    asOf: string,
  ): Promise<RetentionOutcome[]> {
    const own = (await m.query(
      `SELECT record_type, retain_months, action, version FROM ap_retention_rules WHERE tenant_id = $1 AND la_id = $2`,
      [tenantId, laId],
    )) as RuleRow[];
    const rule = (t: ApRetentionRecordType) => {
      const r = own.find((x) => x.record_type === t);
      const d = defaultOf(t)!;
      return { months: r?.retain_months ?? d.retainMonths, action: r?.action ?? d.action };
    };
    const out: RetentionOutcome[] = [];
    const done = async (
      recordType: ApRetentionRecordType,
      action: RetentionAction,
      ids: string[],
      details: Record<string, number | string | boolean | null>,
    ) => {
      if (!ids.length && !Object.values(details).some((v) => typeof v === 'number' && v > 0)) return;
      const count = typeof details['count'] === 'number' ? details['count'] : ids.length;
      out.push({ laId, recordType, action, count });
      const unique = [...new Set(ids)];
      for (let i = 0; i === 0 || i < unique.length; i += AUDIT_IDS) {
        await this.audit.record({
          action: action === 'delete' ? 'retention.delete' : 'retention.anonymise',
          subjectType: RECORD_SUBJECT[recordType],
          subjectIds: unique.slice(i, i + AUDIT_IDS),
          laId,
          details: { recordType, asOf, ...details, count, part: Math.floor(i / AUDIT_IDS) + 1 },
        });
      }
    };
    // a cutoff date: a record whose clock started on or before it has expired
    const cutoff = (months: number) => `(DATE '${asOf}' - make_interval(months => ${months}))::date`;

    // attendance: sessions on or before the cutoff are deleted
    const att = rule('attendance');
    const deleted = returned<{ placement_id: string }>(
      await m.query(
        `DELETE FROM ap_attendance WHERE tenant_id = $1 AND la_id = $2 AND session_date <= ${cutoff(att.months)} RETURNING placement_id`,
        [tenantId, laId],
      ),
    );
    if (deleted.length)
      await done(
        'attendance',
        'delete',
        deleted.map((r) => r.placement_id),
        { count: deleted.length, retainMonths: att.months, subjects: 'placements' },
      );

    // closed alerts: deleted once the period from closing has run
    const al = rule('alerts');
    const alerts = returned<{ id: string }>(
      await m.query(
        `DELETE FROM ap_alerts WHERE tenant_id = $1 AND la_id = $2 AND status = 'closed' AND (closed_at AT TIME ZONE 'Europe/London')::date <= ${cutoff(al.months)} RETURNING id`,
        [tenantId, laId],
      ),
    );
    if (alerts.length)
      await done(
        'alerts',
        'delete',
        alerts.map((r) => r.id),
        { count: alerts.length, retainMonths: al.months },
      );

    // closed cases: anonymised (or their records deleted), from the day they closed
    const cc = rule('closed_cases');
    const cases = (await m.query(
      `SELECT id FROM ap_cases WHERE tenant_id = $1 AND la_id = $2 AND status IN ${CLOSED} AND anonymised_at IS NULL
          AND (coalesce(closed_at, updated_at) AT TIME ZONE 'Europe/London')::date <= ${cutoff(cc.months)} ORDER BY id FOR UPDATE`,
      [tenantId, laId],
    )) as { id: string }[];
    if (cases.length) {
      const ids = cases.map((c) => c.id);
      await this.clearCases(m, tenantId, ids, cc.action);
      await done('closed_cases', cc.action, ids, { count: ids.length, retainMonths: cc.months });
    }

    // pupils: from their date of birth, and never while they have an open case
    const pr = rule('pupils');
    const pupils = (await m.query(
      `SELECT p.id, EXISTS (SELECT 1 FROM ap_cases c WHERE c.tenant_id = p.tenant_id AND c.pupil_id = p.id) AS has_case
         FROM pupils p
        WHERE p.tenant_id = $1 AND p.la_id = $2 AND p.anonymised_at IS NULL AND p.date_of_birth <= ${cutoff(pr.months)}
          AND NOT EXISTS (SELECT 1 FROM ap_cases c WHERE c.tenant_id = p.tenant_id AND c.pupil_id = p.id AND c.status NOT IN ${CLOSED})
        ORDER BY p.id FOR UPDATE`,
      [tenantId, laId],
    )) as { id: string; has_case: boolean }[];
    if (pupils.length) {
      // a pupil with a case is anonymised even under a delete rule: the case's records stay for the measures
      const toDelete = pr.action === 'delete' ? pupils.filter((p) => !p.has_case).map((p) => p.id) : [];
      const toAnonymise = pupils.map((p) => p.id).filter((id) => !toDelete.includes(id));
      if (toDelete.length) {
        await m.query(
          `DELETE FROM pupil_upn_matches WHERE tenant_id = $1 AND (pupil_id = ANY ($2::uuid[]) OR other_pupil_id = ANY ($2::uuid[]))`,
          [tenantId, toDelete],
        );
        await m.query(`DELETE FROM pupils WHERE tenant_id = $1 AND id = ANY ($2::uuid[])`, [tenantId, toDelete]);
        await done('pupils', 'delete', toDelete, { count: toDelete.length, retainMonths: pr.months });
      }
      if (toAnonymise.length) {
        // a pupil's closed cases carry their story in free text: they go with the pupil
        const theirCases = (await m.query(
          `SELECT id FROM ap_cases WHERE tenant_id = $1 AND pupil_id = ANY ($2::uuid[]) AND anonymised_at IS NULL ORDER BY id FOR UPDATE`,
          [tenantId, toAnonymise],
        )) as { id: string }[];
        if (theirCases.length)
          await this.clearCases(
            m,
            tenantId,
            theirCases.map((c) => c.id),
            'anonymise',
          );
        await m.query(
          `UPDATE pupils SET given_name = 'Removed', family_name = 'Removed', upn = NULL, upn_unknown_reason = $3,
                  date_of_birth = greatest(date_trunc('year', date_of_birth)::date, DATE '${EARLIEST_DOB}'),
                  contacts = '[]', ehc_caseworker = NULL, ehc_next_annual_review = NULL, safeguarding_flags = '{}',
                  anonymised_at = now(), updated_at = now(), version = version + 1
            WHERE tenant_id = $1 AND id = ANY ($2::uuid[]) AND anonymised_at IS NULL`,
          [tenantId, toAnonymise, RETENTION_UPN_REASON],
        );
        await done('pupils', 'anonymise', toAnonymise, {
          count: toAnonymise.length,
          retainMonths: pr.months,
          casesAnonymised: theirCases.length,
          ruleAction: pr.action,
        });
      }
    }
    return out;
  }

  /**
   * Removes the free text of closed cases and of everything hung on them. `anonymise` keeps the
   * records (dates, statuses, codes) for the measures; `delete` deletes the timeline, reviews,
   * follow-ups, alerts and attendance. The case and placement rows themselves are anonymised in
   * both: the measures count them.
   */
  private async clearCases(m: EntityManager, tenantId: string, ids: string[], action: RetentionAction): Promise<void> {
    const p = [tenantId, ids];
    await m.query(
      `UPDATE ap_cases SET family_views = $3, child_views = $3, reason_detail = NULL, decision_reason = NULL, anonymised_at = now(), version = version + 1
        WHERE tenant_id = $1 AND id = ANY ($2::uuid[]) AND anonymised_at IS NULL`,
      [...p, RETENTION_REMOVED_TEXT],
    );
    await m.query(
      `UPDATE ap_placements SET end_reason = NULL WHERE tenant_id = $1 AND case_id = ANY ($2::uuid[]) AND end_reason IS NOT NULL`,
      p,
    );
    if (action === 'delete') {
      await m.query(
        `DELETE FROM ap_attendance a USING ap_placements pl WHERE a.tenant_id = $1 AND pl.tenant_id = a.tenant_id AND pl.id = a.placement_id AND pl.case_id = ANY ($2::uuid[])`,
        p,
      );
      for (const t of ['ap_alerts', 'ap_followups', 'ap_reviews', 'ap_case_events'])
        await m.query(`DELETE FROM ${t} WHERE tenant_id = $1 AND case_id = ANY ($2::uuid[])`, p);
      return;
    }
    // the timeline keeps its steps, dates and actors (its only updatable columns are the note and details)
    await m.query(
      `UPDATE ap_case_events SET note = NULL, details = '{}'::jsonb
        WHERE tenant_id = $1 AND case_id = ANY ($2::uuid[]) AND (note IS NOT NULL OR details <> '{}'::jsonb)`,
      p,
    );
    // a held review must keep attendees, progress and next steps (a schema check): they say they were removed
    await m.query(
      `UPDATE ap_reviews SET attendees = CASE WHEN status = 'held' THEN ARRAY['Removed']::text[] ELSE '{}'::text[] END,
              progress = CASE WHEN status = 'held' THEN $3 END, next_steps = CASE WHEN status = 'held' THEN $3 END,
              cancel_reason = NULL, updated_at = now(), version = version + 1
        WHERE tenant_id = $1 AND case_id = ANY ($2::uuid[])`,
      [...p, RETENTION_REMOVED_TEXT],
    );
    await m.query(
      `UPDATE ap_followups SET note = NULL WHERE tenant_id = $1 AND case_id = ANY ($2::uuid[]) AND note IS NOT NULL`,
      p,
    );
    await m.query(
      `UPDATE ap_alerts SET decision_note = NULL WHERE tenant_id = $1 AND case_id = ANY ($2::uuid[]) AND decision_note IS NOT NULL`,
      p,
    );
    await m.query(
      `UPDATE ap_attendance a SET note = NULL FROM ap_placements pl
        WHERE a.tenant_id = $1 AND pl.tenant_id = a.tenant_id AND pl.id = a.placement_id AND pl.case_id = ANY ($2::uuid[]) AND a.note IS NOT NULL`,
      p,
    );
  }

  private async rulesOf(m: EntityManager, laId: string): Promise<RetentionRuleView[]> {
    const own = (await m.query(
      `SELECT record_type, retain_months, action, version FROM ap_retention_rules WHERE tenant_id = $1 AND la_id = $2`,
      [this.auth.tenantId, laId],
    )) as RuleRow[];
    return AP_RETENTION_DEFAULTS.map((d) => {
      const r = own.find((x) => x.record_type === d.code);
      return {
        recordType: d.code,
        label: d.label,
        retainMonths: r?.retain_months ?? d.retainMonths,
        action: r?.action ?? d.action,
        source: r ? 'la' : 'default',
        from: d.from,
        allowedActions: d.allowedActions,
        defaultMonths: d.retainMonths,
        defaultAction: d.action,
        rationale: d.rationale,
        provisional: d.provisional ?? false,
        version: r?.version ?? 0,
      };
    });
  }

  /** The LA, when the caller may read its rules; otherwise 404 (never a hint it exists). */
  private async readableLa(m: EntityManager, laId: string): Promise<{ id: string; name: string }> {
    const params: unknown[] = [this.auth.tenantId, laId];
    const scope = positionalScope(
      sqlScope(this.auth.ability, 'read', 'ApRetentionRule', 'o', { tenantId: 'tenant_id', laId: 'id' }),
      params,
    );
    const [la] = (await m.query(
      `SELECT o.id, o.name FROM organisations o WHERE o.tenant_id = $1 AND o.id = $2 AND o.kind = 'local_authority' AND ${scope}`,
      params,
    )) as {
      id: string;
      name: string;
    }[];
    if (!la) throw this.notFound();
    return la;
  }

  private requireRead(): void {
    if (!this.auth.ability.can('read', 'ApRetentionRule'))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
  }

  private notFound(): NotFoundException {
    return new NotFoundException(problem(404, 'There is no such retention rule among those you can open.'));
  }
}

const RECORD_SUBJECT: Record<ApRetentionRecordType, string> = {
  attendance: 'ApPlacement',
  alerts: 'ApAlert',
  closed_cases: 'ApCase',
  pupils: 'Pupil',
};
