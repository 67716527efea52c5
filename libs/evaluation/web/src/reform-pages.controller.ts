import { Controller, ForbiddenException, Get, Param, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Policy } from '@rep-hub/auth';
import { REFORM_STATUSES, ReformCellDetail, ReformRegisterService } from '@rep-hub/evaluation-domain';
import { problem } from '@rep-hub/platform';
import { formatDate, saveSession, WebRequest, WebViewInterceptor } from '@rep-hub/web-surface';
import type { Response } from 'express';
import { dateValues, FormPage, formErrors, postedDates, postedValues, renderForm } from '@rep-hub/web-surface';
import { REFORM_LABELS, REFORM_TAGS } from './register-labels';

/** The module's entry pages, each a link from the overview (other pages of the module build the last two). */
const SECTIONS = [
  {
    text: 'Reforms under test',
    href: '/evaluation/reforms',
    description:
      'Each reform’s status in each local authority (planned, active, paused or stopped), with the reason and date of every change.',
  },
  {
    text: 'Test and learn',
    href: '/evaluation/tests',
    description:
      'The partnership’s tests of the reforms: hypothesis, where they run, comparison group, findings, and a dated log of results.',
  },
  {
    text: 'Indicators',
    href: '/evaluation/indicators',
    description: 'The indicator library: computed and submitted figures, their definitions and values over time.',
  },
  {
    text: 'Evidence returns',
    href: '/evaluation/returns',
    description:
      'The evidence return for each period: completeness, sign-off by each local authority and the lead, and sending it.',
  },
];

/**
 * Change Programme evaluation's overview and the reform register: the grid of reforms by LA,
 * each reform's history in an LA, and the form that changes its status (the lead for any LA, an
 * LA's officers for their own).
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('evaluation')
export class ReformPagesController {
  constructor(private readonly reforms: ReformRegisterService) {}

  @Policy('read', 'EvaluationReform')
  @Get()
  overview(@Res() res: Response) {
    return res.render('evaluation/overview.njk', { title: 'Change Programme evaluation', sections: SECTIONS });
  }

  @Policy('read', 'EvaluationReform')
  @Get('reforms')
  async register(@Res() res: Response) {
    const register = await this.reforms.register();
    return res.render('evaluation/reforms.njk', {
      title: 'Reforms under test',
      register,
      canChangeAny: register.reforms.some((r) => r.cells.some((c) => c.canChange)),
      labels: REFORM_LABELS,
      tags: REFORM_TAGS,
    });
  }

  @Policy('read', 'EvaluationReform')
  @Get('reforms/:reformCode/:laId')
  async cell(@Param('reformCode') code: string, @Param('laId') laId: string, @Res() res: Response) {
    const cell = await this.reforms.get(code, laId);
    return res.render('evaluation/reform.njk', {
      title: `${cell.reformName} in ${cell.laName}`,
      cell,
      labels: REFORM_LABELS,
      tags: REFORM_TAGS,
    });
  }

  @Policy('update', 'EvaluationReform')
  @Get('reforms/:reformCode/:laId/change')
  async changeForm(@Param('reformCode') code: string, @Param('laId') laId: string, @Res() res: Response) {
    const cell = await this.changeable(code, laId);
    return renderForm(
      res,
      this.page(cell),
      { status: cell.status ?? '', reason: '', version: String(cell.version), ...dateValues({ changedOn: null }) },
      [],
    );
  }

  @Policy('update', 'EvaluationReform')
  @Post('reforms/:reformCode/:laId/change')
  async change(
    @Param('reformCode') code: string,
    @Param('laId') laId: string,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const cell = await this.changeable(code, laId);
    const values = postedValues(req.body);
    const page = this.page(cell);
    const posted = postedDates(values, page.fields);
    let saved: ReformCellDetail;
    try {
      saved = await this.reforms.setStatus(code, cell.laId, {
        status: values['status'],
        reason: values['reason'] ?? '',
        changedOn: posted.dates['changedOn'] ?? '',
        version: values['version'],
      });
    } catch (error) {
      const { errors, status } = formErrors(error, page.fields, posted.errors);
      return renderForm(res, page, values, errors, status);
    }
    req.session.flash = {
      heading: 'Status changed',
      text: `${saved.reformName} in ${saved.laName}: ${REFORM_LABELS[saved.status ?? 'none']} since ${formatDate(saved.changedOn!)}.`,
    };
    await saveSession(req);
    return res.redirect(303, `/evaluation/reforms/${code}/${cell.laId}`);
  }

  private async changeable(code: string, laId: string): Promise<ReformCellDetail> {
    const cell = await this.reforms.get(code, laId);
    if (!cell.canChange)
      throw new ForbiddenException(
        problem(403, 'Only the lead and the local authority’s own officers can set its reform statuses.'),
      );
    return cell;
  }

  private page(cell: ReformCellDetail): FormPage {
    return {
      title: 'Change the status',
      caption: `${cell.reformName} in ${cell.laName}`,
      action: `/evaluation/reforms/${cell.reformCode}/${cell.laId}/change`,
      button: 'Save the status',
      back: { text: 'Back to its history', href: `/evaluation/reforms/${cell.reformCode}/${cell.laId}` },
      fields: [
        {
          type: 'radios',
          name: 'status',
          label: 'Status',
          options: REFORM_STATUSES.map((s) => ({ value: s, text: REFORM_LABELS[s] })),
        },
        {
          type: 'textarea',
          name: 'reason',
          label: 'Reason for the change',
          hint: 'Required when the reform is paused or stopped',
          rows: 4,
        },
        {
          type: 'date',
          name: 'changedOn',
          label: 'Date it changed',
          hint: 'Today or in the past. For example, 2 11 2026',
        },
      ],
    };
  }
}
