import { ConflictException, Controller, Get, Param, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  ALERT_DECISION_LABELS,
  ALERT_KIND_LABELS,
  ALERT_KINDS,
  AlertDecision,
  AlertDecisionInput,
  AlertsService,
  AlertView,
} from '@rep-hub/ap-domain';
import { Policy } from '@rep-hub/auth';
import {
  decodeCursor,
  encodeCursor,
  FieldError,
  fieldErrorsOf,
  InvalidFieldsException,
  ProblemDetails,
} from '@rep-hub/platform';
import type { Response } from 'express';
import { formatDate, formatDay, formFields, saveSession, WebRequest, WebViewInterceptor } from '@rep-hub/web-surface';

const PAGE_SIZE = 25;

const DECISION_HINTS: Record<AlertDecision, string> = {
  noted: 'You have seen the alert and nothing more is needed',
  action_taken: 'Say what was done in the note',
  cme_referral_made:
    'You referred the child to the children missing education team. REP Hub records your decision; it does not make the referral',
  cme_referral_not_needed: 'You decided that no children-missing-education referral is needed. Say why in the note',
};

const dateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** An alert as a table row or a summary: plain text, no child's name (the case page has it). */
const alertRow = (a: AlertView) => ({
  id: a.id,
  label: a.label,
  summary: a.summary,
  caseId: a.caseId,
  caseReference: a.caseReference,
  laName: a.laName,
  providerName: a.providerName ?? '',
  raisedOn: formatDay(a.raisedAt),
  status: a.status,
});

/**
 * The AP clocks' alerts as pages: the user's open alerts (filter by kind, newest first, each
 * linking to its case), and one alert with its details and, for those who may close it, the
 * decision form (radios and a note; posted with the alert's version; errors on the same page).
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('ap/alerts')
export class ApAlertsPagesController {
  constructor(private readonly alerts: AlertsService) {}

  @Policy('read', 'ApAlert')
  @Get()
  async list(@Query('kind') kindQ: unknown, @Query('after') after: unknown, @Res() res: Response) {
    const kind = typeof kindQ === 'string' && (ALERT_KINDS as readonly string[]).includes(kindQ) ? kindQ : undefined;
    const cursor =
      typeof after === 'string' && after !== ''
        ? decodeCursor(after, 'The page link is not one from this list.')
        : null;
    const page = await this.alerts.list({ status: 'open', kind, after: cursor, limit: PAGE_SIZE });
    const query = new URLSearchParams();
    if (kind) query.set('kind', kind);
    const firstHref = `/ap/alerts${query.toString() ? `?${query.toString()}` : ''}`;
    if (page.more && page.last) query.set('after', encodeCursor(page.last));
    return res.render('ap/alerts.njk', {
      title: 'AP alerts',
      alerts: page.items.map(alertRow),
      kind,
      kinds: ALERT_KINDS.map((k) => ({ value: k, text: ALERT_KIND_LABELS[k] })),
      nextHref: page.more && page.last ? `/ap/alerts?${query.toString()}` : null,
      firstHref: cursor ? firstHref : null,
    });
  }

  @Policy('read', 'ApAlert')
  @Get(':alertId')
  async show(@Param('alertId') alertId: string, @Res() res: Response) {
    const a = await this.alerts.get(alertId);
    return this.render(res, a, { version: String(a.version) }, []);
  }

  @Policy('update', 'ApAlert')
  @Post(':alertId')
  async close(@Param('alertId') alertId: string, @Req() req: WebRequest, @Res() res: Response) {
    const values = formFields(req.body);
    // the API's rules and messages for the decision (CloseAlertDto extends AlertDecisionInput)
    const errors = fieldErrorsOf(AlertDecisionInput, { decision: values['decision'] ?? '', note: values['note'] });
    if (errors.length) return this.render(res.status(400), await this.alerts.get(alertId), values, errors);
    let closed: AlertView;
    try {
      closed = await this.alerts.close(alertId, {
        decision: values['decision'],
        note: values['note'],
        version: values['version'],
      });
    } catch (error) {
      if (error instanceof ConflictException) {
        const p = error.getResponse() as ProblemDetails;
        return this.render(
          res.status(409),
          await this.alerts.get(alertId),
          { version: '' },
          [],
          p.detail ?? 'Someone may have changed the alert while you were working on it.',
        );
      }
      if (error instanceof InvalidFieldsException) {
        // a stale or missing version is the page's own problem: show it as a conflict
        const mapped = error.fieldErrors.filter((e) => e.field !== 'version');
        if (!mapped.length)
          return this.render(
            res.status(409),
            await this.alerts.get(alertId),
            { version: '' },
            [],
            'Open the alert again and record your decision.',
          );
        return this.render(res.status(400), await this.alerts.get(alertId), values, mapped);
      }
      throw error;
    }
    req.session.flash = {
      heading: 'Alert closed',
      text: `${closed.label} on ${closed.caseReference}: ${ALERT_DECISION_LABELS[closed.decision!].toLowerCase()}.`,
    };
    await saveSession(req);
    return res.redirect(303, `/ap/alerts/${closed.id}`);
  }

  private render(res: Response, a: AlertView, values: Record<string, string>, errors: FieldError[], conflict?: string) {
    const order = ['decision', 'note'];
    return res.render('ap/alert.njk', {
      title: a.label,
      a: alertRow(a),
      conflict,
      details: this.detailRows(a),
      decision: a.decision
        ? {
            text: ALERT_DECISION_LABELS[a.decision],
            note: a.decisionNote,
            by: a.closedBy?.name ?? '',
            on: a.closedAt ? dateTime.format(new Date(a.closedAt)) : '',
          }
        : null,
      decisions: a.allowedDecisions.map((d) => ({
        value: d,
        text: ALERT_DECISION_LABELS[d],
        hint: { text: DECISION_HINTS[d] },
        checked: values['decision'] === d,
      })),
      // a page shown again keeps the version first seen: a change in between still answers 409
      version: values['version'] || String(a.version),
      values,
      errors: [...errors].sort((x, y) => order.indexOf(x.field) - order.indexOf(y.field)),
      cmeKinds: a.allowedDecisions.includes('cme_referral_made'),
    });
  }

  /** The alert's numbers and dates, as summary list rows. */
  private detailRows(a: AlertView): { key: { text: string }; value: { text: string } }[] {
    const d = a.details;
    const rows: [string, unknown][] = [
      ['What happened', a.summary],
      ['Raised on', formatDay(a.raisedAt)],
      ['Case', a.caseReference],
      ['Local authority', a.laName],
      ['Provider', a.providerName ?? ''],
    ];
    if (d['plannedEnd']) rows.push(['Planned end', formatDate(String(d['plannedEnd']))]);
    if (d['dueOn']) rows.push(['Due on', formatDate(String(d['dueOn']))]);
    if (d['earliestMissing'])
      rows.push(
        ['Attendance missing from', formatDate(String(d['earliestMissing']))],
        ['Sessions missing', d['missingSessions']],
      );
    if (d['possible'] !== undefined)
      rows.push(
        ['Possible sessions', d['possible']],
        ['Sessions missed', d['missed']],
        ['Percentage missed', `${String(d['percent'])}%`],
      );
    if (d['sessions'] !== undefined)
      rows.push(['Unexplained sessions (N or O)', d['sessions']], ['Alert level', d['threshold']]);
    return rows
      .filter(([, v]) => v !== '' && v !== undefined && v !== null)
      .map(([k, v]) => ({ key: { text: k }, value: { text: String(v) } }));
  }
}
