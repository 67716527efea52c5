export * from './workforce-api-world';
