export * from './test-database';
export * from './test-app';
export * from './processes';
export * from './private-postgres';
export * from './embedded-template';
