export * from './api-world';
export * from './routes';
export * from './ap-fixtures';
