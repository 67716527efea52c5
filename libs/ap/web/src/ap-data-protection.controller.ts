import { upnReasonLabel } from './ap-pupils-view';
import { Controller, ForbiddenException, Get, Param, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  ApRetentionService,
  LaRetentionView,
  RetentionRuleView,
  SubjectAccessCandidate,
  SubjectAccessService,
  subjectAccessPdf,
} from '@rep-hub/ap-domain';
import { AuthContext, Policy } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, problem } from '@rep-hub/platform';
import type { Response } from 'express';
import {
  dateInputItems,
  formatDate,
  months,
  formFields,
  postedDate,
  saveSession,
  WebRequest,
  WebViewInterceptor,
} from '@rep-hub/web-surface';

const ACTION_LABELS: Record<string, string> = { delete: 'Delete', anonymise: 'Anonymise' };

/**
 * Data protection pages: the DPO's subject access requests (find the pupil's records, see what is
 * held, download the draft as JSON or PDF), and each LA's retention rules with their edit forms.
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('ap')
export class ApDataProtectionController {
  constructor(
    private readonly subjectAccess: SubjectAccessService,
    private readonly retention: ApRetentionService,
    private readonly context: AuthContext,
  ) {}

  // ---- subject access ----

  @Policy('read', 'PupilSubjectAccess')
  @Get('subject-access')
  async search(@Query() query: Record<string, unknown>, @Res() res: Response) {
    const values = formFields(query);
    const asked = ['upn', 'familyName', 'dateOfBirth-day', 'dateOfBirth-month', 'dateOfBirth-year'].some(
      (k) => values[k],
    );
    let results: SubjectAccessCandidate[] | null = null;
    let elsewhere: { laId: string; laName: string }[] = [];
    let errors: FieldError[] = [];
    if (asked) {
      const dob = postedDate(values, 'dateOfBirth', 'Date of birth');
      try {
        if (!values['upn'] && dob.error) throw new InvalidFieldsException([dob.error]);
        const found = await this.subjectAccess.search({
          upn: values['upn'],
          familyName: values['familyName'],
          dateOfBirth: dob.iso,
        });
        results = found.items;
        elsewhere = found.heldByOtherLas;
      } catch (error) {
        if (!(error instanceof InvalidFieldsException)) throw error;
        errors = error.fieldErrors.map((e) =>
          e.field === 'dateOfBirth' ? { ...e, field: 'dateOfBirth-day', message: 'Enter the date of birth' } : e,
        );
      }
    }
    return res.status(errors.length ? 400 : 200).render('ap/subject-access-search.njk', {
      title: 'Subject access requests',
      values,
      errors,
      dobItems: dateInputItems(
        'dateOfBirth',
        values,
        errors.some((e) => e.field === 'dateOfBirth-day'),
      ),
      results: results?.map((r) => ({ ...r, dobText: formatDate(r.dateOfBirth) })) ?? null,
      elsewhere,
    });
  }

  @Policy('read', 'PupilSubjectAccess')
  @Get('subject-access/:pupilId')
  async held(@Param('pupilId') pupilId: string, @Res() res: Response) {
    const data = await this.subjectAccess.export(pupilId, 'page');
    const pupil = data.pupil;
    const count = (k: 'reviews' | 'followUps' | 'alerts') => data.cases.reduce((n, c) => n + c[k].length, 0);
    return res.render('ap/subject-access-pupil.njk', {
      title: `Subject access: ${String(pupil['givenName'])} ${String(pupil['familyName'])}`,
      pupilId,
      notice: data.notice,
      controller: data.controller.name,
      rows: [
        ['Name', `${String(pupil['givenName'])} ${String(pupil['familyName'])}`],
        ['Date of birth', formatDate(pupil['dateOfBirth'] as string)],
        ['UPN', (pupil['upn'] as string | null) ?? `Not known: ${upnReasonLabel(String(pupil['upnUnknownReason']))}`],
        ['Recorded by', String(pupil['recordedBy'])],
        ['Data controller', data.controller.name],
        [
          'Shared under agreements',
          data.sharing.length
            ? data.sharing.map((a) => `${a.title} (with ${a.otherParties.map((o) => o.name).join(', ')})`).join('; ')
            : 'None in force',
        ],
        ['Cases', String(data.cases.length)],
        ['Timeline entries', String(data.cases.reduce((n, c) => n + c.timeline.length, 0))],
        ['Reviews', String(count('reviews'))],
        ['Follow-ups', String(count('followUps'))],
        ['Alerts', String(count('alerts'))],
        ['Attendance sessions', String(data.attendance.length)],
        ['UPN match requests', String(data.matchRequests.length)],
        ['Audit trail entries', String(data.auditTrail.length)],
      ].map(([k, v]) => ({ key: { text: k }, value: { text: v } })),
    });
  }

  @Policy('read', 'PupilSubjectAccess')
  @Get('subject-access/:pupilId/draft.json')
  async json(@Param('pupilId') pupilId: string, @Res() res: Response) {
    const data = await this.subjectAccess.export(pupilId, 'json');
    res.setHeader('Content-Disposition', `attachment; filename="subject-access-draft-${pupilId}.json"`);
    res.setHeader('Cache-Control', 'no-store');
    return res.type('application/json').send(JSON.stringify(data, null, 2));
  }

  @Policy('read', 'PupilSubjectAccess')
  @Get('subject-access/:pupilId/draft.pdf')
  async pdf(@Param('pupilId') pupilId: string, @Res() res: Response) {
    const body = await subjectAccessPdf(await this.subjectAccess.export(pupilId, 'pdf'));
    res.setHeader('Content-Disposition', `attachment; filename="subject-access-draft-${pupilId}.pdf"`);
    res.setHeader('Cache-Control', 'no-store');
    return res.type('application/pdf').send(body);
  }

  // ---- retention ----

  @Policy('read', 'ApRetentionRule')
  @Get('retention')
  async rules(@Res() res: Response) {
    const las = await this.retention.list();
    return res.render('ap/retention.njk', {
      title: 'Retention of AP records',
      las: las.map((la) => ({
        ...la,
        canChange: this.retention.canChange(la.laId),
        rows: la.rules.map((r) => this.ruleRow(la, r)),
      })),
    });
  }

  @Policy('update', 'ApRetentionRule')
  @Get('retention/:laId/:recordType')
  async rulePage(@Param('laId') laId: string, @Param('recordType') recordType: string, @Res() res: Response) {
    const found = await this.retention.get(laId, recordType);
    this.assertCanChange(laId);
    return this.renderRule(
      res,
      found,
      { retainMonths: String(found.rule.retainMonths), action: found.rule.action, version: String(found.rule.version) },
      [],
    );
  }

  @Policy('update', 'ApRetentionRule')
  @Post('retention/:laId/:recordType')
  async setRule(
    @Param('laId') laId: string,
    @Param('recordType') recordType: string,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const values = formFields(req.body);
    let saved: RetentionRuleView;
    try {
      saved = await this.retention.put(laId, recordType, {
        retainMonths: values['retainMonths'] ?? '',
        action: values['action'] ?? '',
        version: values['version'] ?? '',
      });
    } catch (error) {
      if (!(error instanceof InvalidFieldsException)) throw error;
      const found = await this.retention.get(laId, recordType);
      return this.renderRule(
        res.status(400),
        found,
        values,
        error.fieldErrors.filter((e) => e.field !== 'version'),
      );
    }
    const found = await this.retention.get(laId, recordType);
    req.session.flash = {
      heading: `${found.laName}: ${saved.label.toLowerCase()} rule saved`,
      text: `${ACTION_LABELS[saved.action]} after ${months(saved.retainMonths)}.`,
    };
    await saveSession(req);
    return res.redirect(303, '/ap/retention');
  }

  private ruleRow(la: LaRetentionView, r: RetentionRuleView) {
    return {
      ...r,
      actionText: ACTION_LABELS[r.action],
      sourceText: r.source === 'la' ? `${la.laName}’s own rule` : 'Default (provisional)',
      href: `/ap/retention/${la.laId}/${r.recordType}`,
    };
  }

  private assertCanChange(laId: string): void {
    if (!this.retention.canChange(laId))
      throw new ForbiddenException(
        problem(403, 'Only the partnership lead or the local authority’s own officers set its retention rules.'),
      );
  }

  private renderRule(
    res: Response,
    found: LaRetentionView & { rule: RetentionRuleView },
    values: Record<string, string>,
    errors: FieldError[],
  ) {
    const r = found.rule;
    return res.render('ap/retention-form.njk', {
      title: `${found.laName}: ${r.label.toLowerCase()}`,
      la: found,
      rule: r,
      values,
      errors,
      actionItems: r.allowedActions.map((a) => ({
        value: a,
        text: ACTION_LABELS[a],
        checked: values['action'] === a,
        hint: {
          text:
            a === 'delete'
              ? 'The records are removed.'
              : 'Names, identifiers and free text are removed; dates, codes and counts stay for the measures.',
        },
      })),
    });
  }
}
