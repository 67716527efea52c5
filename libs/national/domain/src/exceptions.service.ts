import { ForbiddenException, Injectable } from '@nestjs/common';
import { AuthContext } from '@rep-hub/auth';
import { InvalidFieldsException, problem, UnitOfWork } from '@rep-hub/platform';
import { ExceptionsView, PartnershipExceptionsView, PeriodRef } from './programme.model';
import { ProgrammeStore } from './programme.store';
import { ReleasesStore } from './releases.store';

/** A return period's code, as the evaluation module writes it (2025-26-autumn). */
export const PERIOD_CODE = /^(\d{4})-(\d{2})-(autumn|spring|summer)$/;

/** Refuses anyone but a National Board member (the route's policy says so first; this is the service's own wall). */
export function requireBoard(auth: AuthContext): void {
  if (!auth.ability.can('read', 'NationalRelease'))
    throw new ForbiddenException(problem(403, 'Only the National Board reads the programme’s published releases.'));
}

/**
 * Exceptions across partnerships for one period: for each partnership that published a release
 * of it (its latest version only), the RAG counts of its ratings and every exception with its
 * owner's commentary. Read as the board role; nothing here is about a child.
 */
@Injectable()
export class ExceptionsService {
  constructor(
    private readonly auth: AuthContext,
    private readonly uow: UnitOfWork,
    private readonly releases: ReleasesStore,
    private readonly programme: ProgrammeStore,
  ) {}

  /** `period`: a period code (default: the newest period any partnership has published). */
  async exceptions(period?: unknown): Promise<ExceptionsView> {
    requireBoard(this.auth);
    if (period !== undefined && period !== '' && (typeof period !== 'string' || !PERIOD_CODE.test(period)))
      throw new InvalidFieldsException([{ field: 'period', message: 'Choose a term, written like 2025-26-autumn' }]);
    return this.uow.forBoard(async (m) => {
      const all = await this.releases.latest(m);
      const periods: PeriodRef[] = [];
      for (const r of [...all].reverse())
        if (!periods.some((p) => p.code === r.periodCode)) periods.push({ code: r.periodCode, name: r.periodName });
      const code = typeof period === 'string' && period !== '' ? period : periods[0]?.code;
      if (!code) return { periods, period: null, partnerships: [] };
      const chosen = all.filter((r) => r.periodCode === code);
      const ratings = await this.programme.ratings(
        m,
        chosen.map((r) => r.id),
      );
      const partnerships = chosen.map((r): PartnershipExceptionsView => {
        const own = ratings.filter((x) => x.releaseId === r.id);
        return {
          partnershipId: r.partnershipId,
          partnershipName: r.partnershipName,
          releaseId: r.id,
          version: r.version,
          publishedAt: new Date(r.publishedAt).toISOString(),
          counts: {
            red: own.filter((x) => x.rag === 'red').length,
            amber: own.filter((x) => x.rag === 'amber').length,
            green: own.filter((x) => x.rag === 'green').length,
          },
          exceptions: own
            .filter((x) => x.exception)
            .map((x) => ({
              indicatorCode: x.indicatorCode,
              indicatorName: x.indicatorName,
              rag: x.rag,
              ownerName: x.ownerName,
              commentary: x.commentary,
            })),
        };
      });
      return {
        periods,
        period: periods.find((p) => p.code === code) ?? { code, name: code },
        partnerships: partnerships.sort((a, b) => a.partnershipName.localeCompare(b.partnershipName)),
      };
    });
  }
}
