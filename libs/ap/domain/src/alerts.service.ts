import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { subject } from '@casl/ability';
import { AuditService } from '@rep-hub/audit';
import { AuthContext, positionalScope, sqlScope } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, problem } from '@rep-hub/platform';
import { EntityManager } from 'typeorm';
import { CASE_COLUMNS, caseReference } from './cases.model';
import { text, UUID, wholeNumber } from './input';
import {
  ALERT_DECISIONS,
  ALERT_KIND_LABELS,
  ALERT_KINDS,
  AlertDecision,
  AlertKind,
  AlertRow,
  alertSummary,
  AlertView,
  CloseAlertInput,
  CME_ALERT_KINDS,
  CME_DECISIONS,
  CONDITIONS,
  PROVIDER_ALERT_KINDS,
  RaisedAlert,
  SELECT,
} from './alerts.model';

/**
 * The clocks: tier 2 overrun, reviews due and overdue, attendance not received, persistent,
 * severe and unexplained absence, reintegration follow-ups due. `raiseAlerts` evaluates them for a
 * day in set-based SQL and raises each alert once; the nightly `ap.clocks` job runs it for every
 * partnership and emails the people each alert concerns. People see the alerts of the cases they
 * follow (a provider only the kinds about running the placement) and close them with a recorded
 * decision. A children-missing-education referral is a decision an LA officer records here: REP
 * Hub never makes one.
 */
@Injectable()
export class AlertsService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
  ) {}

  /**
   * Raises the alerts whose conditions hold on `asOf` (YYYY-MM-DD) in the open unit of work, which
   * must see the LAs concerned. Returns only the alerts raised now: an alert raised before (same
   * kind and key) is not raised again.
   */
  async raiseAlerts(m: EntityManager, tenantId: string, asOf: string): Promise<RaisedAlert[]> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new TypeError('asOf must be YYYY-MM-DD');
    const out: RaisedAlert[] = [];
    for (const kind of ALERT_KINDS) {
      const rows = (await m.query(CONDITIONS[kind], [tenantId, asOf])) as {
        id: string;
        kind: AlertKind;
        la_id: string;
        case_id: string;
        placement_id: string | null;
        provider_id: string | null;
      }[];
      out.push(
        ...rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          laId: r.la_id,
          caseId: r.case_id,
          placementId: r.placement_id,
          providerId: r.provider_id,
        })),
      );
    }
    return out;
  }

  /** The caller's alerts, newest first, in keyset pages; the page shown is audited. */
  list(opts: {
    status?: string;
    kind?: string;
    laId?: string;
    caseId?: string;
    after?: [string, string] | null;
    limit: number;
  }): Promise<{ items: AlertView[]; last: [string, string] | null; more: boolean }> {
    this.requireRead();
    const status = opts.status ?? 'open';
    const errors: FieldError[] = [];
    if (!['open', 'closed'].includes(status)) errors.push({ field: 'status', message: 'status is open or closed' });
    if (opts.kind && !ALERT_KINDS.includes(opts.kind as AlertKind))
      errors.push({ field: 'kind', message: `kind is one of ${ALERT_KINDS.join(', ')}` });
    if (opts.laId && !UUID.test(opts.laId))
      errors.push({ field: 'laId', message: 'laId must be a local authority id' });
    if (opts.caseId && !UUID.test(opts.caseId)) errors.push({ field: 'caseId', message: 'caseId must be a case id' });
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.auth.inTenant(async (m) => {
      const params: unknown[] = [this.auth.tenantId, status];
      const where = [`a.tenant_id = $1`, `a.status = $2`, this.scope(params)];
      for (const [col, v] of [
        ['a.kind', opts.kind],
        ['a.la_id', opts.laId],
        ['a.case_id', opts.caseId],
      ] as const) {
        if (!v) continue;
        params.push(v);
        where.push(`${col} = $${params.length}`);
      }
      if (opts.after) {
        params.push(opts.after[0], opts.after[1]);
        where.push(`(a.raised_at, a.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
      }
      params.push(opts.limit + 1);
      const rows = (await m.query(
        `${SELECT} WHERE ${where.join(' AND ')} ORDER BY a.raised_at DESC, a.id DESC LIMIT $${params.length}`,
        params,
      )) as AlertRow[];
      const page = rows.slice(0, opts.limit);
      if (page.length)
        await this.audit.record({
          action: 'ap_alert.list',
          subjectType: 'Pupil',
          subjectIds: [...new Set(page.map((r) => r.pupil_id))],
        });
      const last = page[page.length - 1];
      return {
        items: page.map((r) => this.view(r)),
        last: last ? [last.raised_key, last.id] : null,
        more: rows.length > opts.limit,
      };
    });
  }

  /**
   * How many open alerts the caller sees (of these kinds, or all), as the alerts page lists them,
   * for their home page: a number, no child, so not audited. Null when their role sees no alerts.
   */
  async openCount(kinds?: readonly AlertKind[]): Promise<number | null> {
    if (!this.auth.ability.can('read', 'ApAlert')) return null;
    return this.auth.inTenant(async (m) => {
      const params: unknown[] = [this.auth.tenantId];
      const where = [`a.tenant_id = $1`, `a.status = 'open'`, this.scope(params)];
      if (kinds) {
        params.push(kinds);
        where.push(`a.kind = ANY ($${params.length}::text[])`);
      }
      const [row] = (await m.query(
        `SELECT count(*)::int AS n FROM ap_alerts a JOIN ap_cases c ON c.tenant_id = a.tenant_id AND c.id = a.case_id WHERE ${where.join(' AND ')}`,
        params,
      )) as { n: number }[];
      return row?.n ?? 0;
    });
  }

  /** The open alerts of one case the caller can see (for the case page); none when their role sees no alerts. */
  async openForCase(caseId: string): Promise<AlertView[]> {
    if (!this.auth.ability.can('read', 'ApAlert') || !UUID.test(caseId)) return [];
    return (await this.list({ status: 'open', caseId, limit: 100 })).items;
  }

  /** One alert; 404 when the caller may not see it. Audited. */
  get(id: string): Promise<AlertView> {
    this.requireRead();
    if (!UUID.test(id)) throw this.notFound();
    return this.auth.inTenant(async (m) => {
      const r = await this.load(m, id, false);
      await this.audit.record({
        action: 'ap_alert.read',
        subjectType: 'Pupil',
        subjectIds: [r.pupil_id],
        laId: r.la_id,
        details: { alertId: id, caseId: r.case_id },
      });
      return this.view(r);
    });
  }

  /**
   * Closes an alert with a recorded decision, under a row lock and the version the caller saw
   * (409 when stale or already closed), with the case timeline and the audit in the same
   * transaction. A children-missing-education decision is an LA officer's of the case's LA, on an
   * attendance or absence alert, with a note; it records the decision only and refers no one.
   */
  async close(id: string, input: CloseAlertInput): Promise<AlertView> {
    this.requireRead();
    if (!this.auth.ability.can('update', 'ApAlert'))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
    if (!UUID.test(id)) throw this.notFound();
    const errors: FieldError[] = [];
    const decision = text(input.decision) as AlertDecision | undefined;
    if (!decision || !ALERT_DECISIONS.includes(decision))
      errors.push({ field: 'decision', message: `Choose the decision: ${ALERT_DECISIONS.join(', ')}` });
    const note = text(input.note);
    if (note && note.length > 2000)
      errors.push({ field: 'note', message: 'The note must be 2,000 characters or fewer' });
    else if (decision && CME_DECISIONS.includes(decision) && !note)
      errors.push({ field: 'note', message: 'Say why: a children-missing-education decision needs a note' });
    const version = wholeNumber(input.version);
    if (version === undefined) errors.push({ field: 'version', message: 'version must be the alert’s version number' });
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.auth.inTenant(async (m) => {
      const r = await this.load(m, id, true);
      if (
        !this.auth.ability.can(
          'update',
          subject('ApAlert', {
            tenantId: this.auth.tenantId,
            laId: r.la_id,
            settingId: r.setting_id ?? undefined,
            providerId: r.provider_id ?? undefined,
          }) as never,
        )
      ) {
        throw new ForbiddenException(problem(403, 'Your role cannot close this alert.'));
      }
      if (CME_DECISIONS.includes(decision!)) {
        if (!this.isOfficerOf(r.la_id))
          throw new ForbiddenException(
            problem(
              403,
              'Only an officer of the child’s local authority records a children-missing-education decision.',
            ),
          );
        if (!CME_ALERT_KINDS.includes(r.kind)) {
          throw new InvalidFieldsException([
            {
              field: 'decision',
              message: 'A children-missing-education decision is recorded on an attendance or absence alert only',
            },
          ]);
        }
      }
      if (r.status === 'closed')
        throw new ConflictException(problem(409, 'This alert is already closed.', { currentVersion: r.version }));
      if (version !== r.version)
        throw new ConflictException(
          problem(409, 'This alert has changed since you opened it. Open it again to see what changed.', {
            currentVersion: r.version,
          }),
        );
      await m.query(
        `UPDATE ap_alerts SET status = 'closed', closed_at = now(), closed_by = $3, decision = $4, decision_note = $5, version = version + 1
          WHERE tenant_id = $1 AND id = $2 AND status = 'open' AND version = $6`,
        [this.auth.tenantId, id, this.auth.principal.userId, decision, note ?? null, version],
      );
      const cme = CME_DECISIONS.includes(decision!);
      const p = this.auth.principal;
      const role =
        p.memberships.find(
          (x) =>
            (x.role === 'la_officer' && x.localAuthorityId === r.la_id) ||
            (x.role === 'setting_staff' && x.organisationId === r.setting_id),
        )?.role ??
        p.memberships[0]?.role ??
        null;
      await m.query(
        `INSERT INTO ap_case_events (tenant_id, case_id, la_id, actor_id, actor_role, action, from_status, to_status, note, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9::jsonb)`,
        [
          this.auth.tenantId,
          r.case_id,
          r.la_id,
          p.userId,
          role,
          cme ? 'cme_decision' : 'alert_closed',
          r.case_status,
          note ?? null,
          JSON.stringify({ alertId: id, kind: r.kind, decision }),
        ],
      );
      await this.audit.record({
        action: cme ? 'ap_alert.cme_decision' : 'ap_alert.close',
        subjectType: 'ApAlert',
        subjectIds: [id, r.case_id],
        laId: r.la_id,
        details: { kind: r.kind, decision: decision! },
      });
      return this.view(await this.load(m, id, false));
    });
  }

  // ---- internals ----

  /** Read scope on the alert's case; a provider's staff see only the kinds about running the placement. */
  private scope(params: unknown[]): string {
    const scope = positionalScope(sqlScope(this.auth.ability, 'read', 'ApAlert', 'c', CASE_COLUMNS), params);
    const p = this.auth.principal;
    if (!p.memberships.some((x) => x.role === 'ap_provider_staff')) return scope;
    const las = p.memberships
      .filter((x) => x.role === 'la_officer' && x.localAuthorityId)
      .map((x) => x.localAuthorityId);
    const schools = p.memberships.filter((x) => x.role === 'setting_staff').map((x) => x.organisationId);
    params.push(PROVIDER_ALERT_KINDS, las, schools);
    const n = params.length;
    return `${scope} AND (a.kind = ANY ($${n - 2}::text[]) OR c.la_id = ANY ($${n - 1}::uuid[]) OR c.setting_id = ANY ($${n}::uuid[]))`;
  }

  private async load(m: EntityManager, id: string, lock: boolean): Promise<AlertRow> {
    const params: unknown[] = [this.auth.tenantId, id];
    const [r] = (await m.query(
      `${SELECT} WHERE a.tenant_id = $1 AND a.id = $2 AND ${this.scope(params)}${lock ? ' FOR UPDATE OF a' : ''}`,
      params,
    )) as AlertRow[];
    if (!r) throw this.notFound();
    return r;
  }

  private isOfficerOf(laId: string): boolean {
    return this.auth.principal.memberships.some((x) => x.role === 'la_officer' && x.localAuthorityId === laId);
  }

  private view(r: AlertRow): AlertView {
    let allowed: AlertDecision[] = [];
    if (
      r.status === 'open' &&
      this.auth.ability.can(
        'update',
        subject('ApAlert', {
          tenantId: this.auth.tenantId,
          laId: r.la_id,
          settingId: r.setting_id ?? undefined,
          providerId: r.provider_id ?? undefined,
        }) as never,
      )
    ) {
      allowed = ['noted', 'action_taken'];
      if (CME_ALERT_KINDS.includes(r.kind) && this.isOfficerOf(r.la_id)) allowed.push(...CME_DECISIONS);
    }
    return {
      id: r.id,
      kind: r.kind,
      label: ALERT_KIND_LABELS[r.kind],
      summary: alertSummary(r.kind, r.details),
      status: r.status,
      raisedAt: r.raised_at.toISOString(),
      laId: r.la_id,
      laName: r.la_name,
      caseId: r.case_id,
      caseReference: caseReference(r.case_reference),
      placementId: r.placement_id,
      providerId: r.provider_id,
      providerName: r.provider_name,
      details: r.details,
      decision: r.decision,
      decisionNote: r.decision_note,
      closedAt: r.closed_at ? r.closed_at.toISOString() : null,
      closedBy: r.closed_by ? { userId: r.closed_by, name: r.closed_by_name } : null,
      allowedDecisions: allowed,
      version: r.version,
    };
  }

  private requireRead(): void {
    if (!this.auth.ability.can('read', 'ApAlert'))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
  }

  private notFound(): NotFoundException {
    return new NotFoundException(problem(404, 'There is no such alert among those you can open.'));
  }
}
