import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AdminOperationsController } from './admin/admin-operations.controller';
import { AdminPeopleController } from './admin/admin-people.controller';
import { AdminPartnershipsController } from './admin/admin-partnerships.controller';
import { AdminUsersController } from './admin/admin-users.controller';
import { ContentController } from './content.controller';
import { AccessLogPagesController } from './pages/access-log.controller';
import { DataSharingPagesController } from './pages/data-sharing.controller';
import { AccountController } from './pages/account.controller';
import { SignInController } from './pages/sign-in.controller';
import { PersonSubjectAccessPagesController } from './pages/subject-access.controller';
import { PagesController } from './pages.controller';
import { CorePeoplePages } from './people/core-people-pages';
import { PeopleController } from './people/people.controller';
import { WebContributions } from './web-contributions';
import { WebViewInterceptor } from './web-view';

/**
 * The core pages of the web app (start, sign-in, account, the platform admin's, content) and the
 * layout's registry of what domain modules bring. Composed by apps/web and by the embedded server
 * with each domain module's web module (libs/<domain>/web).
 */
@Module({
  imports: [DiscoveryModule],
  controllers: [
    PagesController,
    ContentController,
    SignInController,
    AccountController,
    DataSharingPagesController,
    AccessLogPagesController,
    PersonSubjectAccessPagesController,
    AdminPartnershipsController,
    AdminUsersController,
    AdminOperationsController,
    AdminPeopleController,
    PeopleController,
  ],
  providers: [WebViewInterceptor, WebContributions, CorePeoplePages],
  exports: [WebViewInterceptor, WebContributions],
})
export class WebSurfaceModule {}
