import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TENANCY_ENTITIES } from './entities';
import { DemoSeeder } from './seed/demo-seed';
import { TenancyService } from './tenancy.service';

/** Global: every surface and domain module reads partnerships and organisations through it. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature(TENANCY_ENTITIES)],
  providers: [TenancyService, DemoSeeder],
  exports: [TenancyService, DemoSeeder],
})
export class TenancyModule {}
