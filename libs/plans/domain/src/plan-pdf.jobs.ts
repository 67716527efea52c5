import { Injectable, Logger } from '@nestjs/common';
import { defineJob, HandlesJob, JobContext, JobHandler } from '@rep-hub/platform';
import { createHash } from 'node:crypto';
import { planPdf } from './plan-pdf';
import { PlanStore } from './plan-store';

export type PlanPdfPayload = { planId: string; versionId: string };

/** Makes the PDF of a version when it is published (queued by the publish, through the outbox). */
export const PLAN_PDF_JOB = defineJob<PlanPdfPayload>('plans.version_pdf', 'reports');

/**
 * Renders a published version to PDF and keeps it on the version (`pdf`, `pdf_sha256`,
 * `pdf_status` ready). A retry renders again and writes the same row; a version no longer
 * published or superseded (never, today) is left alone.
 */
@Injectable()
@HandlesJob(PLAN_PDF_JOB)
export class PlanPdfHandler implements JobHandler<PlanPdfPayload> {
  private readonly logger = new Logger('Jobs');

  async handle(ctx: JobContext, payload: PlanPdfPayload): Promise<void> {
    const tenantId = ctx.envelope.tenantId;
    const data = await ctx.work(async (m) => {
      const plan = await PlanStore.plan(m, tenantId, payload.planId);
      const version = plan && (await PlanStore.version(m, tenantId, payload.planId, payload.versionId));
      if (!plan || !version) return null;
      const [t] = (await m.query(`SELECT name FROM tenants WHERE id = $1`, [tenantId])) as { name: string }[];
      return {
        title: plan.title,
        partnership: t?.name ?? '',
        periodStart: plan.periodStart,
        periodEnd: plan.periodEnd,
        reviewOn: plan.reviewOn,
        las: plan.las,
        version,
        sections: await PlanStore.sections(m, tenantId, payload.versionId),
        decisions: await PlanStore.decisions(m, tenantId, payload.planId, payload.versionId),
      };
    });
    if (!data || !['published', 'superseded'].includes(data.version.status)) {
      this.logger.log({ job: ctx.envelope.name, outboxId: ctx.envelope.outboxId }, 'No published version to render');
      return;
    }
    let pdf: Buffer;
    try {
      pdf = await planPdf(data);
    } catch (e) {
      // the version says so (the public page offers no download); the job's retry may still make it
      await ctx.work((m) =>
        m.query(`UPDATE inclusion_plan_versions SET pdf_status = 'failed' WHERE tenant_id = $1 AND id = $2`, [
          tenantId,
          payload.versionId,
        ]),
      );
      throw e;
    }
    await ctx.work((m) => PlanPdfHandler.store(m, tenantId, payload.versionId, pdf));
  }

  /** Keeps a version's PDF and its SHA-256 (the seed and the job both write it this way). */
  static async store(
    m: { query: (sql: string, params: unknown[]) => Promise<unknown> },
    tenantId: string,
    versionId: string,
    pdf: Buffer,
  ): Promise<void> {
    await m.query(
      `UPDATE inclusion_plan_versions SET pdf = $3, pdf_sha256 = $4, pdf_status = 'ready', updated_at = now()
        WHERE tenant_id = $1 AND id = $2`,
      [tenantId, versionId, pdf, createHash('sha256').update(pdf).digest('hex')],
    );
  }
}
