export * from './configure-web';
export * from './styles';
export * from './web-errors';
export * from './web-surface.module';
