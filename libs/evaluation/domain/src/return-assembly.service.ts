import { ForbiddenException, Injectable, Logger } from '@nestjs/common';
import { AuthContext, Principal } from '@rep-hub/auth';
import { IndicatorDefinition, IndicatorRegistry, IndicatorValue } from '@rep-hub/contracts';
import { defineJob, HandlesJob, JobContext, JobHandler, UnitOfWork } from '@rep-hub/platform';
import { ClsService } from 'nestjs-cls';
import { parsePeriod, SUBMITTED_INDICATORS } from './reference';
import type { FigureLineage, SubmittedLineage } from './return-snapshot.model';
import { FigureRow, ReturnsStore, SubmittedRow } from './returns.store';

export type AssembleReturnPayload = { returnId: string };

/** Assembles a return's figures from the indicator library (queued when a return is made, corrected or assembled again). */
export const ASSEMBLE_RETURN_JOB = defineJob<AssembleReturnPayload>('evaluation.assemble_return', 'reports');

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * Writes a draft return's figures: for every indicator of the library (computed ones from the
 * modules through the `IndicatorRegistry` for the period's dates, submitted ones from the LAs'
 * submitted values) and every LA of the partnership plus the partnership's own figure, one row with
 * its definition's version and its lineage; a figure not there is recorded as missing. The
 * computed figures are read as the person who asked for the assembly (their scope and abilities),
 * outside any unit of work, then everything is written in one.
 */
@Injectable()
export class ReturnAssemblyService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly registry: IndicatorRegistry,
    private readonly cls: ClsService,
    private readonly auth: AuthContext,
  ) {}

  /** Assembles the return if it is still a draft; false when it is not (or is gone). */
  async assemble(tenantId: string, returnId: string, actorId: string | null): Promise<boolean> {
    const ctx = { tenantId, actorId };
    const r = await this.uow.forTenant(ctx, (m) => ReturnsStore.get(m, tenantId, returnId));
    const period = r && parsePeriod(r.period);
    if (!r || !period || r.status !== 'draft') return false;
    const computedAt = new Date().toISOString();
    const values = await this.computed(tenantId, actorId, { from: period.from, to: period.to });
    return this.uow.forTenant(ctx, async (m) => {
      const now = await ReturnsStore.get(m, tenantId, returnId, true);
      if (!now || now.status !== 'draft') return false;
      const las = await ReturnsStore.las(m, tenantId);
      const submitted = await ReturnsStore.submitted(m, tenantId, r.period);
      const figures = [
        ...this.computedFigures(tenantId, las, values, computedAt),
        ...submittedFigures(tenantId, las, submitted),
      ];
      await ReturnsStore.replaceFigures(m, tenantId, returnId, figures);
      await ReturnsStore.update(m, tenantId, returnId, 'assembled_at = now()');
      return true;
    });
  }

  /** The modules' figures for the period, as the actor; none when there is no actor or they may not read them. */
  private async computed(tenantId: string, actorId: string | null, period: { from: string; to: string }) {
    if (!actorId || !this.registry.definitions().length) return [] as IndicatorValue[];
    const memberships = await this.uow.forTenant({ tenantId, actorId }, (m) =>
      ReturnsStore.memberships(m, tenantId, actorId),
    );
    const principal: Principal = {
      userId: actorId,
      sessionId: 'evaluation-assembly',
      tenantId,
      platformRole: null,
      memberships: memberships.map((x) => ({
        id: x.id,
        role: x.role,
        organisationId: x.organisation_id,
        organisationKind: x.kind ?? '',
        localAuthorityId: x.la_id,
      })),
      laIds: [...new Set(memberships.map((x) => x.la_id).filter((x): x is string => !!x))],
      extensions: {},
    };
    return this.cls.run(async () => {
      this.auth.setPrincipal(principal);
      try {
        return await this.registry.compute(period);
      } catch (e) {
        if (e instanceof ForbiddenException) return [] as IndicatorValue[];
        throw e;
      }
    });
  }

  private computedFigures(
    tenantId: string,
    las: { id: string }[],
    values: IndicatorValue[],
    computedAt: string,
  ): Omit<FigureRow, 'submittedOn'>[] {
    const out: Omit<FigureRow, 'submittedOn'>[] = [];
    for (const d of this.registry.definitions()) {
      const module = this.registry.moduleOf(d.code) ?? '';
      for (const laId of targets(d, las)) {
        const v = values.find((x) => x.code === d.code && x.laId === laId);
        const lineage: FigureLineage = v
          ? { kind: 'computed', module, queryVersion: d.queryVersion ?? 1, computedAt }
          : { kind: 'missing' };
        out.push({
          indicatorCode: d.code,
          laKey: laId ?? tenantId,
          laId,
          source: 'computed',
          definitionVersion: d.queryVersion ?? 1,
          numerator: v?.numerator ?? null,
          denominator: v?.denominator ?? null,
          value: v?.value ?? null,
          lineage,
          submittedAt: null,
        });
      }
    }
    return out;
  }
}

/** The LAs (and null for the partnership) an indicator has figures for, by its levels. */
function targets(d: Pick<IndicatorDefinition, 'levels'>, las: { id: string }[]): (string | null)[] {
  return [
    ...(d.levels.includes('la') ? las.map((l) => l.id) : []),
    ...(d.levels.includes('partnership') ? [null] : []),
  ];
}

const lineageOf = (s: SubmittedRow): SubmittedLineage => ({
  kind: 'submitted',
  submittedValueId: s.id,
  uploadId: s.uploadId,
  uploadSha256: s.uploadSha256,
  enteredBy: s.enteredBy,
  enteredAt: s.enteredAt,
});

/**
 * The submitted figures: each LA's value as entered or uploaded; the partnership's is the sum of
 * every LA's (a percentage from the summed numerators and denominators) when every LA has one,
 * its lineage the latest-entered part's with every part's listed (`parts`), and missing otherwise.
 */
export function submittedFigures(
  tenantId: string,
  las: { id: string }[],
  submitted: SubmittedRow[],
): Omit<FigureRow, 'submittedOn'>[] {
  const out: Omit<FigureRow, 'submittedOn'>[] = [];
  for (const d of SUBMITTED_INDICATORS) {
    const parts: SubmittedRow[] = [];
    for (const laId of targets(d, las)) {
      if (laId) {
        const s = submitted.find((x) => x.indicatorCode === d.code && x.laId === laId);
        if (s) parts.push(s);
        out.push({
          indicatorCode: d.code,
          laKey: laId,
          laId,
          source: 'submitted',
          definitionVersion: s?.definitionVersion ?? d.version,
          numerator: s?.numerator ?? null,
          denominator: s?.denominator ?? null,
          value: s ? (s.value ?? valueOf(d.unit, s.numerator, s.denominator)) : null,
          lineage: s ? lineageOf(s) : { kind: 'missing' },
          submittedAt: s?.enteredAt ?? null,
        });
        continue;
      }
      const whole = las.length > 0 && parts.length === las.length;
      const latest = whole ? [...parts].sort((a, b) => b.enteredAt.localeCompare(a.enteredAt))[0] : null;
      const numerator = whole ? parts.reduce((n, p) => n + p.numerator, 0) : null;
      const denominator =
        whole && d.denominator !== null && parts.every((p) => p.denominator !== null)
          ? parts.reduce((n, p) => n + (p.denominator as number), 0)
          : null;
      out.push({
        indicatorCode: d.code,
        laKey: tenantId,
        laId: null,
        source: 'submitted',
        definitionVersion: d.version,
        numerator,
        denominator,
        value: numerator === null ? null : valueOf(d.unit, numerator, denominator),
        lineage: latest ? summed(latest, parts) : { kind: 'missing' },
        submittedAt: latest?.enteredAt ?? null,
      });
    }
  }
  return out;
}

/** The partnership's submitted figure's lineage: the latest part's, listing every part (`parts`). */
function summed(latest: SubmittedRow, parts: SubmittedRow[]): FigureLineage {
  const lineage: SubmittedLineage & { parts: SubmittedLineage[] } = {
    ...lineageOf(latest),
    parts: parts.map(lineageOf),
  };
  return lineage;
}

function valueOf(unit: string, numerator: number, denominator: number | null): number | null {
  if (unit !== 'percentage') return numerator;
  return denominator ? round1((numerator / denominator) * 100) : null;
}

/**
 * Runs the assembly a return's creation, correction or re-assembly queued. A retry assembles
 * again and writes the same rows; a return no longer a draft is left alone.
 */
@Injectable()
@HandlesJob(ASSEMBLE_RETURN_JOB)
export class AssembleReturnHandler implements JobHandler<AssembleReturnPayload> {
  private readonly logger = new Logger('Jobs');

  constructor(private readonly assembly: ReturnAssemblyService) {}

  async handle(ctx: JobContext, payload: AssembleReturnPayload): Promise<void> {
    const done = await this.assembly.assemble(ctx.envelope.tenantId, payload.returnId, ctx.envelope.actorId);
    if (!done)
      this.logger.log({ job: ctx.envelope.name, outboxId: ctx.envelope.outboxId }, 'No draft return to assemble');
  }
}
