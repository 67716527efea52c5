import { ConflictException, Controller, Get, Param, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CasesService, PupilMatchesService, PupilMatchView, PupilsService } from '@rep-hub/ap-domain';
import { AuthContext, Policy } from '@rep-hub/auth';
import { decodeCursor, encodeCursor, FieldError, InvalidFieldsException } from '@rep-hub/platform';
import { SEN_NEED_TYPES, SEN_PROVISION_CODES, UPN_UNKNOWN_REASONS } from '@rep-hub/reference';
import type { Response } from 'express';
import {
  changeLinks,
  listName,
  listOf,
  matchCells,
  needLabel,
  pageChecks,
  pageOfInput,
  plainPupilMessage,
  PUPIL_PAGES,
  pupilInputOf,
  pupilRows,
  QuestionPage,
  SAFEGUARDING_LABELS,
  safeguardingLabel,
  senProvisionLabel,
  SERVICE_FIELD_INPUT,
  upnReasonLabel,
} from './ap-pupils-view';
import {
  formatDate,
  formFields,
  inPageOrder,
  Journey,
  oneEach,
  pick,
  postedDateOf,
  saveSession,
  takeSavedForm,
  WebRequest,
  WebViewInterceptor,
} from '@rep-hub/web-surface';

const PAGE_SIZE = 20;
const NEW_PUPIL_PATH = '/ap/pupils/new';
const CHECK_PATH = '/ap/pupils/new/check';
/** Recording a pupil: each instance is one new pupil's record, from its first page to check answers. */
const NEW_PUPIL = new Journey('new-pupil', NEW_PUPIL_PATH, 'the pupil being recorded (the instance is the record)');
/** The journey's bookkeeping: which question pages have been answered. */
const DONE = '_done';
const done = (p: QuestionPage) => p.slug || 'details';

/**
 * Pupils as LA officers and school staff see them: the list (search, keyset pages), a pupil's
 * record, recording a pupil (question pages, check answers) and, for LA officers, deciding the
 * UPN match requests of their LA. The service scopes and audits every read.
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('ap')
export class ApPupilsController {
  constructor(
    private readonly pupils: PupilsService,
    private readonly pupilMatches: PupilMatchesService,
    private readonly cases: CasesService,
    private readonly context: AuthContext,
  ) {}

  private get userId(): string {
    return this.context.principal.userId;
  }

  // ---- the list ----

  @Policy('read', 'Pupil')
  @Get('pupils')
  async list(@Query('q') qQuery: unknown, @Query('after') after: unknown, @Res() res: Response) {
    const q = typeof qQuery === 'string' ? qQuery.trim().slice(0, 100) : '';
    const cursor =
      typeof after === 'string' && after !== ''
        ? decodeCursor(after, 'The page link is not one from this list.')
        : null;
    const page = await this.pupils.list({ after: cursor, limit: PAGE_SIZE, q: q || undefined });
    const names = await this.organisationNames(
      page.items.flatMap((p) => (p.currentSchoolId ? [p.currentSchoolId] : [])),
    );
    const query = new URLSearchParams();
    if (q) query.set('q', q);
    if (page.more && page.last) query.set('after', encodeCursor(page.last));
    const ability = this.context.ability;
    return res.render('ap/pupils.njk', {
      title: 'Pupils',
      asSchool: !!this.pupils.recordsAsSchool() && !ability.can('read', 'PupilMatch'),
      q,
      pupils: page.items.map((p) => ({
        id: p.id,
        name: listName(p),
        dateOfBirth: formatDate(p.dateOfBirth),
        upn: p.upn ?? 'Not known',
        sen: senProvisionLabel(p.senProvision),
        school: p.currentSchoolId ? (names.get(p.currentSchoolId) ?? '') : 'Not recorded',
      })),
      searched: !!q,
      nextHref: page.more && page.last ? `/ap/pupils?${query.toString()}` : null,
      canCreate: ability.can('create', 'Pupil'),
      canMatch: ability.can('read', 'PupilMatch'),
    });
  }

  // ---- record a pupil: question pages, check answers, create ----

  @Policy('create', 'Pupil')
  @Get('pupils/new')
  detailsPage(@Req() req: WebRequest, @Res() res: Response) {
    return this.questionPage(PUPIL_PAGES[0], req, res);
  }

  @Policy('create', 'Pupil')
  @Post('pupils/new')
  details(@Req() req: WebRequest, @Res() res: Response) {
    return this.answer(PUPIL_PAGES[0], req, res);
  }

  @Policy('create', 'Pupil')
  @Get('pupils/new/upn')
  upnPage(@Req() req: WebRequest, @Res() res: Response) {
    return this.laterPage(PUPIL_PAGES[1], req, res);
  }

  @Policy('create', 'Pupil')
  @Post('pupils/new/upn')
  upn(@Req() req: WebRequest, @Res() res: Response) {
    return this.answer(PUPIL_PAGES[1], req, res);
  }

  @Policy('create', 'Pupil')
  @Get('pupils/new/needs')
  needsPage(@Req() req: WebRequest, @Res() res: Response) {
    return this.laterPage(PUPIL_PAGES[2], req, res);
  }

  @Policy('create', 'Pupil')
  @Post('pupils/new/needs')
  needs(@Req() req: WebRequest, @Res() res: Response) {
    return this.answer(PUPIL_PAGES[2], req, res);
  }

  @Policy('create', 'Pupil')
  @Get('pupils/new/circumstances')
  circumstancesPage(@Req() req: WebRequest, @Res() res: Response) {
    return this.laterPage(PUPIL_PAGES[3], req, res);
  }

  @Policy('create', 'Pupil')
  @Post('pupils/new/circumstances')
  circumstances(@Req() req: WebRequest, @Res() res: Response) {
    return this.answer(PUPIL_PAGES[3], req, res);
  }

  @Policy('create', 'Pupil')
  @Get('pupils/new/contact')
  contactPage(@Req() req: WebRequest, @Res() res: Response) {
    return this.laterPage(PUPIL_PAGES[4], req, res);
  }

  @Policy('create', 'Pupil')
  @Post('pupils/new/contact')
  contact(@Req() req: WebRequest, @Res() res: Response) {
    return this.answer(PUPIL_PAGES[4], req, res);
  }

  @Policy('create', 'Pupil')
  @Get('pupils/new/check')
  async checkPage(@Req() req: WebRequest, @Res() res: Response) {
    const current = NEW_PUPIL.current(req, this.context.principal);
    const next = this.firstUnanswered(current?.instance.answers);
    if (!current) return res.redirect(303, NEW_PUPIL_PATH);
    if (next) return res.redirect(303, NEW_PUPIL.url(next.path, current.id));
    return this.renderCheck(res, current.id, current.instance.answers);
  }

  @Policy('create', 'Pupil')
  @Post('pupils/new/check')
  async create(@Req() req: WebRequest, @Res() res: Response) {
    const current = NEW_PUPIL.current(req, this.context.principal);
    const next = this.firstUnanswered(current?.instance.answers);
    if (!current) return res.redirect(303, NEW_PUPIL_PATH);
    if (next) return res.redirect(303, NEW_PUPIL.url(next.path, current.id));
    const answers = current.instance.answers;
    let pupil;
    try {
      pupil = await this.pupils.create(pupilInputOf(answers));
    } catch (error) {
      if (error instanceof ConflictException) {
        const existing = (error.getResponse() as { existing?: { id?: string } }).existing;
        return res.status(409).render('ap/pupil-duplicate.njk', {
          title: 'A pupil with this UPN is already recorded',
          upn: (answers['upn'] ?? '').toUpperCase(),
          existingHref: existing?.id ? `/ap/pupils/${existing.id}` : null,
          backHref: NEW_PUPIL.url(CHECK_PATH, current.id),
          upnHref: NEW_PUPIL.url('/ap/pupils/new/upn', current.id),
        });
      }
      if (!(error instanceof InvalidFieldsException)) throw error;
      const errors = this.serviceErrors(error.fieldErrors);
      const page = pageOfInput(errors[0]?.field ?? '') ?? PUPIL_PAGES[0];
      return this.renderQuestion(
        res.status(400),
        current.id,
        page,
        answers,
        errors.filter((e) => page.fields.includes(e.field)),
      );
    }
    NEW_PUPIL.end(req, current.id);
    req.session.flash = { heading: `${pupil.givenName} ${pupil.familyName} has been recorded` };
    await saveSession(req);
    return res.redirect(303, `/ap/pupils/${pupil.id}`);
  }

  // ---- one pupil ----

  @Policy('read', 'Pupil')
  @Get('pupils/:pupilId')
  async pupil(@Param('pupilId') pupilId: string, @Res() res: Response) {
    const p = await this.pupils.get(pupilId);
    const changing = this.pupils.canChange(p);
    const open = await this.cases.openCaseOf(p.id);
    // a school refers its pupil; an LA officer opens a case for panel for a pupil of their own LA
    const memberships = this.context.principal.memberships;
    const canCreate = this.context.ability.can('create', 'ApCase');
    const start =
      open || !canCreate
        ? null
        : memberships.some((m) => m.role === 'setting_staff' && m.organisationKind === 'school' && m.localAuthorityId)
          ? { text: 'Refer this pupil', route: 'school_referral' }
          : memberships.some((m) => m.role === 'la_officer' && m.localAuthorityId === p.laId)
            ? { text: 'Open a case for panel', route: 'la_commission' }
            : null;
    const names = await this.organisationNames([
      p.laId,
      ...(p.currentSchoolId ? [p.currentSchoolId] : []),
      ...(p.settingId ? [p.settingId] : []),
    ]);
    return res.render('ap/pupil.njk', {
      title: `${p.givenName} ${p.familyName}`,
      pupil: p,
      rows: pupilRows(p, names, changing ? changeLinks(p.id) : undefined),
      contactChange: changing
        ? {
            href: `/ap/pupils/${p.id}/change/contact#contactName`,
            text: p.contacts.length ? 'Change' : 'Add a contact',
          }
        : null,
      openCase: open ? { reference: open.reference, href: open.id ? `/ap/cases/${open.id}` : null } : null,
      start: start ? { text: start.text, href: `/ap/cases/new?route=${start.route}&pupilId=${p.id}` } : null,
      contacts: p.contacts.map((c, i) => ({
        title: `${c.name} (${c.relationship})`,
        actions:
          changing && i === 0
            ? {
                items: [
                  {
                    href: `/ap/pupils/${p.id}/change/contact#contactName`,
                    text: 'Change',
                    visuallyHiddenText: `contact ${c.name}`,
                  },
                ],
              }
            : undefined,
        rows: [
          { key: { text: 'Phone' }, value: { text: c.phone ?? 'Not recorded' } },
          { key: { text: 'Email' }, value: { text: c.email ?? 'Not recorded' } },
          { key: { text: 'Parental responsibility' }, value: { text: c.parentalResponsibility ? 'Yes' : 'No' } },
        ],
      })),
    });
  }

  // ---- UPN match requests (LA officers) ----

  @Policy('read', 'PupilMatch')
  @Get('pupil-matches')
  async matches(@Query('after') after: unknown, @Res() res: Response) {
    const cursor =
      typeof after === 'string' && after !== ''
        ? decodeCursor(after, 'The page link is not one from this list.')
        : null;
    const page = await this.pupilMatches.listMatches({ after: cursor, limit: PAGE_SIZE });
    return res.render('ap/pupil-matches.njk', {
      title: 'UPN match requests',
      matches: page.items.map(matchRows),
      nextHref: page.more && page.last ? `/ap/pupil-matches?after=${encodeCursor(page.last)}` : null,
      canResolve: this.context.ability.can('update', 'PupilMatch'),
    });
  }

  @Policy('read', 'PupilMatch')
  @Get('pupil-matches/:matchId')
  async matchPage(@Param('matchId') matchId: string, @Req() req: WebRequest, @Res() res: Response) {
    const match = await this.pupilMatches.getMatch(matchId);
    return this.renderMatch(res, match, takeSavedForm(req, this.context.principal) ?? {}, []);
  }

  @Policy('update', 'PupilMatch')
  @Post('pupil-matches/:matchId')
  async resolve(@Param('matchId') matchId: string, @Req() req: WebRequest, @Res() res: Response) {
    const values = formFields(req.body);
    let resolved;
    try {
      resolved = await this.pupilMatches.resolveMatch(matchId, { outcome: values['outcome'] });
    } catch (error) {
      if (error instanceof ConflictException) {
        const match = await this.pupilMatches.getMatch(matchId);
        return this.renderMatch(res.status(409), match, {}, []);
      }
      if (!(error instanceof InvalidFieldsException)) throw error;
      const match = await this.pupilMatches.getMatch(matchId);
      return this.renderMatch(res.status(400), match, values, [
        { field: 'outcome', message: 'Select whether the two records are of the same child' },
      ]);
    }
    req.session.flash = {
      heading:
        resolved.status === 'same_child'
          ? 'The two records are marked as the same child'
          : 'The two records are marked as different children',
    };
    await saveSession(req);
    return res.redirect(303, '/ap/pupil-matches');
  }

  // ---- internals ----

  /** A later question page of an instance; before the earlier ones are answered, the journey resumes where it stopped. */
  private laterPage(page: QuestionPage, req: WebRequest, res: Response) {
    const current = NEW_PUPIL.current(req, this.context.principal);
    if (!current) return res.redirect(303, NEW_PUPIL_PATH);
    const next = this.firstUnanswered(current.instance.answers);
    if (next && PUPIL_PAGES.indexOf(next) < PUPIL_PAGES.indexOf(page))
      return res.redirect(303, NEW_PUPIL.url(next.path, current.id));
    return this.questionPage(page, req, res);
  }

  /** A question page: a form kept across signing in again, else the instance's answers so far (none for a new instance). */
  private questionPage(page: QuestionPage, req: WebRequest, res: Response) {
    const current = NEW_PUPIL.current(req, this.context.principal);
    const values = takeSavedForm(req, this.context.principal) ?? { ...(current?.instance.answers ?? {}) };
    return this.renderQuestion(res, current?.id ?? NEW_PUPIL.newId(), page, values, []);
  }

  /**
   * Checks one question page's answers (the page's own checks, then the service's checks of this
   * page's fields) and keeps them; then the first question not yet answered, or check answers.
   */
  private async answer(page: QuestionPage, req: WebRequest, res: Response) {
    const posted = pick(formFields(req.body), page.fields);
    if (page.fields.includes('safeguardingFlags'))
      posted['safeguardingFlags'] = listOf(
        (req.body as Record<string, unknown> | undefined)?.['safeguardingFlags'],
      ).join(',');
    const owner = this.context.principal;
    const current = NEW_PUPIL.current(req, owner);
    // the first page may start an instance; a later page belongs to one already started
    if (!current && page !== PUPIL_PAGES[0]) return res.redirect(303, NEW_PUPIL_PATH);
    const id = current?.id ?? NEW_PUPIL.newId();
    const answers = { ...(current?.instance.answers ?? {}), ...posted };
    if (answers['upnChoice'] !== 'upn') answers['upn'] = '';
    // an officer of one LA is not asked which: it is theirs (a school's LA is the service's to set)
    const officerLas = this.pupils.recordsAsSchool() ? [] : this.officerLaIds();
    if (page.slug === '' && officerLas.length === 1) answers['laId'] = officerLas[0];
    const own = pageChecks(page.slug, answers);
    const service = this.serviceErrors(this.pupils.fieldErrors(pupilInputOf(answers))).filter((e) =>
      page.fields.includes(e.field),
    );
    // the page's own problem first; the service's only when the page has none (they would say the same twice)
    const errors = oneEach(inPageOrder(own.length && page.slug === 'needs' ? own : [...own, ...service], page.fields));
    if (errors.length) return this.renderQuestion(res.status(400), id, page, answers, errors);
    const doneList = new Set((answers[DONE] ?? '').split(',').filter(Boolean));
    doneList.add(done(page));
    answers[DONE] = [...doneList].join(',');
    NEW_PUPIL.keep(req, id, owner, answers);
    await saveSession(req);
    const next = this.firstUnanswered(answers);
    return res.redirect(303, NEW_PUPIL.url(next?.path ?? CHECK_PATH, id));
  }

  private firstUnanswered(answers: Record<string, string> | undefined): QuestionPage | undefined {
    const doneList = (answers?.[DONE] ?? '').split(',');
    return PUPIL_PAGES.find((p) => !doneList.includes(done(p)));
  }

  /** Service field errors against the pages' inputs, in plain English. */
  private serviceErrors(errors: FieldError[]): FieldError[] {
    return errors.map((e) => ({ field: SERVICE_FIELD_INPUT[e.field] ?? e.field, message: plainPupilMessage(e) }));
  }

  private async renderQuestion(
    res: Response,
    id: string,
    page: QuestionPage,
    values: Record<string, string>,
    errors: FieldError[],
  ) {
    const school = this.pupils.recordsAsSchool();
    const view: Record<string, unknown> = {
      title: page.title,
      page,
      values,
      errors,
      back: this.backOf(page, id),
      formHref: NEW_PUPIL.url(page.path, id),
    };
    if (page.slug === '') {
      const officerLas = school ? [] : await this.officerLas();
      view['localAuthorities'] = officerLas.length > 1 ? officerLas : [];
      if (officerLas.length === 1) values = { ...values, laId: officerLas[0].id };
      view['values'] = values;
    } else if (page.slug === 'upn') {
      view['reasons'] = UPN_UNKNOWN_REASONS.map((r) => ({ value: r.code, text: upnReasonLabel(r.code) }));
    } else if (page.slug === 'needs') {
      view['provisions'] = SEN_PROVISION_CODES.map((c) => ({ value: c.code, text: c.label }));
      view['needTypes'] = SEN_NEED_TYPES.map((n) => ({ value: n.code, text: n.label }));
    } else if (page.slug === 'circumstances') {
      view['schools'] = await this.schools();
      if (school && values['currentSchoolId'] === undefined)
        view['values'] = { ...values, currentSchoolId: school.settingId };
      view['flags'] = Object.entries(SAFEGUARDING_LABELS).map(([value, text]) => ({ value, text }));
      view['flagValues'] = listOf(values['safeguardingFlags']);
    }
    return res.render(page.view, view);
  }

  private backOf(page: QuestionPage, id: string): string {
    const i = PUPIL_PAGES.indexOf(page);
    return i > 0 ? NEW_PUPIL.url(PUPIL_PAGES[i - 1].path, id) : '/ap/pupils';
  }

  private async renderCheck(res: Response, id: string, a: Record<string, string>) {
    const school = this.pupils.recordsAsSchool();
    const officerLas = school ? [] : await this.officerLas();
    const laId = school?.laId ?? (a['laId'] || (officerLas.length === 1 ? officerLas[0].id : ''));
    const names = await this.organisationNames(
      [laId, a['currentSchoolId'], school?.settingId ?? ''].filter((x): x is string => !!x),
    );
    const change = (slug: string, field: string, hidden: string) => ({
      items: [
        {
          href: NEW_PUPIL.url(`${slug ? `/ap/pupils/new/${slug}` : '/ap/pupils/new'}#${field}`, id),
          text: 'Change',
          visuallyHiddenText: hidden,
        },
      ],
    });
    const dob = postedDateOf(a, 'dateOfBirth', 'Date of birth', true).iso;
    const review = postedDateOf(a, 'ehcNextAnnualReview', 'Next annual review', false).iso;
    const ehc = a['senProvision'] === 'E';
    const contact = ['contactName', 'contactRelationship', 'contactPhone', 'contactEmail'].some(
      (f) => (a[f] ?? '') !== '',
    );
    const rows = [
      { key: { text: 'First name' }, value: { text: a['givenName'] }, actions: change('', 'givenName', 'first name') },
      { key: { text: 'Last name' }, value: { text: a['familyName'] }, actions: change('', 'familyName', 'last name') },
      {
        key: { text: 'Date of birth' },
        value: { text: formatDate(dob) },
        actions: change('', 'dateOfBirth-day', 'date of birth'),
      },
      {
        key: { text: 'Home local authority' },
        value: { text: names.get(laId) ?? '' },
        ...(officerLas.length > 1 ? { actions: change('', 'laId', 'home local authority') } : {}),
      },
      {
        key: { text: 'UPN' },
        value: {
          text: a['upnChoice'] === 'upn' ? a['upn'].toUpperCase() : `Not known: ${upnReasonLabel(a['upnChoice'])}`,
        },
        actions: change('upn', 'upnChoice', 'UPN'),
      },
      {
        key: { text: 'Special educational needs provision' },
        value: { text: senProvisionLabel(a['senProvision']) },
        actions: change('needs', 'senProvision', 'special educational needs provision'),
      },
      ...(a['senProvision'] !== 'N'
        ? [
            {
              key: { text: 'Primary need' },
              value: { text: a['primaryNeed'] ? needLabel(a['primaryNeed']) : 'None' },
              actions: change('needs', 'primaryNeed', 'primary need'),
            },
            {
              key: { text: 'Secondary need' },
              value: { text: a['secondaryNeed'] ? needLabel(a['secondaryNeed']) : 'None' },
              actions: change('needs', 'secondaryNeed', 'secondary need'),
            },
          ]
        : []),
      ...(ehc
        ? [
            {
              key: { text: 'EHC caseworker' },
              value: { text: a['ehcCaseworker'] || 'Not recorded' },
              actions: change('needs', 'ehcCaseworker', 'EHC caseworker'),
            },
            {
              key: { text: 'Next annual review' },
              value: { text: review ? formatDate(review) : 'Not recorded' },
              actions: change('needs', 'ehcNextAnnualReview-day', 'next annual review'),
            },
          ]
        : []),
      {
        key: { text: 'Current school' },
        value: { text: a['currentSchoolId'] ? (names.get(a['currentSchoolId']) ?? '') : 'Not recorded' },
        actions: change('circumstances', 'currentSchoolId', 'current school'),
      },
      {
        key: { text: 'Looked after' },
        value: { text: a['lookedAfter'] === 'yes' ? 'Yes' : 'No' },
        actions: change('circumstances', 'lookedAfter', 'looked after'),
      },
      {
        key: { text: 'Free school meals' },
        value: { text: a['freeSchoolMeals'] === 'yes' ? 'Yes' : 'No' },
        actions: change('circumstances', 'freeSchoolMeals', 'free school meals'),
      },
      {
        key: { text: 'Safeguarding' },
        value: { text: listOf(a['safeguardingFlags']).map(safeguardingLabel).join(', ') || 'None recorded' },
        actions: change('circumstances', 'safeguardingFlags', 'safeguarding'),
      },
      {
        key: { text: 'Contact' },
        value: {
          text: contact
            ? [
                a['contactName'],
                a['contactRelationship'],
                a['contactPhone'],
                a['contactEmail'],
                a['contactParentalResponsibility'] === 'yes' ? 'Has parental responsibility' : '',
              ]
                .filter(Boolean)
                .join(', ')
            : 'None recorded',
        },
        actions: change('contact', 'contactName', 'contact'),
      },
    ];
    return res.render('ap/pupil-check.njk', {
      title: 'Check your answers before recording the pupil',
      rows,
      asSchool: !!school,
      backHref: NEW_PUPIL.url('/ap/pupils/new/contact', id),
      checkHref: NEW_PUPIL.url(CHECK_PATH, id),
    });
  }

  private renderMatch(res: Response, match: PupilMatchView, values: Record<string, string>, errors: FieldError[]) {
    return res.render('ap/pupil-match.njk', {
      title: match.status === 'open' ? 'Are these records of the same child?' : 'This match request has been decided',
      match: matchRows(match),
      values,
      errors,
      decided: match.status === 'open' ? null : match.status === 'same_child' ? 'the same child' : 'different children',
      canResolve: this.context.ability.can('update', 'PupilMatch'),
    });
  }

  private officerLaIds(): string[] {
    return [
      ...new Set(
        this.context.principal.memberships
          .filter((m) => m.role === 'la_officer' && m.localAuthorityId)
          .map((m) => m.localAuthorityId!),
      ),
    ];
  }

  /** The LAs this user records pupils for as an officer, with names. */
  private async officerLas(): Promise<{ id: string; name: string }[]> {
    const ids = this.officerLaIds();
    const names = await this.organisationNames(ids);
    return ids.map((id) => ({ id, name: names.get(id) ?? '' })).sort((a, b) => a.name.localeCompare(b.name));
  }

  private async schools(): Promise<{ id: string; name: string }[]> {
    const tenantId = this.context.tenantId;
    return (await this.context.inTenant((m) =>
      m.query(
        `SELECT id, name FROM organisations WHERE tenant_id = $1 AND kind = 'school' AND status = 'active' ORDER BY name, id`,
        [tenantId],
      ),
    )) as { id: string; name: string }[];
  }

  /** Names of organisations of the partnership (every member may read them). */
  private async organisationNames(ids: string[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id)))];
    if (!wanted.length) return new Map();
    const tenantId = this.context.tenantId;
    const rows = (await this.context.inTenant((m) =>
      m.query(`SELECT id, name FROM organisations WHERE tenant_id = $1 AND id = ANY ($2::uuid[])`, [tenantId, wanted]),
    )) as {
      id: string;
      name: string;
    }[];
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}

/** A match request as the comparison table shows it. */
function matchRows(m: PupilMatchView) {
  const held = matchCells(m.pupil);
  const other = matchCells(m.other);
  return {
    id: m.id,
    upn: m.pupil.upn ?? '',
    kindText:
      m.kind === 'school_record'
        ? `${other.recordedBy} recorded a pupil with a UPN your local authority holds`
        : `${m.other.laName} recorded a pupil with a UPN your local authority holds`,
    rows: [
      [{ text: 'Name' }, { text: held.name }, { text: other.name }],
      [{ text: 'Date of birth' }, { text: held.dateOfBirth }, { text: other.dateOfBirth }],
      [{ text: 'UPN' }, { text: held.upn }, { text: other.upn }],
      [{ text: 'Current school' }, { text: held.school }, { text: other.school }],
      [{ text: 'Recorded by' }, { text: held.recordedBy }, { text: other.recordedBy }],
      [{ text: 'Home local authority' }, { text: held.la }, { text: other.la }],
    ],
    heldHref: `/ap/pupils/${m.pupil.pupilId}`,
    otherHref: m.other.shared ? `/ap/pupils/${m.other.pupilId}` : null,
  };
}
