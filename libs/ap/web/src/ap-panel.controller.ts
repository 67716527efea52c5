import { Controller, ForbiddenException, Get, Param, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { subject } from '@casl/ability';
import { ApSettingsService, CaseListItem, CasesService, LaSettingsView, apProviderIds } from '@rep-hub/ap-domain';
import { AuthContext, Policy } from '@rep-hub/auth';
import {
  decodeCursor,
  encodeCursor,
  FieldError,
  InvalidFieldsException,
  problem,
  schoolToday,
} from '@rep-hub/platform';
import type { Response } from 'express';
import {
  caseRow,
  caseStatusTag,
  pageFieldError,
  reasonLabel,
  routeLabel,
  senProvisionLabel,
  urgencyRank,
} from './ap-case-view';
import { tierShort } from './ap-view';
import {
  dateInputItems,
  dateParts,
  formatDate,
  formatDay,
  formFields,
  oneEach,
  plural,
  postedDate,
  saveSession,
  takeSavedForm,
  WebRequest,
  WebViewInterceptor,
} from '@rep-hub/web-surface';

const TRAY_SIZE = 100;
const LIST_SIZE = 100;
const SUMMARY_SIZE = 50;
const SETTINGS_FIELDS = [
  'panelFirstDate-day',
  'panelCadenceDays',
  'tier2Weeks',
  'virtualSchoolEmail',
  'firstReviewWeeks',
  'reviewCadenceWeeks',
  'followUpWeeks',
  'attendanceDueDays',
  'unexplainedAbsenceSessions',
  'safeguardingEmail',
];
/** The clocks' fields of the form (issue 7), as text. */
const CLOCK_FIELDS = [
  'firstReviewWeeks',
  'reviewCadenceWeeks',
  'attendanceDueDays',
  'unexplainedAbsenceSessions',
  'safeguardingEmail',
  'followUpWeeks',
] as const;

/** A timestamp's date in England (the school day it fell on). */
const londonDate = (iso: string) => schoolToday(new Date(iso));
const daysBetween = (from: string, to: string) =>
  Math.max(0, Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000));
const daysText = (n: number) => (n === 0 ? 'Since today' : plural(n, 'day'));

const cursorOf = (after: unknown) =>
  typeof after === 'string' && after !== '' ? decodeCursor(after, 'The page link is not one from this list.') : null;

/**
 * The AP pages around the cases: the panel's work tray (LA officers), the provider's offers and
 * placements, the partnership lead's pseudonymised picture, and each LA's AP practice (panel
 * dates and cadence, tier 2 length, virtual school contact).
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('ap')
export class ApPanelController {
  constructor(
    private readonly cases: CasesService,
    private readonly settings: ApSettingsService,
    private readonly context: AuthContext,
  ) {}

  /** The LAs the user is an officer of. */
  private get officerLas(): string[] {
    return [
      ...new Set(
        this.context.principal.memberships
          .filter((m) => m.role === 'la_officer' && m.localAuthorityId)
          .map((m) => m.localAuthorityId!),
      ),
    ];
  }

  // ---- the panel's work tray ----

  @Policy('read', 'ApCase')
  @Get('panel')
  async panel(@Query('after') after: unknown, @Res() res: Response) {
    const own = this.officerLas;
    if (!own.length)
      throw new ForbiddenException(problem(403, 'The panel’s work tray is for local authority officers.'));
    const cursor = cursorOf(after);
    const page = await this.cases.list({
      stage: 'panel',
      sort: 'panel',
      laId: own.length === 1 ? own[0] : undefined,
      after: cursor,
      limit: TRAY_SIZE,
    });
    const sixthDays = await this.cases.sixthDays(page.items.map((c) => c.id));
    const today = schoolToday();
    const las = (await this.settings.list()).filter((s) => own.includes(s.laId));
    const groups = new Map<string, CaseListItem[]>();
    for (const c of page.items) {
      const key = c.panelDate ?? '';
      groups.set(key, [...(groups.get(key) ?? []), c]);
    }
    return res.render('ap/case-panel.njk', {
      title: 'AP panel',
      las: las.map((s) => ({
        laId: s.laId,
        laName: s.laName,
        dates: s.nextPanelDates.map(formatDate),
        cadence: s.panelCadenceDays,
        canChange: this.context.ability.can(
          'update',
          subject('ApLaSettings', { tenantId: this.context.tenantId, laId: s.laId }) as never,
        ),
      })),
      groups: [...groups.entries()].map(([date, items]) => ({
        id: date ? `panel-${date}` : 'panel-none',
        heading: date ? `Panel on ${formatDate(date)}` : 'Not triaged yet: no panel date',
        rows: [...items]
          .sort((a, b) => urgencyRank(a.urgency) - urgencyRank(b.urgency) || a.createdAt.localeCompare(b.createdAt))
          .map((c) => {
            const sixth = sixthDays.get(c.id);
            return {
              ...caseRow(c),
              waitedText: daysText(daysBetween(londonDate(c.createdAt), today)),
              sixthDayText: sixth
                ? `${formatDate(sixth)}${sixth < today ? ' (passed)' : sixth === today ? ' (today)' : ''}`
                : 'None',
            };
          }),
      })),
      nextHref: page.more && page.last ? `/ap/panel?after=${encodeCursor(page.last)}` : null,
      firstHref: cursor ? '/ap/panel' : null,
    });
  }

  // ---- the provider's offers and placements ----

  @Policy('read', 'ApCase')
  @Get('placements')
  async placements(@Res() res: Response) {
    if (!apProviderIds(this.context.principal).length)
      throw new ForbiddenException(
        problem(403, 'Current placements are for the staff of an AP provider in the directory.'),
      );
    const offers = await this.cases.list({ status: 'offered', sort: 'oldest', limit: LIST_SIZE });
    const placements = await this.cases.list({ stage: 'placements', sort: 'oldest', limit: LIST_SIZE });
    return res.render('ap/case-placements.njk', {
      title: 'Offers and placements',
      offers: offers.items.map(caseRow),
      moreOffers: offers.more,
      placements: placements.items.map(caseRow),
      morePlacements: placements.more,
    });
  }

  // ---- the partnership lead's picture ----

  @Policy('read', 'ApCaseSummary')
  @Get('case-summaries')
  async summaries(@Query('after') after: unknown, @Res() res: Response) {
    const cursor = cursorOf(after);
    const page = await this.cases.summaries({ after: cursor, limit: SUMMARY_SIZE });
    return res.render('ap/case-summaries.njk', {
      title: 'Your partnership’s AP cases',
      sharing: page.sharingLaIds.length > 0,
      items: page.items.map((s) => ({
        reference: s.reference,
        pseudonym: s.pupilPseudonym,
        laName: s.laName,
        route: routeLabel(s.route),
        tag: caseStatusTag(s.status),
        reason: reasonLabel(s.reason),
        tier: tierShort(s.tier ?? s.requestedTier),
        providerName: s.providerName ?? '',
        sen: senProvisionLabel(s.senProvision),
        lookedAfter: s.lookedAfter ? 'Yes' : 'No',
        freeSchoolMeals: s.freeSchoolMeals ? 'Yes' : 'No',
        opened: formatDay(s.createdAt),
      })),
      nextHref: page.more && page.last ? `/ap/case-summaries?after=${encodeCursor(page.last)}` : null,
      firstHref: cursor ? '/ap/case-summaries' : null,
    });
  }

  // ---- each LA's AP practice ----

  @Policy('read', 'ApLaSettings')
  @Get('la-settings')
  async practice(@Res() res: Response) {
    const all = await this.settings.list();
    return res.render('ap/case-la-settings.njk', {
      title: 'Local authorities’ AP practice',
      las: all.map((s) => ({
        ...s,
        firstText: formatDate(s.panelFirstDate),
        datesText: s.nextPanelDates.slice(0, 3).map(formatDate).join(', '),
        canChange: this.canChange(s.laId),
      })),
    });
  }

  @Policy('update', 'ApLaSettings')
  @Get('la-settings/:laId')
  async practicePage(@Param('laId') laId: string, @Req() req: WebRequest, @Res() res: Response) {
    const s = await this.settings.get(laId);
    this.assertCanChange(laId);
    const values = takeSavedForm(req, this.context.principal) ?? {
      ...dateParts('panelFirstDate', s.panelFirstDate),
      panelCadenceDays: String(s.panelCadenceDays),
      tier2Weeks: String(s.tier2Weeks),
      virtualSchoolEmail: s.virtualSchoolEmail ?? '',
      firstReviewWeeks: String(s.firstReviewWeeks),
      reviewCadenceWeeks: String(s.reviewCadenceWeeks),
      attendanceDueDays: String(s.attendanceDueDays),
      unexplainedAbsenceSessions: String(s.unexplainedAbsenceSessions),
      safeguardingEmail: s.safeguardingEmail ?? '',
      followUpWeeks: s.followUpWeeks.join(', '),
      version: String(s.version),
    };
    return this.renderPractice(res, s, values, []);
  }

  @Policy('update', 'ApLaSettings')
  @Post('la-settings/:laId')
  async setPractice(@Param('laId') laId: string, @Req() req: WebRequest, @Res() res: Response) {
    const values = formFields(req.body);
    const first = postedDate(values, 'panelFirstDate', 'The first panel date');
    let saved: LaSettingsView;
    try {
      if (first.error) throw new InvalidFieldsException([first.error]);
      saved = await this.settings.put(laId, {
        panelFirstDate: first.iso ?? '',
        panelCadenceDays: values['panelCadenceDays'] ?? '',
        tier2Weeks: values['tier2Weeks'] ?? '',
        virtualSchoolEmail: values['virtualSchoolEmail'] ?? '',
        ...Object.fromEntries(CLOCK_FIELDS.map((f) => [f, values[f] ?? ''])),
        version: values['version'] ?? '',
      });
    } catch (error) {
      if (!(error instanceof InvalidFieldsException)) throw error;
      const s = await this.settings.get(laId);
      const errors = error.fieldErrors.map((e) => pageFieldError(e));
      const at = (f: string) => (SETTINGS_FIELDS.includes(f) ? SETTINGS_FIELDS.indexOf(f) : SETTINGS_FIELDS.length);
      return this.renderPractice(res.status(400), s, values, oneEach(errors.sort((a, b) => at(a.field) - at(b.field))));
    }
    req.session.flash = {
      heading: `${saved.laName}’s AP practice saved`,
      text: saved.nextPanelDates.length
        ? `The next panel is on ${formatDate(saved.nextPanelDates[0])}.`
        : 'No panel dates are set.',
    };
    await saveSession(req);
    return res.redirect(303, '/ap/la-settings');
  }

  private canChange(laId: string): boolean {
    return this.context.ability.can(
      'update',
      subject('ApLaSettings', { tenantId: this.context.tenantId, laId }) as never,
    );
  }

  private assertCanChange(laId: string): void {
    if (!this.canChange(laId))
      throw new ForbiddenException(problem(403, 'You can set the AP practice of your own local authority only.'));
  }

  private renderPractice(res: Response, s: LaSettingsView, values: Record<string, string>, errors: FieldError[]) {
    return res.render('ap/case-la-settings-form.njk', {
      title: `${s.laName}: AP practice`,
      s,
      values,
      errors,
      firstItems: dateInputItems(
        'panelFirstDate',
        values,
        errors.some((e) => e.field === 'panelFirstDate-day'),
      ),
      nextDates: s.nextPanelDates.map(formatDate),
    });
  }
}
