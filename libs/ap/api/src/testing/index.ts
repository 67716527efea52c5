export * from './ap-fixtures';
export * from './ap-review-fixtures';
export * from './ap-api-world';
