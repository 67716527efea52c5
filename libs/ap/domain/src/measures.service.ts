import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import { AuthContext, positionalScope, sqlScope } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, problem } from '@rep-hub/platform';
import { EntityManager } from 'typeorm';
import { realDate, text, UUID } from './input';
import { defaultPeriod, finish, MeasuresQuery, MeasuresResult } from './measures.model';
import { measureSections } from './measures.queries';

/**
 * AP measures per LA and for the partnership, over a period, read from the summaries the database
 * keeps up to date as records change (measures.queries.ts; the same figures as computing them from
 * the records, measures.reference.queries.ts). LA officers see the LAs they may see; the partnership lead
 * sees every LA of the partnership, as counts and rates only: these queries select aggregates,
 * never a row about a child.
 */
@Injectable()
export class ApMeasuresService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
  ) {}

  /** Checks the period and the LA: 400 naming the field, 404 for an LA outside the caller's scope. */
  async measures(
    query: MeasuresQuery,
    opts: { export?: 'csv' | 'xlsx'; forSharing?: boolean } = {},
  ): Promise<MeasuresResult> {
    if (!this.auth.ability.can('read', 'ApMeasures'))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
    const period = this.period(query);
    const laId = text(query.laId);
    if (laId && !UUID.test(laId))
      throw new InvalidFieldsException([{ field: 'laId', message: 'laId must be a local authority id' }]);

    const inScope = await this.auth.inTenant((m) => this.scopeLas(m));
    const las = laId ? inScope.filter((l) => l.id === laId) : inScope;
    if (laId && !las.length)
      throw new NotFoundException(
        problem(404, 'There is no such local authority among those you can see measures of.'),
      );
    const laIds = las.map((l) => l.id);

    // the lead's own units of work see no LA's pupil rows: this one reads the LAs in scope and
    // selects only counts, medians and means (an officer's LAs are within their own already)
    return this.auth.inTenantWithLas(laIds, async (m) => {
      const { by, all } = await measureSections(m, this.auth.tenantId, laIds, period);
      await this.audit.record({
        action: opts.export ? 'ap_measures.export' : 'ap_measures.read',
        subjectType: 'ApMeasures',
        subjectIds: laIds,
        details: {
          from: period.from,
          to: period.to,
          ...(opts.export ? { format: opts.export } : {}),
          ...(opts.forSharing ? { forSharing: true } : {}),
        },
      });
      return {
        period,
        scope: this.isLead() && !laId ? 'partnership' : 'la',
        las: las.map((l) => ({ laId: l.id, laName: l.name, ...finish(by.get(l.id)!) })),
        partnership: finish(all),
      };
    });
  }

  /** The period asked for, or the academic year to date; 400 naming `from` or `to`. */
  period(query: Pick<MeasuresQuery, 'from' | 'to'>): { from: string; to: string } {
    const errors: FieldError[] = [];
    const fallback = defaultPeriod();
    const from = text(query.from);
    const to = text(query.to);
    if (from !== undefined && !realDate(from))
      errors.push({ field: 'from', message: 'Enter the start of the period as a real date, YYYY-MM-DD' });
    if (to !== undefined && !realDate(to))
      errors.push({ field: 'to', message: 'Enter the end of the period as a real date, YYYY-MM-DD' });
    if (errors.length) throw new InvalidFieldsException(errors);
    const period = { from: from ?? fallback.from, to: to ?? fallback.to };
    if (period.from > period.to) {
      throw new InvalidFieldsException([
        to !== undefined
          ? { field: 'to', message: 'The end of the period must be the same as or after its start' }
          : { field: 'from', message: 'The start of the period must be today or earlier' },
      ]);
    }
    return period;
  }

  /** The LAs whose measures the caller may read, for a filter (403 for other roles). */
  localAuthorities(): Promise<{ id: string; name: string }[]> {
    if (!this.auth.ability.can('read', 'ApMeasures'))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
    return this.auth.inTenant((m) => this.scopeLas(m));
  }

  /** The LAs whose measures the caller may read (the lead: every LA of the partnership), by name. */
  async scopeLas(m: EntityManager): Promise<{ id: string; name: string }[]> {
    const params: unknown[] = [this.auth.tenantId];
    const scope = positionalScope(
      sqlScope(this.auth.ability, 'read', 'ApMeasures', 'o', { tenantId: 'tenant_id', laId: 'id' }),
      params,
    );
    return m.query(
      `SELECT o.id, o.name FROM organisations o WHERE o.tenant_id = $1 AND o.kind = 'local_authority' AND ${scope} ORDER BY o.name, o.id`,
      params,
    ) as Promise<{ id: string; name: string }[]>;
  }

  private isLead(): boolean {
    return this.auth.principal.memberships.some((x) => x.role === 'partnership_lead');
  }
}
