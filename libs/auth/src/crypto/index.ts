export * from './jwt';
export * from './totp';
export * from './password-policy';
export * from './tokens';
