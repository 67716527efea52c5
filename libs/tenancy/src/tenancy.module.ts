import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TENANCY_ENTITIES } from './entities';
import { DemoSeeder } from './seed/demo-seed';
import { DemoSeedSteps } from './seed/demo-seed-steps';
import { RoleRegistry } from './roles/role-registry';
import { TenancyService } from './tenancy.service';

/** Global: every surface and domain module reads partnerships, organisations and the registered roles through it. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature(TENANCY_ENTITIES), DiscoveryModule],
  providers: [TenancyService, DemoSeeder, DemoSeedSteps, RoleRegistry],
  exports: [TenancyService, DemoSeeder, RoleRegistry],
})
export class TenancyModule {}
