export * from './entities';
export * from './seed/demo-seed';
export * from './seed/demo-seed-steps';
export * from './tenancy.module';
export * from './tenancy.service';
export * from './roles';
