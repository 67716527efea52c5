import { ForbiddenException, Injectable } from '@nestjs/common';
import { AuthContext } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, problem, schoolToday, UnitOfWork } from '@rep-hub/platform';
import { parsePeriod, periodOf, previousPeriod } from '@rep-hub/reference';
import type { ReturnsOverview } from './comparison.model';
import { readPeriod } from './comparison.service';
import { ReleasesStore } from './releases.store';
import { returnsOverviewOf } from './returns-overview';

/**
 * The returns the board expects each period, read as the board role: which partnerships published
 * (every partnership that ever published is expected), when against the due date, and how many
 * of their indicators carry a value rather than a symbol.
 */
@Injectable()
export class ReturnsOverviewService {
  constructor(
    private readonly auth: AuthContext,
    private readonly uow: UnitOfWork,
    private readonly releases: ReleasesStore,
  ) {}

  /** One period's returns (default: the latest period any partnership published, or else the last term). */
  async overview(periodInput?: unknown, today = schoolToday()): Promise<ReturnsOverview> {
    if (!this.auth.ability.can('read', 'NationalRelease'))
      throw new ForbiddenException(problem(403, 'Only the National Board sees the returns of every partnership.'));
    const errors: FieldError[] = [];
    const asked = readPeriod(periodInput, 'period', errors);
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.uow.forBoard(async (m) => {
      const periods = (await this.releases.periods(m)).map((c) => parsePeriod(c)!);
      const period = asked ?? periods[0] ?? previousPeriod(periodOf(today));
      const expected = await this.releases.partnerships(m);
      const releases = await this.releases.latest(m, [period.code]);
      const firstPublished = await this.releases.firstPublished(m, period.code);
      const figures = await this.releases.figures(
        m,
        releases.map((r) => r.id),
        { level: 'partnership' },
      );
      return returnsOverviewOf({ period, today, expected, releases, firstPublished, figures, periods });
    });
  }
}
