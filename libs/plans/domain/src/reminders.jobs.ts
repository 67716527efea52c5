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

/** How many days before a plan's review date its LA officers hear of it (and every day after, once per review date). */
export const REVIEW_NOTICE_DAYS = 28;

/** Ids and codes only (a job's payload carries no date or text): the notice reads the record when it sends. */
export type PlansReminderPayload =
  { kind: 'action_overdue'; actionId: string } | { kind: 'review_due'; planId: string };

/** Daily at 07:15 UK time: overdue actions and plans whose review date is near or past. */
export const PLANS_REMINDERS_JOB = defineJob('plans.reminders', 'reminders', { attempts: 3 });
export const PLANS_REMINDERS_SCHEDULE = defineSchedule({
  id: 'plans-reminders-daily',
  job: PLANS_REMINDERS_JOB,
  everyMs: 24 * 3600 * 1000,
  pattern: '15 7 * * *',
});

/** One reminder's emails (the action's owner organisation, or the plan's LA officers). */
export const PLANS_REMINDER_NOTICE_JOB = defineJob<PlansReminderPayload>('plans.reminder_notice', 'notifications');

/**
 * Finds what to remind each partnership of, for a day. An overdue action (open, due before the
 * day) is reminded once per due date: `reminded_on` is set to the due date in the same statement
 * that picks it, so a second run (or a second worker) picks nothing, and a new due date reminds
 * again. A plan whose review date is within REVIEW_NOTICE_DAYS (or past) is reminded once per
 * review date by the outbox's idempotency key. Each reminder's notice job is enqueued in the same
 * transaction (sent after commit) and audited.
 */
@Injectable()
@HandlesJob(PLANS_REMINDERS_JOB)
export class PlansRemindersHandler implements JobHandler {
  private readonly logger = new Logger('Jobs');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly jobs: JobQueue,
    private readonly audit: AuditService,
  ) {}

  async handle(ctx: JobContext): Promise<void> {
    const asOf = schoolToday();
    const tenants = await this.uow.activeTenantIds();
    let actions = 0;
    let reviews = 0;
    for (const t of tenants) {
      const done = await this.runTenant(t, asOf);
      actions += done.actions.length;
      reviews += done.reviews.length;
    }
    this.logger.log({ job: ctx.envelope.name, tenants: tenants.length, actions, reviews }, 'Plans reminders run');
  }

  /** One partnership's reminders for `asOf` (YYYY-MM-DD): the seam tests call with a fixed day. */
  runTenant(tenantId: string, asOf: string): Promise<{ actions: string[]; reviews: string[] }> {
    return this.uow.forTenant({ tenantId }, async (m) => {
      const overdue = rowsOf<{ id: string; due_on: string }>(
        await m.query(
          `UPDATE inclusion_plan_actions SET reminded_on = due_on
          WHERE tenant_id = $1 AND status IN ('not_started', 'in_progress') AND due_on < $2::date
            AND reminded_on IS DISTINCT FROM due_on
          RETURNING id, to_char(due_on, 'YYYY-MM-DD') AS due_on`,
          [tenantId, asOf],
        ),
      );
      for (const a of overdue)
        await this.jobs.enqueue(
          PLANS_REMINDER_NOTICE_JOB,
          { kind: 'action_overdue', actionId: a.id },
          { idempotencyKey: `plans-action-overdue:${a.id}:${a.due_on}` },
        );
      const plans = (await m.query(
        `SELECT id, to_char(review_on, 'YYYY-MM-DD') AS review_on FROM inclusion_plans
          WHERE tenant_id = $1 AND review_on <= $2::date + $3::int ORDER BY id`,
        [tenantId, asOf, REVIEW_NOTICE_DAYS],
      )) as { id: string; review_on: string }[];
      const reviews: string[] = [];
      for (const p of plans) {
        const queued = await this.jobs.enqueue(
          PLANS_REMINDER_NOTICE_JOB,
          { kind: 'review_due', planId: p.id },
          { idempotencyKey: `plans-review-due:${p.id}:${p.review_on}` },
        );
        if (queued.enqueued) reviews.push(p.id);
      }
      if (overdue.length)
        await this.audit.record({
          action: 'plans.action.remind_overdue',
          subjectType: 'InclusionPlanAction',
          subjectIds: overdue.map((a) => a.id),
          details: { count: overdue.length, asOf },
        });
      if (reviews.length)
        await this.audit.record({
          action: 'plans.plan.remind_review',
          subjectType: 'InclusionPlan',
          subjectIds: reviews,
          details: { count: reviews.length, asOf },
        });
      return { actions: overdue.map((a) => a.id), reviews };
    });
  }
}

/**
 * Sends one reminder: an overdue action to the active members of its owner organisation; a plan's
 * review to the active LA officers and LA admins of the plan's LAs. Each recipient's email has its
 * own key, so a retried job sends only what did not go.
 */
@Injectable()
@HandlesJob(PLANS_REMINDER_NOTICE_JOB)
export class PlansReminderNoticeHandler implements JobHandler<PlansReminderPayload> {
  private readonly logger = new Logger('Jobs');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly notifications: NotificationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(ctx: JobContext, payload: PlansReminderPayload): Promise<void> {
    const tenantId = ctx.envelope.tenantId;
    const found = await this.uow.forTenant({ tenantId, actorId: null }, async (m) => {
      if (payload.kind === 'action_overdue') {
        const [a] = (await m.query(
          `SELECT a.title, a.status, a.owner_organisation_id, p.title AS plan_title, to_char(a.due_on, 'YYYY-MM-DD') AS due_on
             FROM inclusion_plan_actions a JOIN inclusion_plans p ON p.tenant_id = a.tenant_id AND p.id = a.plan_id
            WHERE a.tenant_id = $1 AND a.id = $2`,
          [tenantId, payload.actionId],
        )) as { title: string; status: string; owner_organisation_id: string; plan_title: string; due_on: string }[];
        if (!a || !['not_started', 'in_progress'].includes(a.status)) return null;
        const to = (await m.query(
          `SELECT DISTINCT u.id, u.email FROM memberships ms JOIN users u ON u.id = ms.user_id
            WHERE ms.tenant_id = $1 AND ms.organisation_id = $2 AND ms.status = 'active' AND u.status = 'active' ORDER BY u.email`,
          [tenantId, a.owner_organisation_id],
        )) as { id: string; email: string }[];
        return {
          to,
          template: 'plans_action_overdue',
          personalisation: <Record<string, string>>{
            service_name: SERVICE_NAME,
            action_title: a.title,
            plan_title: a.plan_title,
            due_on: longDate(a.due_on),
            link: `${this.config.publicUrl}/plans/actions/${payload.actionId}`,
          },
        };
      }
      const [p] = (await m.query(
        `SELECT title, to_char(review_on, 'YYYY-MM-DD') AS review_on FROM inclusion_plans WHERE tenant_id = $1 AND id = $2`,
        [tenantId, payload.planId],
      )) as { title: string; review_on: string }[];
      if (!p) return null;
      const to = (await m.query(
        `SELECT DISTINCT u.id, u.email FROM memberships ms JOIN users u ON u.id = ms.user_id
           JOIN inclusion_plan_las pl ON pl.tenant_id = ms.tenant_id AND pl.la_id = ms.organisation_id AND pl.plan_id = $2
          WHERE ms.tenant_id = $1 AND ms.role IN ('la_officer', 'la_admin') AND ms.status = 'active' AND u.status = 'active' ORDER BY u.email`,
        [tenantId, payload.planId],
      )) as { id: string; email: string }[];
      return {
        to,
        template: 'plans_review_due',
        personalisation: <Record<string, string>>{
          service_name: SERVICE_NAME,
          plan_title: p.title,
          review_on: longDate(p.review_on),
          link: `${this.config.publicUrl}/plans/${payload.planId}`,
        },
      };
    });
    if (!found || !found.to.length) {
      this.logger.log(
        { job: ctx.envelope.name, outboxId: ctx.envelope.outboxId, kind: payload.kind },
        'Nothing to send: the record is gone, done, or has no one to tell',
      );
      return;
    }
    for (const r of found.to) {
      await ctx.work(() =>
        this.notifications.send({
          template: found.template,
          to: { userId: r.id, email: r.email },
          personalisation: found.personalisation,
          idempotencyKey: `${ctx.envelope.idempotencyKey}:${r.email.toLowerCase()}`,
        }),
      );
    }
  }
}
