import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthContext } from './auth-context';
import { AuthService } from './auth.service';
import { DataSharingService } from './data-sharing.service';
import { AUTH_ENTITIES } from './entities';
import { AuthGuard } from './http/auth.guard';

/** Sign-in, sessions, abilities and the global guard. Imported once by each app, after AuditModule.forRoot (global). */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature(AUTH_ENTITIES)],
  providers: [AuthService, AuthContext, DataSharingService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, AuthContext, DataSharingService],
})
export class AuthModule {}
