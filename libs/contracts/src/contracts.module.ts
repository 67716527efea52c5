import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { IndicatorRegistry } from './indicators';
import { ReadContracts } from './read-contracts';

/** The registries of what modules publish to each other; imported once by each app. */
@Global()
@Module({ imports: [DiscoveryModule], providers: [IndicatorRegistry, ReadContracts], exports: [IndicatorRegistry, ReadContracts] })
export class ContractsModule {}
