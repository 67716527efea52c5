import { Controller, Get, Param, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AuditService } from '@rep-hub/audit';
import { AuthContext, MembershipsService, Policy } from '@rep-hub/auth';
import { UnitOfWork } from '@rep-hub/platform';
import { TenancyService } from '@rep-hub/tenancy';
import type { Response } from 'express';
import { Journey } from '../journeys';
import { WebRequest } from '../session/web-session';
import { WebViewInterceptor } from '../web-view';
import { InvitePages } from './invite-pages';
import { PeoplePages, PeopleWhere } from './people-pages';

/** The invite journey of a partnership's own people managers: one instance is one person invited. */
export const INVITE_PERSON = new Journey(
  'invite-person',
  '/people/invite',
  'the person invited (their name, email, organisation and role)',
);

/**
 * A partnership's people, for its people managers: the partnership lead (partnership-wide roles)
 * and each LA's admins (the roles that open that LA's children). Every route needs
 * `create Membership`, which only they hold; which roles each may give where is the
 * MembershipsService's decision (grant-authority.ts), shown on the pages.
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('people')
export class PeopleController {
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

  private async where(): Promise<PeopleWhere> {
    const p = this.context.principal;
    const tenantId = this.context.tenantId;
    return {
      tenantId,
      tenantName: (await this.tenancy.findTenant(tenantId))?.name ?? '',
      base: '/people',
      granter: { platformAdmin: false, memberships: p.memberships },
      actorId: p.userId,
      owner: { userId: p.userId, tenantId },
      ability: this.context.ability,
      laIds: p.laIds,
      journey: INVITE_PERSON,
      layout: 'people/tenant-layout.njk',
    };
  }

  @Policy('create', 'Membership')
  @Get()
  async list(@Query() query: Record<string, unknown>, @Res() res: Response) {
    return this.pages.list(await this.where(), query, res);
  }

  @Policy('create', 'Membership')
  @Get('invite')
  async whoPage(@Req() req: WebRequest, @Res() res: Response) {
    return this.invite.whoPage(await this.where(), req, res);
  }

  @Policy('create', 'Membership')
  @Post('invite')
  async postWho(@Req() req: WebRequest, @Res() res: Response) {
    return this.invite.postWho(await this.where(), req, res);
  }

  @Policy('create', 'Membership')
  @Get('invite/role')
  async rolePage(@Req() req: WebRequest, @Res() res: Response) {
    return this.invite.rolePage(await this.where(), req, res);
  }

  @Policy('create', 'Membership')
  @Post('invite/role')
  async postRole(@Req() req: WebRequest, @Res() res: Response) {
    return this.invite.postRole(await this.where(), req, res);
  }

  @Policy('create', 'Membership')
  @Get('invite/check')
  async checkPage(@Req() req: WebRequest, @Res() res: Response) {
    return this.invite.checkPage(await this.where(), req, res);
  }

  @Policy('create', 'Membership')
  @Post('invite/check')
  async send(@Req() req: WebRequest, @Res() res: Response) {
    return this.invite.send(await this.where(), req, res);
  }

  @Policy('create', 'Membership')
  @Get(':membershipId')
  async person(@Param('membershipId') id: string, @Res() res: Response) {
    return this.pages.person(await this.where(), id, res);
  }

  @Policy('update', 'Membership')
  @Get(':membershipId/change')
  async changePage(@Param('membershipId') id: string, @Req() req: WebRequest, @Res() res: Response) {
    return this.pages.changePage(await this.where(), id, req, res);
  }

  @Policy('update', 'Membership')
  @Post(':membershipId/change')
  async change(@Param('membershipId') id: string, @Req() req: WebRequest, @Res() res: Response) {
    return this.pages.change(await this.where(), id, req, res);
  }

  @Policy('delete', 'Membership')
  @Get(':membershipId/end')
  async endPage(@Param('membershipId') id: string, @Res() res: Response) {
    return this.pages.endPage(await this.where(), id, res);
  }

  @Policy('delete', 'Membership')
  @Post(':membershipId/end')
  async end(@Param('membershipId') id: string, @Req() req: WebRequest, @Res() res: Response) {
    return this.pages.end(await this.where(), id, req, res);
  }

  @Policy('update', 'Membership')
  @Post(':membershipId/invite')
  async resend(@Param('membershipId') id: string, @Req() req: WebRequest, @Res() res: Response) {
    return this.pages.resend(await this.where(), id, req, res);
  }
}
