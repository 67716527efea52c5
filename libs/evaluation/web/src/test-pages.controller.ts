import { Controller, ForbiddenException, Get, Param, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Policy } from '@rep-hub/auth';
import {
  CURRENT_REFORMS,
  TEST_MOVES,
  TEST_STATUSES,
  TestAndLearnService,
  TestDetail,
  TestInput,
} from '@rep-hub/evaluation-domain';
import { FieldError, problem } from '@rep-hub/platform';
import { dateInputItems, saveSession, WebRequest, WebViewInterceptor } from '@rep-hub/web-surface';
import type { Response } from 'express';
import {
  dateValues,
  FormPage,
  FormValues,
  formErrors,
  listOf,
  postedDates,
  postedValues,
  renderForm,
} from '@rep-hub/web-surface';
import { TEST_LABELS, TEST_TAGS } from './register-labels';

const names = (xs: { name: string }[]) => xs.map((x) => x.name).join(', ');

/**
 * Test and learn's pages: the list, the form that records or changes a test (the lead), and a
 * test's page with its results and the form that adds one (the lead, or an officer of an LA the
 * test involves).
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('evaluation/tests')
export class TestPagesController {
  constructor(private readonly tests: TestAndLearnService) {}

  @Policy('read', 'EvaluationTest')
  @Get()
  async list(@Res() res: Response) {
    const tests = await this.tests.list();
    return res.render('evaluation/tests.njk', {
      title: 'Test and learn',
      tests: tests.map((t) => ({ ...t, laNames: names(t.las) })),
      canCreate: this.tests.mayCreate(),
      labels: TEST_LABELS,
      tags: TEST_TAGS,
    });
  }

  @Policy('create', 'EvaluationTest')
  @Get('new')
  async newForm(@Res() res: Response) {
    return renderForm(res, await this.page(null), { status: 'planned' }, []);
  }

  @Policy('create', 'EvaluationTest')
  @Post('new')
  async create(@Req() req: WebRequest, @Res() res: Response) {
    const values = postedValues(req.body);
    const page = await this.page(null);
    const posted = postedDates(values, page.fields);
    try {
      const made = await this.tests.create(this.input(values, posted.dates));
      req.session.flash = { heading: 'Test recorded', text: made.title };
      await saveSession(req);
      return res.redirect(303, `/evaluation/tests/${made.id}`);
    } catch (error) {
      const { errors, status } = formErrors(error, page.fields, posted.errors);
      return renderForm(res, page, values, errors, status);
    }
  }

  @Policy('read', 'EvaluationTest')
  @Get(':testId')
  async show(@Param('testId') id: string, @Res() res: Response) {
    return this.renderTest(res, await this.tests.get(id), {}, [], 200);
  }

  @Policy('update', 'EvaluationTest')
  @Get(':testId/edit')
  async editForm(@Param('testId') id: string, @Res() res: Response) {
    const t = await this.tests.get(id);
    return renderForm(
      res,
      await this.page(t),
      {
        title: t.title,
        reformCode: t.reformCode,
        hypothesis: t.hypothesis,
        laIds: t.las.map((l) => l.id),
        settingIds: t.settings.map((s) => s.id),
        comparisonGroup: t.comparisonGroup,
        indicatorCodes: t.indicatorCodes,
        status: t.status,
        findings: t.findings,
        lessons: t.lessons,
        risks: t.risks,
        version: String(t.version),
        ...dateValues({ startsOn: t.startsOn, endsOn: t.endsOn }),
      },
      [],
    );
  }

  @Policy('update', 'EvaluationTest')
  @Post(':testId/edit')
  async update(@Param('testId') id: string, @Req() req: WebRequest, @Res() res: Response) {
    const t = await this.tests.get(id);
    const values = postedValues(req.body);
    const page = await this.page(t);
    const posted = postedDates(values, page.fields);
    try {
      const saved = await this.tests.update(id, { ...this.input(values, posted.dates), version: values['version'] });
      req.session.flash = { heading: 'Test changed', text: saved.title };
      await saveSession(req);
      return res.redirect(303, `/evaluation/tests/${id}`);
    } catch (error) {
      const { errors, status } = formErrors(error, page.fields, posted.errors);
      return renderForm(res, page, values, errors, status);
    }
  }

  @Policy('create', 'EvaluationTestResult')
  @Post(':testId/results')
  async addResult(@Param('testId') id: string, @Req() req: WebRequest, @Res() res: Response) {
    const values = postedValues(req.body);
    const field = { type: 'date' as const, name: 'recordedOn', label: 'Date of the result' };
    const posted = postedDates(values, [field]);
    try {
      await this.tests.addResult(id, { recordedOn: posted.dates['recordedOn'] ?? '', summary: values['summary'] });
    } catch (error) {
      if (error instanceof ForbiddenException) throw error;
      const { errors, status } = formErrors(
        error,
        [field, { type: 'textarea', name: 'summary', label: 'What the result was' }],
        posted.errors,
      );
      return this.renderTest(res, await this.tests.get(id), values, errors, status);
    }
    req.session.flash = { heading: 'Result added', text: 'It is at the top of the results.' };
    await saveSession(req);
    return res.redirect(303, `/evaluation/tests/${id}`);
  }

  private renderTest(res: Response, t: TestDetail, values: FormValues, errors: FieldError[], status: number) {
    const choices = new Map(this.tests.indicatorChoices().map((c) => [c.code, c.name]));
    return res.status(status).render('evaluation/test.njk', {
      title: t.title,
      test: {
        ...t,
        laNames: names(t.las),
        settingNames: names(t.settings),
        indicatorNames: t.indicatorCodes.map((c) => choices.get(c) ?? c).join(', '),
      },
      values,
      errors,
      recordedOnItems: dateInputItems(
        'recordedOn',
        values as Record<string, string>,
        errors.some((e) => e.field === 'recordedOn-day'),
      ),
      labels: TEST_LABELS,
      tags: TEST_TAGS,
    });
  }

  private input(values: FormValues, dates: Record<string, string>): TestInput {
    const one = (k: string) => (typeof values[k] === 'string' ? values[k] : '');
    return {
      title: one('title'),
      reformCode: one('reformCode'),
      hypothesis: one('hypothesis'),
      laIds: listOf(values['laIds']),
      settingIds: listOf(values['settingIds']),
      startsOn: dates['startsOn'] ?? '',
      endsOn: dates['endsOn'] ?? '',
      comparisonGroup: one('comparisonGroup'),
      indicatorCodes: listOf(values['indicatorCodes']),
      status: one('status'),
      findings: one('findings'),
      lessons: one('lessons'),
      risks: one('risks'),
    };
  }

  private async page(t: TestDetail | null): Promise<FormPage> {
    if (!(t ? t.canEdit : this.tests.mayCreate()))
      throw new ForbiddenException(problem(403, 'Only the partnership lead records and changes tests.'));
    const orgs = await this.tests.organisations();
    // a test's status moves only forward: the form offers where it is and where it may go
    const statuses = t ? [t.status, ...TEST_MOVES[t.status]] : TEST_STATUSES;
    return {
      title: t ? 'Change the test' : 'Record a test',
      caption: t ? t.title : 'Test and learn',
      action: t ? `/evaluation/tests/${t.id}/edit` : '/evaluation/tests/new',
      button: t ? 'Save the test' : 'Record the test',
      back: t
        ? { text: 'Back to the test', href: `/evaluation/tests/${t.id}` }
        : { text: 'Back to test and learn', href: '/evaluation/tests' },
      fields: [
        { name: 'title', label: 'Title' },
        {
          type: 'select',
          name: 'reformCode',
          label: 'Reform under test',
          options: [
            { value: '', text: 'Select a reform' },
            ...CURRENT_REFORMS.reforms.map((r) => ({ value: r.code, text: r.name })),
          ],
        },
        { type: 'textarea', name: 'hypothesis', label: 'Hypothesis', hint: 'What the test expects to show' },
        {
          type: 'checkboxes',
          name: 'laIds',
          label: 'Local authorities involved',
          options: orgs.filter((o) => o.kind === 'local_authority').map((o) => ({ value: o.id, text: o.name })),
        },
        {
          type: 'checkboxes',
          name: 'settingIds',
          label: 'Settings involved (optional)',
          options: orgs.filter((o) => o.kind !== 'local_authority').map((o) => ({ value: o.id, text: o.name })),
        },
        { type: 'date', name: 'startsOn', label: 'Start date' },
        {
          type: 'date',
          name: 'endsOn',
          label: 'End date',
          hint: 'The same as or after the start. For example, 23 7 2027',
        },
        { type: 'textarea', name: 'comparisonGroup', label: 'Comparison group (optional)', rows: 3 },
        {
          type: 'checkboxes',
          name: 'indicatorCodes',
          label: 'Linked indicators (optional)',
          options: this.tests.indicatorChoices().map((c) => ({ value: c.code, text: c.name })),
        },
        {
          type: 'radios',
          name: 'status',
          label: 'Status',
          hint: 'Planned, then running, then finished; or stopped',
          options: statuses.map((s) => ({ value: s, text: TEST_LABELS[s] })),
        },
        { type: 'textarea', name: 'findings', label: 'Findings (optional)' },
        { type: 'textarea', name: 'lessons', label: 'Lessons (optional)' },
        { type: 'textarea', name: 'risks', label: 'Risks (optional)' },
      ],
    };
  }
}
