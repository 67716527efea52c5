import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { IndicatorRegistry } from './indicators';
import { SubjectAccessRegistry } from './subject-access';

/** The registries of what modules publish to each other; imported once by each app. */
@Global()
@Module({ imports: [DiscoveryModule], providers: [IndicatorRegistry, SubjectAccessRegistry], exports: [IndicatorRegistry, SubjectAccessRegistry] })
export class ContractsModule {}
