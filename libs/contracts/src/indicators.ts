import { Injectable, OnApplicationBootstrap, SetMetadata } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { discoverProviders } from '@rep-hub/platform';

/**
 * Indicators: how a module publishes its figures to the others (evaluation, the National Board's
 * returns). A module describes each indicator once and computes its values for a period and a
 * scope, in the caller's own unit of work and authorisation; a reader sees only these numbers,
 * never the module's tables. Figures that leave the partnership are disclosure-controlled by the
 * reader before they go.
 */
export interface IndicatorDefinition {
  /** Unique across modules, prefixed by the module: "module.indicator_name". */
  code: string;
  name: string;
  unit: 'count' | 'percentage' | 'days';
  /** What is counted above the line (for a percentage), or what is counted (for a count). */
  numerator: string;
  /** What it is counted out of (for a percentage); null for a count or a number of days. */
  denominator: string | null;
  /** Which way is better, for charts and exceptions. */
  direction: 'higher_is_better' | 'lower_is_better' | 'neither';
  /** The levels it is published at: each local authority, the partnership, or both. */
  levels: readonly ('la' | 'partnership')[];
  /**
   * The version of the query that computes it (default 1), raised whenever the module changes how
   * the figure is computed: a return's lineage names it beside the module for each computed figure.
   */
  queryVersion?: number;
  /** Where the figure comes from, in plain English (a described indicator's source; computed ones are REP Hub's records). */
  source?: string;
}

/** One value of an indicator: for one LA (laId) or the partnership (laId null). */
export interface IndicatorValue {
  code: string;
  laId: string | null;
  numerator: number | null;
  denominator: number | null;
  /** The figure itself: the count, the percentage (one decimal) or the days; null when it cannot be computed (a denominator of 0). */
  value: number | null;
}

/** An academic period, inclusive (ISO dates). */
export interface IndicatorPeriod {
  from: string;
  to: string;
}

export interface IndicatorPublisher {
  /** The module, for messages (its folder's name). */
  readonly module: string;
  definitions(): readonly IndicatorDefinition[];
  /** Every indicator's values for the period, for each LA the caller may see and for the partnership. */
  compute(period: IndicatorPeriod): Promise<IndicatorValue[]>;
}

const INDICATOR_PUBLISHER = 'rephub:indicator-publisher';

/** Marks a provider as a module's indicator publisher, found at boot by the IndicatorRegistry. */
export const PublishesIndicators = () => SetMetadata(INDICATOR_PUBLISHER, true);

/**
 * Indicators a module defines but does not compute (figures REP Hub does not hold, entered or
 * uploaded by each LA): their meaning only, so that a reader of published figures (the public
 * dashboard) can say what each one counts, whichever module defines it.
 */
export interface IndicatorDescriber {
  /** The module, for messages (its folder's name). */
  readonly module: string;
  definitions(): readonly IndicatorDefinition[];
}

const INDICATOR_DESCRIBER = 'rephub:indicator-describer';

/** Marks a provider as a module's describer of indicators it defines but does not compute, found at boot by the IndicatorRegistry. */
export const DescribesIndicators = () => SetMetadata(INDICATOR_DESCRIBER, true);

export class IndicatorRegistryError extends Error {
  constructor(problems: string[]) {
    super(`Indicators are wrong: ${problems.join('; ')}`);
    this.name = 'IndicatorRegistryError';
  }
}

const CODE = /^[a-z][a-z0-9]*(\.[a-z0-9_]+)+$/;

/**
 * Every indicator the app's modules publish. Checked at start: a code published twice, or not of
 * the form "module.name", stops the app with one line.
 */
@Injectable()
export class IndicatorRegistry implements OnApplicationBootstrap {
  private found?: IndicatorPublisher[];
  private describers?: IndicatorDescriber[];

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    this.validate();
  }

  publishers(): readonly IndicatorPublisher[] {
    this.found ??= this.collect();
    return this.found;
  }

  definitions(): IndicatorDefinition[] {
    return this.publishers().flatMap((p) => [...p.definitions()]);
  }

  /**
   * What each indicator means, computed or not: the publishers' definitions, then the describers'
   * (codes are unique across both, checked at start).
   */
  described(): { module: string; computed: boolean; definition: IndicatorDefinition }[] {
    this.describers ??= discoverProviders<IndicatorDescriber>(this.discovery, INDICATOR_DESCRIBER);
    return [
      ...this.publishers().flatMap((p) =>
        p.definitions().map((d) => ({ module: p.module, computed: true, definition: d })),
      ),
      ...this.describers.flatMap((p) =>
        p.definitions().map((d) => ({ module: p.module, computed: false, definition: d })),
      ),
    ];
  }

  /** The module that publishes an indicator, or undefined when none does. */
  moduleOf(code: string): string | undefined {
    return this.publishers().find((p) => p.definitions().some((d) => d.code === code))?.module;
  }

  /** The values of every published indicator (or of those whose codes are given) for the period. */
  async compute(period: IndicatorPeriod, codes?: readonly string[]): Promise<IndicatorValue[]> {
    const out: IndicatorValue[] = [];
    for (const p of this.publishers()) {
      if (codes && !p.definitions().some((d) => codes.includes(d.code))) continue;
      out.push(...(await p.compute(period)).filter((v) => !codes || codes.includes(v.code)));
    }
    return out;
  }

  validate(): void {
    const problems: string[] = [];
    const seen = new Map<string, string>();
    for (const { module, definition: d } of this.described()) {
      if (!CODE.test(d.code)) problems.push(`indicator "${d.code}" of ${module} is not named "module.name"`);
      const other = seen.get(d.code);
      if (other) problems.push(`indicator "${d.code}" is published by ${other} and ${module}`);
      else seen.set(d.code, module);
      if (d.unit === 'percentage' && !d.denominator)
        problems.push(`indicator "${d.code}" is a percentage with no denominator`);
    }
    if (problems.length) throw new IndicatorRegistryError(problems);
  }

  private collect(): IndicatorPublisher[] {
    return discoverProviders<IndicatorPublisher>(this.discovery, INDICATOR_PUBLISHER);
  }
}
