import { Injectable } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import {
  COMMISSIONED_PLACES,
  CommissionedPlacesReader,
  CommissionedPlacesRow,
  ProvidesReadContract,
  ReadContract,
  ReadContractProvider,
  ReadContracts,
} from './read-contracts';

@Injectable()
@ProvidesReadContract()
class Places implements CommissionedPlacesReader {
  readonly module: string = 'placements';
  readonly contract = COMMISSIONED_PLACES.name;
  async commissionedPlaces(academicYear: string): Promise<CommissionedPlacesRow[]> {
    return [
      {
        laId: 'la-1',
        laName: 'Derby',
        providerId: 'p-1',
        providerName: 'Oak',
        tier: 'tier_2',
        academicYear,
        places: 4,
      },
    ];
  }
}

@Injectable()
@ProvidesReadContract()
class MorePlaces extends Places {
  override readonly module = 'other-placements';
}

const boot = async (...providers: (new () => unknown)[]) => {
  const ref = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [ReadContracts, ...providers],
  }).compile();
  return ref.createNestApplication({ logger: false });
};

describe('read contracts', () => {
  it('gives a reader the one module that provides a contract, and nothing for one no module provides', async () => {
    const app = await boot(Places);
    await app.init();
    const contracts = app.get(ReadContracts);
    const rows = await contracts.require(COMMISSIONED_PLACES).commissionedPlaces('2026/27');
    expect(rows).toEqual([expect.objectContaining({ laName: 'Derby', academicYear: '2026/27', places: 4 })]);
    const nobody: ReadContract<ReadContractProvider> = { name: 'nobody-provides-this' };
    expect(contracts.get(nobody)).toBeUndefined();
    expect(() => contracts.require(nobody)).toThrow(
      'Read contracts are wrong: no module of this app provides "nobody-provides-this"',
    );
    await app.close();
  });

  it('stops the app when two modules provide the same contract', async () => {
    const app = await boot(Places, MorePlaces);
    await expect(app.init()).rejects.toThrow(
      'Read contracts are wrong: "commissioned-places" is provided by placements and other-placements',
    );
  });
});
