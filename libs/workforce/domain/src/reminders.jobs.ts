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
  longDate,
  NotificationService,
  schoolToday,
  SERVICE_NAME,
  rowsOf,
  UnitOfWork,
} from '@rep-hub/platform';
import { EntityManager } from 'typeorm';
import { EndingSoonView, TIE_IN_STATUSES, WINDOW_OPEN_STATUSES, WORKFORCE_END_NOTICE_DAYS } from './workforce.model';

type WorkforceEndKind = EndingSoonView['kind'];

/** Ids and codes only (a job's payload carries no date or text): the notice reads the record when it sends. */
export type WorkforceReminderPayload = { kind: WorkforceEndKind; enrolmentId: string; laId: string };

/** Daily at 07:30 UK time: windows to qualify and tie-ins ending within WORKFORCE_END_NOTICE_DAYS. */
export const WORKFORCE_REMINDERS_JOB = defineJob('workforce.reminders', 'reminders', { attempts: 3 });
export const WORKFORCE_REMINDERS_SCHEDULE = defineSchedule({
  id: 'workforce-reminders-daily',
  job: WORKFORCE_REMINDERS_JOB,
  everyMs: 24 * 3600 * 1000,
  pattern: '30 7 * * *',
});

/** One reminder's emails (see WorkforceReminderNoticeHandler for who hears of each kind). */
export const WORKFORCE_REMINDER_NOTICE_JOB = defineJob<WorkforceReminderPayload>(
  'workforce.reminder_notice',
  'notifications',
);

/** What each kind reminds of: the end date's column, the column that records the reminder, the statuses concerned. */
const ENDS: Record<
  WorkforceEndKind,
  { column: string; reminded: string; statuses: readonly string[]; action: string }
> = {
  window_ends: {
    column: 'qualification_window_ends_on',
    reminded: 'reminded_window_ends_on',
    statuses: WINDOW_OPEN_STATUSES,
    action: 'workforce.enrolment.remind_window_ends',
  },
  tie_in_ends: {
    column: 'tie_in_ends_on',
    reminded: 'reminded_tie_in_ends_on',
    statuses: TIE_IN_STATUSES,
    action: 'workforce.enrolment.remind_tie_in_ends',
  },
};

/**
 * Finds, for a day, the enrolments whose window to qualify (not yet qualified, not withdrawn) or
 * tie-in (completed or accredited) ends within WORKFORCE_END_NOTICE_DAYS, today included. Each is
 * reminded once per end date: `reminded_*` is set to the end date in the same statement that
 * picks it (a row lock each), so a second run or a second worker picks nothing, and a new end
 * date reminds again. An end already past is not reminded. Each reminder's notice job is enqueued
 * in the same transaction (sent after commit), and the reminders are audited per LA.
 */
@Injectable()
@HandlesJob(WORKFORCE_REMINDERS_JOB)
export class WorkforceRemindersHandler implements JobHandler {
  private readonly logger = new Logger('Jobs');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly jobs: JobQueue,
    private readonly audit: AuditService,
  ) {}

  async handle(ctx: JobContext): Promise<void> {
    const asOf = schoolToday();
    const tenants = await this.uow.activeTenantIds();
    let windows = 0;
    let tieIns = 0;
    for (const t of tenants) {
      const done = await this.runTenant(t, asOf);
      windows += done.windows.length;
      tieIns += done.tieIns.length;
    }
    this.logger.log({ job: ctx.envelope.name, tenants: tenants.length, windows, tieIns }, 'Workforce reminders run');
  }

  /** One partnership's reminders for `asOf` (YYYY-MM-DD): the seam tests call with a fixed day. */
  async runTenant(tenantId: string, asOf: string): Promise<{ windows: string[]; tieIns: string[] }> {
    // enrolments are walled by their employing LA: a tenant-only unit of work finds the LAs, the next sees them all
    const laIds = await this.uow.forTenant({ tenantId }, async (m) =>
      (
        (await m.query(`SELECT id FROM organisations WHERE tenant_id = $1 AND kind = 'local_authority' ORDER BY id`, [
          tenantId,
        ])) as { id: string }[]
      ).map((r) => r.id),
    );
    if (!laIds.length) return { windows: [], tieIns: [] };
    return this.uow.forTenant({ tenantId, laIds }, async (m) => ({
      windows: await this.remind(m, tenantId, asOf, 'window_ends'),
      tieIns: await this.remind(m, tenantId, asOf, 'tie_in_ends'),
    }));
  }

  private async remind(m: EntityManager, tenantId: string, asOf: string, kind: WorkforceEndKind): Promise<string[]> {
    const { column, reminded, statuses, action } = ENDS[kind];
    const picked = rowsOf<{ id: string; la_id: string; ends_on: string }>(
      await m.query(
        // the statuses as literals (constants of the module), so the migration's partial index serves the pick
        `UPDATE workforce_enrolments SET ${reminded} = ${column}
          WHERE tenant_id = $1 AND status IN (${statuses.map((x) => `'${x}'`).join(', ')})
            AND ${column} BETWEEN $2::date AND $2::date + $3::int
            AND ${reminded} IS DISTINCT FROM ${column}
          RETURNING id, la_id, to_char(${column}, 'YYYY-MM-DD') AS ends_on`,
        [tenantId, asOf, WORKFORCE_END_NOTICE_DAYS],
      ),
    ).sort((a, b) => a.id.localeCompare(b.id));
    for (const e of picked)
      await this.jobs.enqueue(
        WORKFORCE_REMINDER_NOTICE_JOB,
        { kind, enrolmentId: e.id, laId: e.la_id },
        { idempotencyKey: `workforce-${kind.replace(/_/g, '-')}:${e.id}:${e.ends_on}` },
      );
    for (const laId of [...new Set(picked.map((e) => e.la_id))]) {
      const mine = picked.filter((e) => e.la_id === laId);
      await this.audit.record({
        action,
        subjectType: 'WorkforceEnrolment',
        subjectIds: mine.map((e) => e.id),
        laId,
        details: { count: mine.length, asOf },
      });
    }
    return picked.map((e) => e.id);
  }
}

/**
 * Sends one reminder. A window to qualify ending: the partnership's workforce leads, the
 * employing LA's officers and the cohort's training provider's staff (everyone the module lets
 * see the enrolment, and the provider who declares its completion). A tie-in ending: the
 * workforce leads and the employing LA's officers (the employer it ties the participant to).
 * Nothing is sent when the enrolment has moved on (qualified, withdrawn) or its end date changed
 * since it was picked. Each recipient's email has its own key, so a retried job sends only what
 * did not go.
 */
@Injectable()
@HandlesJob(WORKFORCE_REMINDER_NOTICE_JOB)
export class WorkforceReminderNoticeHandler implements JobHandler<WorkforceReminderPayload> {
  private readonly logger = new Logger('Jobs');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly notifications: NotificationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(ctx: JobContext, payload: WorkforceReminderPayload): Promise<void> {
    const tenantId = ctx.envelope.tenantId;
    const { column, reminded, statuses } = ENDS[payload.kind];
    // the enrolment is walled by its LA: this unit of work sees that LA only
    const found = await this.uow.forTenant({ tenantId, actorId: null, laIds: [payload.laId] }, async (m) => {
      const [e] = (await m.query(
        `SELECT to_char(e.${column}, 'YYYY-MM-DD') AS ends_on, e.provider_id, c.name AS cohort_name, p.name AS programme_name,
                la.name AS la_name
           FROM workforce_enrolments e
           JOIN workforce_cohorts c ON c.tenant_id = e.tenant_id AND c.id = e.cohort_id
           JOIN workforce_programmes p ON p.tenant_id = c.tenant_id AND p.id = c.programme_id
           JOIN organisations la ON la.tenant_id = e.tenant_id AND la.id = e.la_id
          WHERE e.tenant_id = $1 AND e.id = $2 AND e.status = ANY ($3::text[]) AND e.${column} = e.${reminded}`,
        [tenantId, payload.enrolmentId, statuses],
      )) as { ends_on: string; provider_id: string; cohort_name: string; programme_name: string; la_name: string }[];
      if (!e) return null;
      const to = (await m.query(
        `SELECT DISTINCT u.id, u.email FROM memberships ms JOIN users u ON u.id = ms.user_id
          WHERE ms.tenant_id = $1 AND ms.status = 'active' AND u.status = 'active'
            AND (ms.role = 'workforce_lead'
                 OR (ms.role = 'la_officer' AND ms.organisation_id = $2)
                 OR ($4 AND ms.role = 'training_provider_staff' AND ms.organisation_id = $3))
          ORDER BY u.email`,
        [tenantId, payload.laId, e.provider_id, payload.kind === 'window_ends'],
      )) as { id: string; email: string }[];
      return { e, to };
    });
    if (!found || !found.to.length) {
      this.logger.log(
        { job: ctx.envelope.name, outboxId: ctx.envelope.outboxId, kind: payload.kind },
        'Nothing to send: the enrolment has moved on, its end date changed, or no one is there to tell',
      );
      return;
    }
    const { e, to } = found;
    const seen = new Set<string>();
    for (const r of to) {
      const email = r.email.toLowerCase();
      if (seen.has(email)) continue;
      seen.add(email);
      await ctx.work(() =>
        this.notifications.send({
          template: payload.kind === 'window_ends' ? 'workforce_window_ending' : 'workforce_tie_in_ending',
          to: { userId: r.id, email: r.email },
          personalisation: {
            service_name: SERVICE_NAME,
            programme: e.programme_name,
            cohort: e.cohort_name,
            local_authority: e.la_name,
            ends_on: longDate(e.ends_on),
            link: `${this.config.publicUrl}/workforce/enrolments/${payload.enrolmentId}`,
          },
          idempotencyKey: `${ctx.envelope.idempotencyKey}:${email}`,
        }),
      );
    }
  }
}
