export * from './api-world';
export * from './routes';
