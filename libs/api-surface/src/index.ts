export * from './api-surface.module';
export * from './reference.controller';
