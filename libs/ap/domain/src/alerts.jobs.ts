import './notification-templates'; // the templates these jobs send
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import {
  APP_CONFIG,
  AppConfig,
  defineJob,
  defineSchedule,
  HandlesJob,
  JobContext,
  JobHandler,
  JobQueue,
  NotificationService,
  SERVICE_NAME,
  UnitOfWork,
} from '@rep-hub/platform';
import { AlertKind, alertSummary, ALERT_KIND_LABELS, RaisedAlert } from './alerts.model';
import { AlertsService } from './alerts.service';
import { caseReference } from './cases.model';
import { isoToday } from './input';

export type AlertNoticePayload = { alertId: string; laId: string; kind: AlertKind };

/** Nightly: every partnership's AP clocks for today (the alerts each raised once). */
export const AP_CLOCKS_JOB = defineJob('ap.clocks', 'reminders', { attempts: 3 });
export const AP_CLOCKS_SCHEDULE = defineSchedule({
  id: 'ap-clocks-nightly',
  job: AP_CLOCKS_JOB,
  everyMs: 24 * 3600 * 1000,
  pattern: '30 1 * * *',
});

/** One alert's email to the people it concerns; names the case reference and LA, never the child. */
export const AP_ALERT_NOTICE_JOB = defineJob<AlertNoticePayload>('ap.alert_notice', 'notifications');

/** Who hears of each kind: the provider's staff, the commissioner (the LA, or the school for its own commission), the LA's safeguarding contact. */
export const ALERT_RECIPIENTS: Record<AlertKind, readonly ('provider' | 'commissioner' | 'safeguarding')[]> = {
  tier2_overrun: ['commissioner', 'provider'],
  review_due: ['provider', 'commissioner'],
  review_overdue: ['provider', 'commissioner'],
  attendance_missing: ['provider', 'commissioner'],
  persistent_absence: ['commissioner'],
  severe_absence: ['commissioner', 'provider'],
  unexplained_absence: ['commissioner', 'safeguarding'],
  followup_due: ['commissioner'],
};

const WHAT_TO_DO: Record<AlertKind, string> = {
  tier2_overrun:
    'Agree with the provider and the commissioner whether the placement ends now, or record a new planned end with the reason.',
  review_due: 'Arrange the review with the provider, the school and the family, and record it when it is held.',
  review_overdue: 'Hold the review as soon as you can and record it, or record why it was cancelled.',
  attendance_missing:
    'Send the missing attendance today (on the attendance page or by upload), and check with the provider that the pupil is safe and attending.',
  persistent_absence:
    'Check the pupil’s attendance with the provider and decide what support is needed. Record your decision on the alert.',
  severe_absence:
    'Contact the provider and the family now. Decide whether a children-missing-education referral is needed and record the decision on the alert.',
  unexplained_absence:
    'Find out where the pupil is and whether they are safe. Decide whether a children-missing-education referral is needed and record the decision on the alert.',
  followup_due: 'Check with the school whether the return to mainstream has held, and record the follow-up.',
};

/**
 * Runs the AP clocks for every partnership, one unit of work each (a tenant-only one first to
 * find its LAs, then one that sees all of them). `runTenant` is the seam tests call with a day.
 */
@Injectable()
@HandlesJob(AP_CLOCKS_JOB)
export class ApClocksHandler implements JobHandler {
  private readonly logger = new Logger('Jobs');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly alerts: AlertsService,
    private readonly jobs: JobQueue,
    private readonly audit: AuditService,
  ) {}

  async handle(ctx: JobContext): Promise<void> {
    const asOf = isoToday();
    const tenants = await this.uow.activeTenantIds();
    let raised = 0;
    for (const t of tenants) raised += (await this.runTenant(t, asOf)).length;
    this.logger.log({ job: ctx.envelope.name, tenants: tenants.length, raised }, 'AP clocks run');
  }

  /**
   * One partnership's clocks for `asOf` (YYYY-MM-DD): raises the alerts, enqueues a notice for each
   * new one in the same transaction (sent after commit) and audits them.
   */
  async runTenant(tenantId: string, asOf: string): Promise<RaisedAlert[]> {
    const laIds = await this.uow.forTenant({ tenantId }, async (m) =>
      (
        (await m.query(`SELECT id FROM organisations WHERE tenant_id = $1 AND kind = 'local_authority' ORDER BY id`, [
          tenantId,
        ])) as { id: string }[]
      ).map((r) => r.id),
    );
    if (!laIds.length) return [];
    return this.uow.forTenant({ tenantId, laIds }, async (m) => {
      const raised = await this.alerts.raiseAlerts(m, tenantId, asOf);
      for (const a of raised) {
        await this.jobs.enqueue(
          AP_ALERT_NOTICE_JOB,
          { alertId: a.id, laId: a.laId, kind: a.kind },
          { idempotencyKey: `ap-alert-notice:${a.id}` },
        );
      }
      for (const laId of [...new Set(raised.map((a) => a.laId))]) {
        const mine = raised.filter((a) => a.laId === laId);
        await this.audit.record({
          action: 'ap_alert.raise',
          subjectType: 'ApAlert',
          subjectIds: mine.map((a) => a.id),
          laId,
          details: { count: mine.length, asOf },
        });
      }
      return raised;
    });
  }
}

/**
 * Emails an alert to the people its kind concerns (ALERT_RECIPIENTS). The email gives the case
 * reference, the LA, what happened in numbers and dates, and what to do; never the child. Each
 * recipient's notification has its own key, so a retried job sends only what did not go.
 */
@Injectable()
@HandlesJob(AP_ALERT_NOTICE_JOB)
export class ApAlertNoticeHandler implements JobHandler<AlertNoticePayload> {
  private readonly logger = new Logger('Jobs');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly notifications: NotificationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(ctx: JobContext, payload: AlertNoticePayload): Promise<void> {
    const tenantId = ctx.envelope.tenantId;
    // the alert and its case are LA-scoped: this unit of work sees the alert's LA only
    const found = await this.uow.forTenant({ tenantId, actorId: null, laIds: [payload.laId] }, async (m) => {
      const [a] = (await m.query(
        `SELECT a.kind, a.details, a.status, a.provider_id, c.reference::text AS reference, c.route, c.setting_id, la.name AS la_name, s.safeguarding_email
           FROM ap_alerts a
           JOIN ap_cases c ON c.tenant_id = a.tenant_id AND c.id = a.case_id
           JOIN organisations la ON la.tenant_id = a.tenant_id AND la.id = a.la_id
           LEFT JOIN ap_la_settings s ON s.tenant_id = a.tenant_id AND s.la_id = a.la_id
          WHERE a.tenant_id = $1 AND a.id = $2`,
        [tenantId, payload.alertId],
      )) as {
        kind: AlertKind;
        details: Record<string, unknown>;
        status: string;
        provider_id: string | null;
        reference: string;
        route: string;
        setting_id: string | null;
        la_name: string;
        safeguarding_email: string | null;
      }[];
      if (!a) return null;
      const staff = (orgSql: string, role: string, id: string) =>
        m.query(
          `SELECT u.id, u.email FROM memberships ms JOIN users u ON u.id = ms.user_id
            WHERE ms.tenant_id = $1 AND ms.organisation_id IN (${orgSql}) AND ms.role = $3 AND ms.status = 'active' AND u.status = 'active' ORDER BY u.email`,
          [tenantId, id, role],
        ) as Promise<{ id: string; email: string }[]>;
      const to: { userId: string | null; email: string }[] = [];
      const add = (rows: { id: string | null; email: string }[]) =>
        to.push(...rows.map((r) => ({ userId: r.id, email: r.email })));
      for (const who of ALERT_RECIPIENTS[a.kind]) {
        if (who === 'provider' && a.provider_id) {
          // the provider's staff: active members of the organisation linked to its directory entry (as apProviderIds are derived)
          add(
            await staff(
              `SELECT p.organisation_id FROM ap_providers p WHERE p.tenant_id = $1 AND p.id = $2`,
              'ap_provider_staff',
              a.provider_id,
            ),
          );
        }
        if (who === 'commissioner') {
          // a school's own commission: the school; a referral to the LA or the LA's commission: the LA's officers
          if (a.route === 'school_commission' && a.setting_id)
            add(await staff('$2::uuid', 'setting_staff', a.setting_id));
          else add(await staff('$2::uuid', 'la_officer', payload.laId));
          // a follow-up of a return to school: the referring school checks it with the LA
          if (a.kind === 'followup_due' && a.route === 'school_referral' && a.setting_id)
            add(await staff('$2::uuid', 'setting_staff', a.setting_id));
        }
        if (who === 'safeguarding' && a.safeguarding_email) add([{ id: null, email: a.safeguarding_email }]);
      }
      return { alert: a, to };
    });
    if (!found) {
      this.logger.log(
        { job: ctx.envelope.name, outboxId: ctx.envelope.outboxId },
        'The alert is no longer there: nothing to send',
      );
      return;
    }
    const { alert, to } = found;
    const seen = new Set<string>();
    const recipients = to.filter((r) => !seen.has(r.email.toLowerCase()) && seen.add(r.email.toLowerCase()));
    if (!recipients.length) {
      this.logger.log(
        { job: ctx.envelope.name, outboxId: ctx.envelope.outboxId, kind: payload.kind },
        'No one to tell: no recipient is set for this alert',
      );
      return;
    }
    for (const r of recipients) {
      await ctx.work(() =>
        this.notifications.send({
          template: 'ap_alert',
          to: r,
          personalisation: {
            service_name: SERVICE_NAME,
            alert_kind: ALERT_KIND_LABELS[alert.kind],
            summary: alertSummary(alert.kind, alert.details),
            what_to_do: WHAT_TO_DO[alert.kind],
            reference: caseReference(alert.reference),
            local_authority: alert.la_name,
            link: `${this.config.publicUrl}/ap/alerts/${payload.alertId}`,
          },
          idempotencyKey: `${ctx.envelope.idempotencyKey}:${r.email.toLowerCase()}`,
        }),
      );
    }
  }
}
