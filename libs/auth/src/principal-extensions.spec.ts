import { Injectable } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { UnitOfWork } from '@rep-hub/platform';
import {
  ExtendsPrincipal,
  PrincipalExtension,
  PrincipalExtensionError,
  PrincipalExtensions,
} from './principal-extensions';

@Injectable()
@ExtendsPrincipal()
class GardensPart implements PrincipalExtension {
  readonly module = 'gardens';
  laIds(part: unknown): string[] {
    return ((part as { las?: string[] } | undefined)?.las ?? []).slice();
  }
}

async function extensionsWith(registeredInDatabase: string[]): Promise<PrincipalExtensions> {
  // the database is faked here: the registry's own check is what is tested (the PostgreSQL suites resolve real principals through it)
  const uow = { statement: async () => registeredInDatabase.map((module) => ({ module })) } as unknown as UnitOfWork;
  const ref = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [PrincipalExtensions, GardensPart, { provide: UnitOfWork, useValue: uow }],
  }).compile();
  return ref.get(PrincipalExtensions);
}

describe('PrincipalExtensions', () => {
  it('collects the modules’ parts of the principal when the database has a function for each', async () => {
    const extensions = await extensionsWith(['gardens', 'another-module']);
    await expect(extensions.onApplicationBootstrap()).resolves.toBeUndefined();
    expect(extensions.all().map((e) => e.module)).toEqual(['gardens']);
    expect(extensions.all()[0].laIds({ las: ['la-1'] })).toEqual(['la-1']);
    expect(extensions.all()[0].laIds(undefined)).toEqual([]);
  });

  it('stops the app when a module extends the principal and the database has no function for it', async () => {
    const extensions = await extensionsWith([]);
    await expect(extensions.onApplicationBootstrap()).rejects.toThrow(PrincipalExtensionError);
    await expect(extensions.onApplicationBootstrap()).rejects.toThrow(
      'gardens extends the principal but the database has no function for it (run npm run db:migrate)',
    );
  });
});
