import { Injectable, OnApplicationBootstrap, SetMetadata } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { discoverProviders } from '@rep-hub/platform';

/**
 * Read contracts: what one module reads of another's records, as a published shape rather than
 * its tables or services. A contract is named here (its shape beside it); one module provides
 * it with a `@ProvidesReadContract()` provider, found at boot. The reader asks the registry for the
 * contract and calls it in its own unit of work and authorisation, so RLS and the LA scope of the
 * caller hold as they do for the provider's own pages.
 */
export interface ReadContract<T> {
  readonly name: string;
  /** Only a type carrier: never read. */
  readonly _shape?: T;
}

export interface ReadContractProvider {
  /** The module, for messages (its folder's name). */
  readonly module: string;
  /** The contract it provides (`COMMISSIONED_PLACES.name`). */
  readonly contract: string;
}

const READ_CONTRACT_PROVIDER = 'rephub:read-contract-provider';

/** Marks a provider as a module's implementation of a read contract, found at boot. */
export const ProvidesReadContract = () => SetMetadata(READ_CONTRACT_PROVIDER, true);

export class ReadContractError extends Error {
  constructor(problems: string[]) {
    super(`Read contracts are wrong: ${problems.join('; ')}`);
    this.name = 'ReadContractError';
  }
}

// ---- the contracts ----

/** Places a local authority commissions from an AP provider, per tier and academic year. */
export interface CommissionedPlacesRow {
  laId: string;
  laName: string;
  providerId: string;
  providerName: string;
  /** AP tier code (tier_1, tier_2, tier_3). */
  tier: string;
  /** 2026/27. */
  academicYear: string;
  places: number;
}

export interface CommissionedPlacesReader extends ReadContractProvider {
  /** Every LA's commissioned places for the academic year, in the caller's scope (its LAs, or the partnership for a lead). */
  commissionedPlaces(academicYear: string): Promise<CommissionedPlacesRow[]>;
}

/** The places commissioned from AP providers (provided by alternative provision; local inclusion plans read it for sufficiency). */
export const COMMISSIONED_PLACES: ReadContract<CommissionedPlacesReader> = { name: 'commissioned-places' };

/**
 * The read contracts the app's modules provide. Checked at start: a contract provided twice stops
 * the app with one line. A reader asks for one with `get()` (undefined when no module of this app
 * provides it, e.g. in a deployment without that module) or `require()`.
 */
@Injectable()
export class ReadContracts implements OnApplicationBootstrap {
  private found?: ReadContractProvider[];

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    this.validate();
  }

  get<T extends ReadContractProvider>(contract: ReadContract<T>): T | undefined {
    return this.providers().find((p) => p.contract === contract.name) as T | undefined;
  }

  require<T extends ReadContractProvider>(contract: ReadContract<T>): T {
    const provider = this.get(contract);
    if (!provider) throw new ReadContractError([`no module of this app provides "${contract.name}"`]);
    return provider;
  }

  validate(): void {
    const problems: string[] = [];
    const seen = new Map<string, string>();
    for (const p of this.providers()) {
      const other = seen.get(p.contract);
      if (other) problems.push(`"${p.contract}" is provided by ${other} and ${p.module}`);
      else seen.set(p.contract, p.module);
    }
    if (problems.length) throw new ReadContractError(problems);
  }

  private providers(): readonly ReadContractProvider[] {
    this.found ??= discoverProviders<ReadContractProvider>(this.discovery, READ_CONTRACT_PROVIDER);
    return this.found;
  }
}
