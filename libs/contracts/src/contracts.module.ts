import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { IndicatorRegistry } from './indicators';
import { ReadContracts } from './read-contracts';
import { SubjectAccessRegistry } from './subject-access';

/** The registries of what modules publish to each other; imported once by each app. */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [IndicatorRegistry, ReadContracts, SubjectAccessRegistry],
  exports: [IndicatorRegistry, ReadContracts, SubjectAccessRegistry],
})
export class ContractsModule {}
