export * from './core-roles';
export * from './role-catalogue';
export * from './role-registry';
