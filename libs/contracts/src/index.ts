export * from './contracts.module';
export * from './indicators';
export * from './subject-access';
