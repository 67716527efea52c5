import { Controller, Get, NotFoundException, Param, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AuditService } from '@rep-hub/audit';
import { AuthContext, MembershipsService, PLATFORM_GRANTER, Policy } from '@rep-hub/auth';
import { problem, UnitOfWork } from '@rep-hub/platform';
import { TenancyService } from '@rep-hub/tenancy';
import type { Response } from 'express';
import { Journey } from '../journeys';
import { InvitePages } from '../people/invite-pages';
import { PeoplePages, PeopleWhere } from '../people/people-pages';
import { WebRequest } from '../session/web-session';
import { WebViewInterceptor } from '../web-view';
import { isUuid } from './admin-view';

/** The platform admin's invite journey: one instance is one person invited into the partnership in the path. */
export const ADMIN_INVITE_PERSON = new Journey(
  'admin-invite-person',
  '/admin/partnerships/:tenantId/people/invite',
  'the person invited into the partnership named in the path (answers are kept with that partnership)',
);

/**
 * The platform admin's view of a partnership's people: the same pages and journey as the
 * partnership's own people managers (people-pages.ts), for any partnership and any role. Every
 * route needs `manage Platform`.
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('admin/partnerships/:tenantId/people')
export class AdminPeopleController {
  private readonly pages: PeoplePages;
  private readonly invite: InvitePages;

  constructor(
    memberships: MembershipsService,
    uow: UnitOfWork,
    audit: AuditService,
    private readonly context: AuthContext,
    private readonly tenancy: TenancyService,
  ) {
    this.pages = new PeoplePages(memberships, uow, audit);
    this.invite = new InvitePages(memberships, uow, audit);
  }

  private async where(tenantId: string): Promise<PeopleWhere> {
    const tenant = isUuid(tenantId) ? await this.tenancy.findTenant(tenantId) : null;
    if (!tenant) throw new NotFoundException(problem(404, 'There is no such partnership.'));
    const p = this.context.principal;
    return {
      tenantId: tenant.id,
      tenantName: tenant.name,
      base: `/admin/partnerships/${tenant.id}/people`,
      granter: PLATFORM_GRANTER,
      actorId: p.userId,
      owner: { userId: p.userId, tenantId: null },
      ability: this.context.ability,
      laIds: [],
      journey: ADMIN_INVITE_PERSON,
      layout: 'admin/layout.njk',
    };
  }

  @Policy('manage', 'Platform')
  @Get()
  async list(@Param('tenantId') tenantId: string, @Query() query: Record<string, unknown>, @Res() res: Response) {
    return this.pages.list(await this.where(tenantId), query, res);
  }

  @Policy('manage', 'Platform')
  @Get('invite')
  async whoPage(@Param('tenantId') tenantId: string, @Req() req: WebRequest, @Res() res: Response) {
    return this.invite.whoPage(await this.where(tenantId), req, res);
  }

  @Policy('manage', 'Platform')
  @Post('invite')
  async postWho(@Param('tenantId') tenantId: string, @Req() req: WebRequest, @Res() res: Response) {
    return this.invite.postWho(await this.where(tenantId), req, res);
  }

  @Policy('manage', 'Platform')
  @Get('invite/role')
  async rolePage(@Param('tenantId') tenantId: string, @Req() req: WebRequest, @Res() res: Response) {
    return this.invite.rolePage(await this.where(tenantId), req, res);
  }

  @Policy('manage', 'Platform')
  @Post('invite/role')
  async postRole(@Param('tenantId') tenantId: string, @Req() req: WebRequest, @Res() res: Response) {
    return this.invite.postRole(await this.where(tenantId), req, res);
  }

  @Policy('manage', 'Platform')
  @Get('invite/check')
  async checkPage(@Param('tenantId') tenantId: string, @Req() req: WebRequest, @Res() res: Response) {
    return this.invite.checkPage(await this.where(tenantId), req, res);
  }

  @Policy('manage', 'Platform')
  @Post('invite/check')
  async send(@Param('tenantId') tenantId: string, @Req() req: WebRequest, @Res() res: Response) {
    return this.invite.send(await this.where(tenantId), req, res);
  }

  @Policy('manage', 'Platform')
  @Get(':membershipId')
  async person(@Param('tenantId') tenantId: string, @Param('membershipId') id: string, @Res() res: Response) {
    return this.pages.person(await this.where(tenantId), id, res);
  }

  @Policy('manage', 'Platform')
  @Get(':membershipId/change')
  async changePage(
    @Param('tenantId') tenantId: string,
    @Param('membershipId') id: string,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    return this.pages.changePage(await this.where(tenantId), id, req, res);
  }

  @Policy('manage', 'Platform')
  @Post(':membershipId/change')
  async change(
    @Param('tenantId') tenantId: string,
    @Param('membershipId') id: string,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    return this.pages.change(await this.where(tenantId), id, req, res);
  }

  @Policy('manage', 'Platform')
  @Get(':membershipId/end')
  async endPage(@Param('tenantId') tenantId: string, @Param('membershipId') id: string, @Res() res: Response) {
    return this.pages.endPage(await this.where(tenantId), id, res);
  }

  @Policy('manage', 'Platform')
  @Post(':membershipId/end')
  async end(
    @Param('tenantId') tenantId: string,
    @Param('membershipId') id: string,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    return this.pages.end(await this.where(tenantId), id, req, res);
  }

  @Policy('manage', 'Platform')
  @Post(':membershipId/invite')
  async resend(
    @Param('tenantId') tenantId: string,
    @Param('membershipId') id: string,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    return this.pages.resend(await this.where(tenantId), id, req, res);
  }
}
