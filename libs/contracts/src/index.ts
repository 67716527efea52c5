export * from './contracts.module';
export * from './indicators';
export * from './read-contracts';
export * from './subject-access';
