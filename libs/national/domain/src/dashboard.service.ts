import { Injectable, NotFoundException } from '@nestjs/common';
import { IndicatorRegistry } from '@rep-hub/contracts';
import { InvalidFieldsException, problem, isUuid, UnitOfWork } from '@rep-hub/platform';
import { EntityManager } from 'typeorm';
import { readIndicatorCode } from './comparison.service';
import {
  coverageOf,
  GSS_CODE,
  indicatorDashboardOf,
  indicatorMeaning,
  KnownDefinition,
  localAuthoritiesOf,
  nationalSeries,
  partnershipFigureOf,
  partnershipNames,
  periodsOf,
  figureOf,
} from './dashboard';
import type {
  DashboardIndex,
  IndicatorDashboard,
  IndicatorMeaning,
  LocalAuthorityDashboard,
  PartnershipDashboard,
} from './dashboard.model';
import { DashboardRow, DashboardStore } from './dashboard.store';

/** A partnership id from input, or a 400 naming `partnershipId`. */
export function readPartnershipId(input: unknown): string {
  const id = typeof input === 'string' ? input.trim().toLowerCase() : '';
  if (!isUuid(id))
    throw new InvalidFieldsException([{ field: 'partnershipId', message: 'partnershipId must be a partnership id' }]);
  return id;
}

/** A local authority's GSS code from input, or a 400 naming `gssCode`. */
export function readGssCode(input: unknown): string {
  const code = typeof input === 'string' ? input.trim().toUpperCase() : '';
  if (!GSS_CODE.test(code))
    throw new InvalidFieldsException([
      { field: 'gssCode', message: 'gssCode must be a local authority’s GSS code like E08000003' },
    ]);
  return code;
}

/** The rows of each indicator, in the order met. */
function byIndicator(rows: readonly DashboardRow[]): Map<string, DashboardRow[]> {
  const out = new Map<string, DashboardRow[]>();
  for (const r of rows) {
    const list = out.get(r.indicatorCode);
    if (list) list.push(r);
    else out.set(r.indicatorCode, [r]);
  }
  return out;
}

/**
 * The public inclusion dashboard: the partnerships' published indicators over time, per
 * indicator, per partnership and per local authority, with the national figure and what each
 * indicator means. For anyone, with no sign-in: every read runs as the open-data role
 * (`UnitOfWork.forOpenData`), which sees only the published releases, and shows the latest
 * version of each. A withheld figure is only ever its GSS symbol.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: DashboardStore,
    private readonly registry: IndicatorRegistry,
  ) {}

  /** Every published indicator with its meaning, caveats and coverage, by name. */
  async indicators(): Promise<IndicatorMeaning[]> {
    return this.uow.forOpenData((m) => this.meanings(m));
  }

  /** The dashboard's home: the indicators, and the partnerships and LAs to choose from. */
  async index(): Promise<DashboardIndex> {
    return this.uow.forOpenData(async (m) => {
      const indicators = await this.meanings(m);
      const places = await this.store.places(m);
      const partnerships = new Map<string, DashboardIndex['partnerships'][number]>();
      for (const p of places) {
        let entry = partnerships.get(p.partnershipId);
        if (!entry)
          partnerships.set(
            p.partnershipId,
            (entry = { id: p.partnershipId, name: p.partnershipName, localAuthorities: [] }),
          );
        if (p.gssCode) entry.localAuthorities.push({ gssCode: p.gssCode, name: p.laName! });
      }
      return { indicators, partnerships: [...partnerships.values()] };
    });
  }

  /** One indicator over every term: each partnership and its LAs, and the national figure. 400 for a malformed code, 404 when none is published. */
  async indicator(codeInput: unknown): Promise<IndicatorDashboard> {
    const code = readIndicatorCode(codeInput);
    const rows = await this.uow.forOpenData((m) => this.store.indicatorRows(m, code));
    const dashboard = indicatorDashboardOf(code, rows, this.known(code));
    if (!dashboard) throw new NotFoundException(problem(404, 'No partnership has published that indicator.'));
    return dashboard;
  }

  /** One partnership: each indicator it publishes over time, its LAs' figures and the national figure beside them. */
  async partnership(idInput: unknown): Promise<PartnershipDashboard> {
    const id = readPartnershipId(idInput);
    const [rows, meanings] = await this.uow.forOpenData(
      async (m) => [await this.store.rowsWith(m, { partnershipId: id }), await this.meaningsByCode(m)] as const,
    );
    const mine = rows.filter((r) => r.partnershipId === id);
    if (!mine.length) throw new NotFoundException(problem(404, 'No partnership has published under that id.'));
    const all = byIndicator(rows);
    const partnership = partnershipNames(mine)[0];
    return {
      partnership,
      localAuthorities: localAuthoritiesOf(mine).map(({ gssCode, laNumber, name }) => ({ gssCode, laNumber, name })),
      indicators: this.ordered(byIndicator(mine), all).map(({ code, own, every }) => {
        const periods = periodsOf(own);
        const indicator = meanings.get(code) ?? indicatorMeaning(code, coverageOf(every)!, this.known(code));
        return {
          indicator,
          periods,
          figures: own.filter((r) => r.level === 'partnership').map(partnershipFigureOf),
          localAuthorities: localAuthoritiesOf(own),
          national: nationalSeries(
            indicator.unit,
            periods,
            every.filter((r) => r.level === 'partnership'),
          ),
        };
      }),
    };
  }

  /** One local authority by its GSS code: each indicator published for it over time, with its partnership's and the national figure. */
  async localAuthority(gssInput: unknown): Promise<LocalAuthorityDashboard> {
    const gss = readGssCode(gssInput);
    const [rows, meanings] = await this.uow.forOpenData(
      async (m) => [await this.store.rowsWith(m, { gssCode: gss }), await this.meaningsByCode(m)] as const,
    );
    const mine = rows.filter((r) => r.level === 'local_authority');
    if (!mine.length)
      throw new NotFoundException(problem(404, 'No partnership has published figures for that local authority.'));
    const newest = mine.reduce((a, b) => (b.periodFrom >= a.periodFrom ? b : a));
    const releases = new Set(mine.map((r) => r.releaseId));
    const all = byIndicator(rows);
    const partnerships = partnershipNames(mine).sort((a, b) =>
      a.id === newest.partnershipId ? -1 : b.id === newest.partnershipId ? 1 : 0,
    );
    return {
      localAuthority: { gssCode: gss, laNumber: newest.laNumber!, name: newest.laName! },
      partnerships,
      indicators: this.ordered(byIndicator(mine), all).map(({ code, own, every }) => {
        const periods = periodsOf(own);
        const partnershipRows = every.filter((r) => r.level === 'partnership');
        const indicator =
          meanings.get(code) ?? indicatorMeaning(code, coverageOf([...partnershipRows, ...own])!, this.known(code));
        return {
          indicator,
          periods,
          figures: own.map(figureOf),
          partnership: partnershipRows
            .filter((r) => releases.has(r.releaseId))
            .map((r) => ({
              ...partnershipFigureOf(r),
              partnershipId: r.partnershipId,
              partnershipName: r.partnershipName,
            })),
          national: nationalSeries(indicator.unit, periods, partnershipRows),
        };
      }),
    };
  }

  private async meaningsByCode(m: EntityManager): Promise<Map<string, IndicatorMeaning>> {
    return new Map((await this.meanings(m)).map((x) => [x.code, x]));
  }

  private async meanings(m: EntityManager): Promise<IndicatorMeaning[]> {
    const rows = await this.store.indicators(m);
    return rows
      .map((r) =>
        indicatorMeaning(
          r.code,
          {
            name: r.name,
            unit: r.unit,
            partnerships: r.partnerships,
            firstPeriod: { code: r.firstPeriod, name: r.firstPeriodName, from: r.firstFrom, to: r.firstTo },
            lastPeriod: { code: r.lastPeriod, name: r.lastPeriodName, from: r.lastFrom, to: r.lastTo },
            localAuthorityFigures: r.localAuthorityFigures,
            corrected: r.corrected,
          },
          this.known(r.code),
        ),
      )
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The indicators of `own` (by name), each with its own rows and every partnership's rows of it. */
  private ordered(own: Map<string, DashboardRow[]>, all: Map<string, DashboardRow[]>) {
    return [...own.entries()]
      .map(([code, rows]) => ({ code, own: rows, every: all.get(code) ?? rows }))
      .sort((a, b) => {
        const name = (x: { code: string; own: DashboardRow[] }) =>
          this.known(x.code)?.definition.name ?? x.own[x.own.length - 1].indicatorName;
        return name(a).localeCompare(name(b));
      });
  }

  private known(code: string): KnownDefinition | undefined {
    return this.registry.described().find((d) => d.definition.code === code);
  }
}
