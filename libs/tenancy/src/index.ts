export * from './entities';
export * from './seed/demo-seed';
export * from './tenancy.module';
export * from './tenancy.service';
