export * from './notification-templates';
export * from './notification.service';
export * from './notifications.module';
