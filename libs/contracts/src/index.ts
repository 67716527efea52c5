export * from './contracts.module';
export * from './indicators';
