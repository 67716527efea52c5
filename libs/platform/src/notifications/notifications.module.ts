import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { createNotifyClient, NOTIFY_CLIENT, NotificationService, NotifyEmailClient } from './notification.service';

export interface NotificationsModuleOptions {
  /** A stand-in for GOV.UK Notify's client (tests). By default: the real client when NOTIFY_API_KEY is set. */
  client?: NotifyEmailClient;
}

/**
 * Email: NotificationService, global. Through GOV.UK Notify with NOTIFY_API_KEY; otherwise into
 * the development outbox. Needs PlatformModule (APP_CONFIG, UnitOfWork).
 */
@Global()
@Module({})
export class NotificationsModule {
  static forRoot(options: NotificationsModuleOptions = {}): DynamicModule {
    return {
      module: NotificationsModule,
      global: true,
      providers: [
        {
          provide: NOTIFY_CLIENT,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig): NotifyEmailClient | null =>
            options.client ?? (config.notifyApiKey ? createNotifyClient(config.notifyApiKey) : null),
        },
        NotificationService,
      ],
      exports: [NotificationService, NOTIFY_CLIENT],
    };
  }
}
