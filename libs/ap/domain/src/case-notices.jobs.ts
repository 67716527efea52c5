import './notification-templates'; // the templates these jobs send
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  APP_CONFIG,
  AppConfig,
  defineJob,
  HandlesJob,
  JobContext,
  JobHandler,
  NotificationService,
  SERVICE_NAME,
} from '@rep-hub/platform';

export type CaseNoticePayload = {
  caseId: string;
  reference: string;
  laId: string;
  /** The commissioning school, for the LA's notice. */
  settingId?: string | null;
  kind: 'school_commission' | 'virtual_school';
};

/** Tells an LA of a case that did not go through its panel, or its virtual school of a placement of a looked-after child. */
export const AP_CASE_NOTICE_JOB = defineJob<CaseNoticePayload>('ap.case_notice', 'notifications');

/**
 * Sends a case notice after the case's transaction commits. The email names the case reference and
 * the LA, never the child. Each recipient's notification has its own key, so a retried job sends
 * only what did not go.
 */
@Injectable()
@HandlesJob(AP_CASE_NOTICE_JOB)
export class CaseNoticeHandler implements JobHandler<CaseNoticePayload> {
  private readonly logger = new Logger('Jobs');

  constructor(
    private readonly notifications: NotificationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(ctx: JobContext, payload: CaseNoticePayload): Promise<void> {
    const link = `${this.config.publicUrl}/ap/cases/${payload.caseId}`;
    const { la, school, recipients } = await ctx.work(async (m) => {
      const [la] = (await m.query(`SELECT name FROM organisations WHERE tenant_id = $1 AND id = $2`, [
        ctx.envelope.tenantId,
        payload.laId,
      ])) as { name: string }[];
      if (payload.kind === 'virtual_school') {
        const [s] = (await m.query(
          `SELECT virtual_school_email FROM ap_la_settings WHERE tenant_id = $1 AND la_id = $2`,
          [ctx.envelope.tenantId, payload.laId],
        )) as {
          virtual_school_email: string | null;
        }[];
        return {
          la,
          school: null,
          recipients: s?.virtual_school_email ? [{ userId: null, email: s.virtual_school_email }] : [],
        };
      }
      const officers = (await m.query(
        `SELECT u.id, u.email FROM memberships ms JOIN users u ON u.id = ms.user_id
          WHERE ms.tenant_id = $1 AND ms.organisation_id = $2 AND ms.role = 'la_officer' AND ms.status = 'active' AND u.status = 'active' ORDER BY u.email`,
        [ctx.envelope.tenantId, payload.laId],
      )) as { id: string; email: string }[];
      const [school] = payload.settingId
        ? ((await m.query(`SELECT name FROM organisations WHERE tenant_id = $1 AND id = $2`, [
            ctx.envelope.tenantId,
            payload.settingId,
          ])) as { name: string }[])
        : [];
      return { la, school, recipients: officers.map((o) => ({ userId: o.id, email: o.email })) };
    });
    if (!recipients.length) {
      this.logger.log(
        { job: ctx.envelope.name, outboxId: ctx.envelope.outboxId, kind: payload.kind },
        'No one to tell: no recipient is set for this LA',
      );
      return;
    }
    for (const to of recipients) {
      await ctx.work(() =>
        this.notifications.send({
          template: payload.kind === 'virtual_school' ? 'ap_virtual_school_placement' : 'ap_school_commission',
          to,
          personalisation: {
            service_name: SERVICE_NAME,
            reference: payload.reference,
            local_authority: la?.name ?? 'your local authority',
            link,
            ...(payload.kind === 'school_commission' ? { referring_school: school?.name ?? 'A school' } : {}),
          },
          idempotencyKey: `${ctx.envelope.idempotencyKey}:${to.email}`,
        }),
      );
    }
  }
}
