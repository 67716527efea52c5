import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { AuthContext } from '@rep-hub/auth';
import { IndicatorRegistry } from '@rep-hub/contracts';
import { FieldError, InvalidFieldsException, problem, schoolToday } from '@rep-hub/platform';
import type { FigureValue, LaFigure, LibraryDefinition, PeriodValues, ValuesOverTime } from './indicator-library.model';
import { parsePeriod, periodOf, previousPeriod, ReturnPeriod, SUBMITTED_INDICATORS } from './reference';
import { percentOf } from './submitted-checks';
import { SubmittedValuesStore } from './submitted-values.store';

/** How many periods a chart shows unless asked otherwise, and at most. */
export const DEFAULT_PERIODS = 6;
export const MAX_PERIODS = 12;

/** The periods from `from` to `to` (codes), oldest first. */
export function periodsBetween(from: ReturnPeriod, to: ReturnPeriod): ReturnPeriod[] {
  const out: ReturnPeriod[] = [];
  for (let p = to; p.from >= from.from && out.length <= MAX_PERIODS; p = previousPeriod(p)) out.unshift(p);
  return out;
}

/** The partnership's figure from its LAs': sums of numerators over sums of denominators (a percentage), or the sum (a count). */
export function partnershipFigure(
  unit: LibraryDefinition['unit'],
  las: readonly FigureValue[],
): FigureValue & { lasReporting: number } {
  const reporting = las.filter((l) => l.numerator !== null);
  if (!reporting.length) return { numerator: null, denominator: null, value: null, lasReporting: 0 };
  const numerator = reporting.reduce((s, l) => s + (l.numerator ?? 0), 0);
  if (unit !== 'percentage') return { numerator, denominator: null, value: numerator, lasReporting: reporting.length };
  const denominator = reporting.reduce((s, l) => s + (l.denominator ?? 0), 0);
  return {
    numerator,
    denominator,
    value: denominator > 0 ? percentOf(numerator, denominator) : null,
    lasReporting: reporting.length,
  };
}

/**
 * The indicator library: one list of versioned definitions, those the modules compute (read only
 * through the IndicatorRegistry) and those each LA submits, and their values over time per LA and
 * for the partnership. Figures here are the partnership's own, unsuppressed: members only.
 */
@Injectable()
export class IndicatorLibraryService {
  constructor(
    private readonly auth: AuthContext,
    private readonly registry: IndicatorRegistry,
  ) {}

  /** Every definition: computed ones first (by module, as published), then submitted ones. */
  definitions(): LibraryDefinition[] {
    const computed = this.registry.definitions().map((d): LibraryDefinition => {
      const module = this.registry.moduleOf(d.code) ?? d.code.split('.')[0];
      return {
        code: d.code,
        name: d.name,
        unit: d.unit,
        numerator: d.numerator,
        denominator: d.denominator,
        direction: d.direction,
        levels: d.levels,
        kind: 'computed',
        module,
        source: `computed by ${module}`,
        version: d.queryVersion ?? 1,
      };
    });
    const submitted = SUBMITTED_INDICATORS.map((d): LibraryDefinition => ({
      code: d.code,
      name: d.name,
      unit: d.unit,
      numerator: d.numerator,
      denominator: d.denominator,
      direction: d.direction,
      levels: d.levels,
      kind: 'submitted',
      module: null,
      source: d.source,
      version: d.version,
    }));
    return [...computed, ...submitted];
  }

  /** One definition, or 404. */
  definition(code: string): LibraryDefinition {
    this.requireRead();
    const d = this.definitions().find((x) => x.code === code);
    if (!d) throw new NotFoundException(problem(404, 'There is no such indicator in the library.'));
    return d;
  }

  /**
   * The periods asked for (codes; default the last six up to the current one): `to` not after the
   * current period, `from` not after `to`, at most twelve.
   */
  periods(fromInput?: unknown, toInput?: unknown, today = schoolToday()): ReturnPeriod[] {
    const errors: FieldError[] = [];
    const current = periodOf(today);
    const read = (v: unknown, field: string): ReturnPeriod | null | undefined => {
      if (v === undefined || v === null || v === '') return null;
      const p = typeof v === 'string' ? parsePeriod(v.trim()) : null;
      if (!p) errors.push({ field, message: `${field} must be a term written like ${current.code}` });
      else if (p.from > current.from) errors.push({ field, message: `${field} must not be after ${current.code}` });
      return p ?? undefined;
    };
    const from = read(fromInput, 'from');
    const to = read(toInput, 'to');
    if (errors.length) throw new InvalidFieldsException(errors);
    const last = to ?? current;
    let first = from;
    if (!first) {
      first = last;
      for (let i = 1; i < DEFAULT_PERIODS; i++) first = previousPeriod(first);
    }
    if (first.from > last.from)
      throw new InvalidFieldsException([{ field: 'from', message: 'from must not be after to' }]);
    const out = periodsBetween(first, last);
    if (out.length > MAX_PERIODS)
      throw new InvalidFieldsException([{ field: 'from', message: `Ask for at most ${MAX_PERIODS} periods` }]);
    return out;
  }

  /**
   * An indicator's values for each period: each LA's and the partnership's. Computed ones through
   * the registry for the period's dates (each in the caller's own unit of work, never inside this
   * one); submitted ones from the LAs' figures, the partnership's being the sums (a percentage:
   * the sum of numerators over the sum of denominators).
   */
  async valuesOverTime(code: string, periods: readonly ReturnPeriod[]): Promise<ValuesOverTime> {
    const definition = this.definition(code);
    const las = (await this.auth.inTenant((m) => SubmittedValuesStore.localAuthorities(m, this.auth.tenantId))).map(
      (l) => ({
        id: l.id,
        name: l.name,
      }),
    );
    const nameOf = new Map(las.map((l) => [l.id, l.name]));
    const out: PeriodValues[] = [];
    if (definition.kind === 'computed') {
      for (const period of periods) {
        const values = await this.registry.compute({ from: period.from, to: period.to }, [code]);
        const laValues: LaFigure[] = values
          .filter((v) => v.code === code && v.laId !== null && nameOf.has(v.laId))
          .map((v) => ({
            laId: v.laId!,
            laName: nameOf.get(v.laId!)!,
            numerator: v.numerator,
            denominator: v.denominator,
            value: v.value,
          }))
          .sort((a, b) => a.laName.localeCompare(b.laName));
        const p = values.find((v) => v.code === code && v.laId === null);
        out.push({
          period,
          las: laValues,
          partnership: {
            numerator: p?.numerator ?? null,
            denominator: p?.denominator ?? null,
            value: p?.value ?? null,
            lasReporting: laValues.filter((l) => l.value !== null).length,
          },
        });
      }
    } else {
      const rows = await this.auth.inTenant((m) =>
        SubmittedValuesStore.list(m, { periods: periods.map((p) => p.code), code }),
      );
      for (const period of periods) {
        const laValues = rows
          .filter((r) => r.period === period.code)
          .map((r) => ({
            laId: r.laId,
            laName: r.laName,
            numerator: r.numerator,
            denominator: r.denominator,
            value: r.value,
          }));
        out.push({ period, las: laValues, partnership: partnershipFigure(definition.unit, laValues) });
      }
    }
    return { definition, las, periods: out };
  }

  private requireRead(): void {
    if (!this.auth.ability.can('read', 'EvaluationSubmittedValue'))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
  }
}
