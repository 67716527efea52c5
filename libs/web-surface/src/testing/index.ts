export * from './web-world';
