import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { LoggingModule } from './logging/logging.module';
import { RedisModule } from './redis/redis.module';

/** What every app stands on: configuration, JSON logs, the database and unit of work, Redis. */
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig, service: string): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config, service),
        DatabaseModule.forRoot(),
        RedisModule,
      ],
    };
  }
}
