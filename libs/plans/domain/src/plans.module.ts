import { Module } from '@nestjs/common';
import { ContractsModule } from '@rep-hub/contracts';
import { PlansAbilityRules } from './plans-abilities';

const SERVICES: never[] = [];

/** Local SEND and AP partnerships and their local inclusion plans. */
@Module({
  imports: [ContractsModule],
  providers: [...SERVICES, PlansAbilityRules],
  exports: [...SERVICES],
})
export class InclusionPlansModule {}
