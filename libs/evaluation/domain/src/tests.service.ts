import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { subject } from '@casl/ability';
import { AuditService } from '@rep-hub/audit';
import { AuthContext } from '@rep-hub/auth';
import { IndicatorRegistry } from '@rep-hub/contracts';
import {
  assertVersion,
  codeList,
  codeOf,
  FieldError,
  idList,
  InvalidFieldsException,
  isUuid,
  optionalText,
  problem,
  requiredDate,
  requiredText,
  schoolToday,
  versionOf,
} from '@rep-hub/platform';
import { EntityManager } from 'typeorm';
import { CURRENT_REFORMS, reformName, SUBMITTED_INDICATORS } from './reference';
import {
  TEST_MOVES,
  TEST_STATUSES,
  TestDetail,
  TestInput,
  TestResultInput,
  TestStatus,
  TestSummary,
} from './tests.model';
import { TestRow, TestsStore, TestValues } from './tests.store';

const REFORM_CODES = CURRENT_REFORMS.reforms.map((r) => r.code);
const FIELDS = [
  'title',
  'reformCode',
  'hypothesis',
  'laIds',
  'settingIds',
  'startsOn',
  'endsOn',
  'comparisonGroup',
  'indicatorCodes',
  'status',
  'findings',
  'lessons',
  'risks',
] as const;

const summary = (r: TestRow): TestSummary => ({
  id: r.id,
  title: r.title,
  reformCode: r.reform_code,
  reformName: reformName(r.reform_code, r.reforms_version),
  status: r.status,
  startsOn: r.starts_on,
  endsOn: r.ends_on,
  las: r.las,
  resultCount: r.result_count,
});

/**
 * Test and learn: the partnership's tests of the reforms (hypothesis, the LAs and settings
 * involved, start and end, comparison group, linked indicators, findings, lessons and risks) and
 * each test's dated log of results. The lead keeps the tests; the lead or an officer of an LA the
 * test involves adds results. Every change is audited; updates are checked against the version
 * read (409 when stale) and a status moves only forward (planned → running → finished, or stopped).
 */
@Injectable()
export class TestAndLearnService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
    private readonly indicators: IndicatorRegistry,
  ) {}

  list(): Promise<TestSummary[]> {
    this.requireRead();
    return this.auth.inTenant(async (m) => (await TestsStore.list(m, this.auth.tenantId)).map(summary));
  }

  get(id: string): Promise<TestDetail> {
    this.requireRead();
    return this.auth.inTenant(async (m) => this.detail(m, await this.find(m, id)));
  }

  /** The organisations of the partnership (LAs and settings a test may involve). */
  organisations(): Promise<{ id: string; name: string; kind: string }[]> {
    this.requireRead();
    return this.auth.inTenant((m) => TestsStore.organisations(m, this.auth.tenantId));
  }

  /** The indicator codes a test may link to: every module's published ones and the submitted ones. */
  indicatorChoices(): { code: string; name: string }[] {
    return [
      ...this.indicators.definitions().map((d) => ({ code: d.code, name: d.name })),
      ...SUBMITTED_INDICATORS.map((d) => ({ code: d.code, name: d.name })),
    ];
  }

  mayCreate(): boolean {
    return this.auth.ability.can('create', 'EvaluationTest');
  }

  async create(input: TestInput): Promise<TestDetail> {
    if (!this.mayCreate()) throw new ForbiddenException(problem(403, 'Only the partnership lead records tests.'));
    const errors: FieldError[] = [];
    const v = this.values(input, null, errors);
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.auth.inTenant(async (m) => {
      await this.checkOrganisations(m, v);
      const id = await TestsStore.insert(m, this.auth.tenantId, v, this.auth.principal.userId);
      await this.audit.record({
        action: 'evaluation.test.create',
        subjectType: 'EvaluationTest',
        subjectIds: [id],
        details: { reformCode: v.reformCode, status: v.status, las: v.laIds.length, settings: v.settingIds.length },
      });
      return this.detail(m, (await TestsStore.get(m, this.auth.tenantId, id))!);
    });
  }

  /** Changes what is sent; `version` is the one read (409 when stale). */
  async update(id: string, input: TestInput & { version?: unknown }): Promise<TestDetail> {
    if (!this.auth.ability.can('update', 'EvaluationTest'))
      throw new ForbiddenException(problem(403, 'Only the partnership lead changes tests.'));
    const errors: FieldError[] = [];
    const version = versionOf(input.version, errors);
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.auth.inTenant(async (m) => {
      const row = await this.find(m, id, true);
      const v = this.values(input, row, errors);
      if (errors.length) throw new InvalidFieldsException(errors);
      assertVersion('test', row.version, version!);
      if (v.status !== row.status && !TEST_MOVES[row.status].includes(v.status))
        throw new ConflictException(
          problem(409, `A ${row.status} test cannot become ${v.status}.`, { currentStatus: row.status }),
        );
      await this.checkOrganisations(m, v);
      await TestsStore.update(m, this.auth.tenantId, row.id, v);
      await this.audit.record({
        action: 'evaluation.test.update',
        subjectType: 'EvaluationTest',
        subjectIds: [row.id],
        details: {
          fromStatus: row.status,
          toStatus: v.status,
          fields: FIELDS.filter((f) => input[f] !== undefined).join(','),
        },
      });
      return this.detail(m, (await TestsStore.get(m, this.auth.tenantId, row.id))!);
    });
  }

  /** Adds a dated result (the lead, or an officer of an LA the test involves). */
  async addResult(id: string, input: TestResultInput, today = schoolToday()): Promise<TestDetail> {
    if (!this.auth.ability.can('create', 'EvaluationTestResult'))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
    const errors: FieldError[] = [];
    const recordedOn = requiredDate(input.recordedOn, 'recordedOn', 'the date of the result', errors, today);
    const text = requiredText(input.summary, 'summary', 5000, 'Enter what the result was', 'The summary', errors);
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.auth.inTenant(async (m) => {
      const row = await this.find(m, id, true);
      if (!this.mayAddResult(row))
        throw new ForbiddenException(
          problem(403, 'Only the lead and officers of the local authorities the test involves can record its results.'),
        );
      const resultId = await TestsStore.addResult(
        m,
        this.auth.tenantId,
        row.id,
        recordedOn!,
        text!,
        this.auth.principal.userId,
      );
      await this.audit.record({
        action: 'evaluation.test.result',
        subjectType: 'EvaluationTestResult',
        subjectIds: [row.id, resultId],
        details: { recordedOn: recordedOn! },
      });
      return this.detail(m, (await TestsStore.get(m, this.auth.tenantId, row.id))!);
    });
  }

  // ---- helpers ----

  /** The test's values after the input: every field for a new test, what is sent over `row` for an update. */
  private values(input: TestInput, row: TestRow | null, errors: FieldError[]): TestValues {
    const has = (f: (typeof FIELDS)[number]) => row === null || input[f] !== undefined;
    const title = has('title')
      ? requiredText(input.title, 'title', 200, 'Enter the test’s title', 'The title', errors)
      : row!.title;
    const reformCode = has('reformCode')
      ? codeOf(
          input.reformCode,
          REFORM_CODES,
          'reformCode',
          `Select a reform of the list ${CURRENT_REFORMS.version}`,
          errors,
        )
      : row!.reform_code;
    const hypothesis = has('hypothesis')
      ? requiredText(input.hypothesis, 'hypothesis', 5000, 'Enter the hypothesis', 'The hypothesis', errors)
      : row!.hypothesis;
    const laIds = has('laIds')
      ? idList(input.laIds, 'laIds', 'laIds must be local authorities of this partnership', errors)
      : row!.las.map((l) => l.id);
    if (laIds && !laIds.length)
      errors.push({ field: 'laIds', message: 'Select the local authorities the test involves' });
    const settingIds = has('settingIds')
      ? idList(input.settingIds, 'settingIds', 'settingIds must be organisations of this partnership', errors)
      : row!.settings.map((s) => s.id);
    const startsOn = has('startsOn')
      ? requiredDate(input.startsOn, 'startsOn', 'the date the test starts', errors)
      : row!.starts_on;
    const endsOn = has('endsOn')
      ? requiredDate(input.endsOn, 'endsOn', 'the date the test ends', errors)
      : row!.ends_on;
    if (startsOn && endsOn && endsOn < startsOn)
      errors.push({ field: 'endsOn', message: 'The end date must be the same as or after the start date' });
    const comparisonGroup = has('comparisonGroup')
      ? optionalText(input.comparisonGroup, 'comparisonGroup', 2000, 'The comparison group', errors)
      : row!.comparison_group;
    const indicatorCodes = has('indicatorCodes')
      ? codeList(
          input.indicatorCodes,
          this.indicatorChoices().map((c) => c.code),
          'indicatorCodes',
          'indicatorCodes must be codes of the indicator library',
          errors,
        )
      : row!.indicator_codes;
    const status =
      row === null && input.status === undefined
        ? 'planned'
        : has('status')
          ? codeOf(input.status, TEST_STATUSES, 'status', 'Select planned, running, finished or stopped', errors)
          : row!.status;
    const long = (f: 'findings' | 'lessons' | 'risks', label: string) =>
      has(f) ? optionalText(input[f], f, 10000, label, errors) : row![f];
    const findings = long('findings', 'The findings');
    const lessons = long('lessons', 'The lessons');
    const risks = long('risks', 'The risks');
    return {
      title: title!,
      reformCode: reformCode!,
      reformsVersion: has('reformCode') ? CURRENT_REFORMS.version : row!.reforms_version,
      hypothesis: hypothesis!,
      laIds: laIds ?? [],
      settingIds: settingIds ?? [],
      startsOn: startsOn!,
      endsOn: endsOn!,
      comparisonGroup: comparisonGroup!,
      indicatorCodes: indicatorCodes ?? [],
      status: status as TestStatus,
      findings: findings!,
      lessons: lessons!,
      risks: risks!,
    };
  }

  private async checkOrganisations(m: EntityManager, v: TestValues): Promise<void> {
    const errors: FieldError[] = [];
    const las = await TestsStore.organisationsIn(m, this.auth.tenantId, v.laIds, true);
    if (las.length !== v.laIds.length)
      errors.push({ field: 'laIds', message: 'laIds must be local authorities of this partnership' });
    const settings = await TestsStore.organisationsIn(m, this.auth.tenantId, v.settingIds, false);
    if (settings.length !== v.settingIds.length)
      errors.push({ field: 'settingIds', message: 'settingIds must be organisations of this partnership' });
    if (errors.length) throw new InvalidFieldsException(errors);
  }

  private async find(m: EntityManager, id: string, lock = false): Promise<TestRow> {
    const row = isUuid(id) ? await TestsStore.get(m, this.auth.tenantId, id.toLowerCase(), lock) : null;
    if (!row) throw new NotFoundException(problem(404, 'There is no such test in your partnership.'));
    return row;
  }

  private async detail(m: EntityManager, r: TestRow): Promise<TestDetail> {
    return {
      ...summary(r),
      reformsVersion: r.reforms_version,
      hypothesis: r.hypothesis,
      comparisonGroup: r.comparison_group,
      settings: r.settings,
      indicatorCodes: r.indicator_codes,
      findings: r.findings,
      lessons: r.lessons,
      risks: r.risks,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      version: r.version,
      results: await TestsStore.results(m, this.auth.tenantId, r.id),
      canEdit: this.auth.ability.can('update', 'EvaluationTest'),
      canAddResult: this.mayAddResult(r),
    };
  }

  private mayAddResult(r: TestRow): boolean {
    return this.auth.ability.can(
      'create',
      subject('EvaluationTestResult', { tenantId: this.auth.tenantId, laIds: r.las.map((l) => l.id) }) as never,
    );
  }

  private requireRead(): void {
    if (!this.auth.ability.can('read', 'EvaluationTest'))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
  }
}
