import {
  ConflictException,
  Controller,
  Get,
  Param,
  Post,
  Query,
  Req,
  Res,
  ServiceUnavailableException,
  UseInterceptors,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Policy } from '@rep-hub/auth';
import {
  periodOf,
  previousPeriod,
  RETURN_EXPORT_TYPES,
  RETURN_STATUS_LABELS,
  returnCsv,
  returnFilename,
  ReturnSignOffService,
  ReturnsService,
  ReturnView,
  returnXlsx,
} from '@rep-hub/evaluation-domain';
import { FieldError, InvalidFieldsException, ProblemDetails, schoolToday } from '@rep-hub/platform';
import { formatDateTime, formFields, saveSession, WebRequest, WebViewInterceptor } from '@rep-hub/web-surface';
import type { Response } from 'express';

const STATUS_TAGS: Record<string, string> = {
  draft: 'govuk-tag--grey',
  la_signed_off: 'govuk-tag--blue',
  lead_signed_off: 'govuk-tag--turquoise',
  sent: 'govuk-tag--green',
  superseded: 'govuk-tag--yellow',
};
const tag = (s: string) =>
  `<strong class="govuk-tag ${STATUS_TAGS[s] ?? ''}">${RETURN_STATUS_LABELS[s as keyof typeof RETURN_STATUS_LABELS] ?? s}</strong>`;
const RAG_TAGS: Record<string, string> = {
  red: 'govuk-tag--red',
  amber: 'govuk-tag--orange',
  green: 'govuk-tag--green',
};
const versionOf = (v: string | undefined) => (/^\d+$/.test(v ?? '') ? Number(v) : undefined);
const figure = (f: ReturnView['figures'][number]) =>
  !f.present ? 'Missing' : f.value === null ? 'No value' : `${f.value}${f.unit === 'percentage' ? '%' : ''}`;
const lineageText = (l: ReturnView['figures'][number]['lineage']) =>
  l.kind === 'computed'
    ? `Computed by ${l.module} (query version ${l.queryVersion}) on ${formatDateTime(l.computedAt)}`
    : l.kind === 'submitted'
      ? `${l.uploadId ? `Uploaded (file SHA-256 ${l.uploadSha256 ?? ''})` : 'Entered by hand'} on ${formatDateTime(l.enteredAt)}`
      : 'Missing when the return was assembled';

/**
 * Evidence returns as pages (GOV.UK, no JavaScript needed): the partnership's returns by period,
 * starting one, and a return with its completeness and timeliness, the table of every indicator and
 * LA, each LA's sign-off (and the officer's own button), the lead's narrative, ratings and
 * exceptions, the lead's sign-off, sending with a confirmation page, a correction with its reason,
 * the downloads and, once sent, the snapshot's lineage. Each posts to the same services as the API.
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('evaluation/returns')
export class ReturnsPagesController {
  constructor(
    private readonly returns: ReturnsService,
    private readonly signOffs: ReturnSignOffService,
  ) {}

  @Policy('read', 'EvaluationReturn')
  @Get()
  async index(@Res() res: Response) {
    const items = await this.returns.list();
    const periods: { name: string; rows: unknown[] }[] = [];
    for (const r of items) {
      let p = periods.find((x) => x.name === r.periodName);
      if (!p) periods.push((p = { name: r.periodName, rows: [] }));
      p.rows.push([
        { html: `<a class="govuk-link" href="/evaluation/returns/${r.id}">Version ${r.returnVersion}</a>` },
        {
          html: r.assembling
            ? `${tag(r.status)} <strong class="govuk-tag govuk-tag--purple">Assembling</strong>`
            : tag(r.status),
        },
        { text: r.sentAt ? formatDateTime(r.sentAt) : 'Not sent' },
        { text: r.correctionReason ?? '' },
      ]);
    }
    return res.render('evaluation/returns.njk', { title: 'Evidence returns', periods, canCreate: this.canLead() });
  }

  private canLead(): boolean {
    try {
      this.returns.requireLead();
      return true;
    } catch {
      return false;
    }
  }

  @Policy('create', 'EvaluationReturn')
  @Get('new')
  async newReturn(@Res() res: Response) {
    return this.renderNew(res, {}, []);
  }

  @Policy('create', 'EvaluationReturn')
  @Post('new')
  async create(@Req() req: WebRequest, @Res() res: Response) {
    const values = formFields(req.body);
    try {
      const r = await this.returns.create({ period: values['period'] });
      req.session.flash = { heading: 'Return started', text: `${r.periodName}: its figures are being assembled.` };
      await saveSession(req);
      return res.redirect(303, `/evaluation/returns/${r.id}`);
    } catch (e) {
      if (e instanceof InvalidFieldsException) return this.renderNew(res.status(400), values, e.fieldErrors);
      if (e instanceof ConflictException)
        return this.renderNew(res.status(409), values, [
          { field: 'period', message: (e.getResponse() as ProblemDetails).detail ?? '' },
        ]);
      throw e;
    }
  }

  private renderNew(res: Response, values: Record<string, string>, errors: FieldError[]) {
    const periods = [];
    let p = periodOf(schoolToday());
    for (let i = 0; i < 6; i++, p = previousPeriod(p)) periods.push(p);
    return res.render('evaluation/return-new.njk', {
      title: 'Start an evidence return',
      errors,
      periods: periods.map((x) => ({ value: x.code, text: x.name, checked: values['period'] === x.code })),
    });
  }

  @Policy('read', 'EvaluationReturn')
  @Get(':returnId')
  async page(@Param('returnId') id: string, @Res() res: Response) {
    return this.render(res, await this.returns.get(id));
  }

  private async render(
    res: Response,
    v: ReturnView,
    opts: { errors?: FieldError[]; values?: Record<string, string>; conflict?: string } = {},
  ) {
    const moves = new Set(v.allowedMoves);
    const myLas = v.las.filter((l) => moves.has(`la-sign-off:${l.id}`));
    const owners = moves.has('ratings') ? await this.returns.owners() : [];
    const values = opts.values ?? {};
    const codes = v.indicators.map((i) => i.code);
    const rating = (code: string) => v.ratings.find((r) => r.indicatorCode === code);
    const lasAndPartnership = [
      ...v.las.map((l) => ({ id: l.id as string | null, name: l.name })),
      { id: null, name: 'Partnership' },
    ];
    return res.render('evaluation/return.njk', {
      title: `${v.periodName} evidence return`,
      v,
      errors: opts.errors ?? [],
      conflict: opts.conflict,
      statusTag: tag(v.status),
      moves: Object.fromEntries([...moves].map((m) => [m, true])),
      completeness: [
        ['Figures expected from the LAs', v.completeness.expected],
        ['Present', v.completeness.present],
        ['Missing', v.completeness.missing],
        ['On time', v.completeness.onTime],
        ['Late', v.completeness.late],
      ].map(([k, n]) => ({ key: { text: String(k) }, value: { text: String(n) } })),
      indicatorRows: v.indicators.map((i) => [
        { text: i.name },
        { text: i.source === 'computed' ? 'Computed' : 'Submitted' },
        { text: String(i.present), format: 'numeric' },
        { text: String(i.missing), format: 'numeric' },
        { text: String(i.onTime), format: 'numeric' },
        { text: String(i.late), format: 'numeric' },
      ]),
      figureHead: [{ text: 'Indicator' }, ...lasAndPartnership.map((l) => ({ text: l.name }))],
      figureRows: v.indicators.map((i) => [
        { text: i.name },
        ...lasAndPartnership.map((l) => {
          const f = v.figures.find((x) => x.indicatorCode === i.code && x.laId === l.id);
          if (!f) return { text: '–' };
          const late = f.present && !f.onTime;
          return { text: `${figure(f)}${late ? ' (late)' : ''}` };
        }),
      ]),
      laRows: v.las.map((l) => [
        { text: l.name },
        { text: `${l.present} present, ${l.missing} missing, ${l.late} late` },
        {
          text: l.signOff
            ? `Signed off by ${l.signOff.signedOffBy.name} on ${formatDateTime(l.signOff.signedOffAt)}${l.signOff.comment ? `: “${l.signOff.comment}”` : ''}`
            : 'Not signed off yet',
        },
      ]),
      myLas,
      narrative: values['narrative'] ?? v.narrative,
      ratingRows: v.ratings.map((r) => [
        { text: v.indicators.find((i) => i.code === r.indicatorCode)?.name ?? r.indicatorCode },
        { html: `<strong class="govuk-tag ${RAG_TAGS[r.rag]}">${r.rag.toUpperCase()}</strong>` },
        { text: r.exception ? `Exception, owned by ${r.ownerName ?? ''}` : '' },
        { text: r.commentary },
      ]),
      ratingForm: codes.map((code, i) => {
        const r = rating(code);
        const rag = values[`ratings-${i}-rag`] ?? r?.rag ?? '';
        const owner = values[`ratings-${i}-ownerUserId`] ?? r?.ownerUserId ?? '';
        return {
          i,
          code,
          name: v.indicators[i].name,
          rags: ['green', 'amber', 'red'].map((x) => ({
            value: x,
            text: x[0].toUpperCase() + x.slice(1),
            checked: rag === x,
          })),
          owners: [
            { value: '', text: 'No exception owner' },
            ...owners.map((o) => ({ value: o.id, text: o.name, selected: owner === o.id })),
          ],
          commentary: values[`ratings-${i}-commentary`] ?? r?.commentary ?? '',
        };
      }),
    });
  }

  /** Runs a move; on a problem shows the return again with it (400 field errors, 409 banner). */
  private async move(
    req: WebRequest,
    res: Response,
    id: string,
    work: (values: Record<string, string>) => Promise<ReturnView>,
    done: (v: ReturnView) => { heading: string; text?: string },
    fieldMap: (f: string) => string = (f) => f,
  ) {
    const values = formFields(req.body);
    try {
      const v = await work(values);
      req.session.flash = done(v);
      await saveSession(req);
      return res.redirect(303, `/evaluation/returns/${v.id}`);
    } catch (e) {
      if (e instanceof InvalidFieldsException)
        return this.render(res.status(400), await this.returns.get(id), {
          values,
          errors: e.fieldErrors.map((x) => ({ ...x, field: fieldMap(x.field) })),
        });
      if (e instanceof ConflictException || e instanceof ServiceUnavailableException)
        return this.render(res.status(e.getStatus()), await this.returns.get(id), {
          values,
          conflict: (e.getResponse() as ProblemDetails).detail ?? '',
        });
      throw e;
    }
  }

  @Policy('create', 'EvaluationReturnSignOff')
  @Post(':returnId/la-sign-off')
  laSignOff(@Param('returnId') id: string, @Req() req: WebRequest, @Res() res: Response) {
    return this.move(
      req,
      res,
      id,
      (x) =>
        this.signOffs.laSignOff(id, { laId: x['laId'], comment: x['comment'] ?? '', version: versionOf(x['version']) }),
      (v) => ({
        heading: 'Your local authority’s part is signed off',
        text:
          v.status === 'la_signed_off' ? 'Every local authority has signed off: the lead signs off next.' : undefined,
      }),
    );
  }

  @Policy('update', 'EvaluationReturn')
  @Post(':returnId/assemble')
  assemble(@Param('returnId') id: string, @Req() req: WebRequest, @Res() res: Response) {
    return this.move(
      req,
      res,
      id,
      (x) => this.returns.reassemble(id, { version: versionOf(x['version']) }),
      () => ({
        heading: 'The return is being assembled again',
        text: 'Each local authority signs off its part again.',
      }),
    );
  }

  @Policy('update', 'EvaluationReturn')
  @Post(':returnId/narrative')
  narrative(@Param('returnId') id: string, @Req() req: WebRequest, @Res() res: Response) {
    return this.move(
      req,
      res,
      id,
      (x) => this.returns.narrative(id, { narrative: x['narrative'] ?? '', version: versionOf(x['version']) }),
      () => ({ heading: 'Narrative saved' }),
    );
  }

  @Policy('update', 'EvaluationReturn')
  @Post(':returnId/ratings')
  ratings(@Param('returnId') id: string, @Req() req: WebRequest, @Res() res: Response) {
    // a row left without a RAG is not rated yet; the service numbers the ratings it is given,
    // so its field errors are mapped back to the form's rows
    const x = formFields(req.body);
    const rows: number[] = [];
    const ratings: { indicatorCode: string; rag: string; ownerUserId: string | null; commentary: string }[] = [];
    for (let i = 0; x[`ratings-${i}-code`] !== undefined; i++)
      if (x[`ratings-${i}-rag`]) {
        rows.push(i);
        ratings.push({
          indicatorCode: x[`ratings-${i}-code`],
          rag: x[`ratings-${i}-rag`],
          ownerUserId: x[`ratings-${i}-ownerUserId`] || null,
          commentary: x[`ratings-${i}-commentary`] ?? '',
        });
      }
    return this.move(
      req,
      res,
      id,
      () => this.returns.ratings(id, { ratings, version: versionOf(x['version']) }),
      () => ({ heading: 'Ratings saved' }),
      (f) => {
        const m = /^ratings\[(\d+)\]\.(\w+)$/.exec(f);
        return m ? `ratings-${rows[Number(m[1])] ?? m[1]}-${m[2]}` : f;
      },
    );
  }

  @Policy('update', 'EvaluationReturn')
  @Post(':returnId/lead-sign-off')
  leadSignOff(@Param('returnId') id: string, @Req() req: WebRequest, @Res() res: Response) {
    return this.move(
      req,
      res,
      id,
      (x) => this.signOffs.leadSignOff(id, { version: versionOf(x['version']) }),
      () => ({ heading: 'You have signed off the return', text: 'Send it when you are ready.' }),
    );
  }

  @Policy('update', 'EvaluationReturn')
  @Get(':returnId/send')
  async confirmSend(@Param('returnId') id: string, @Res() res: Response) {
    const v = await this.returns.get(id);
    return res.render('evaluation/return-send.njk', { title: `Send the ${v.periodName} evidence return`, v });
  }

  @Policy('update', 'EvaluationReturn')
  @Post(':returnId/send')
  send(@Param('returnId') id: string, @Req() req: WebRequest, @Res() res: Response) {
    return this.move(
      req,
      res,
      id,
      (x) => this.signOffs.send(id, { version: versionOf(x['version']) }),
      (v) => ({ heading: 'Return sent', text: `Its snapshot is frozen (SHA-256 ${v.snapshotSha256 ?? ''}).` }),
    );
  }

  @Policy('update', 'EvaluationReturn')
  @Post(':returnId/corrections')
  correct(@Param('returnId') id: string, @Req() req: WebRequest, @Res() res: Response) {
    return this.move(
      req,
      res,
      id,
      (x) => this.returns.correct(id, { reason: x['reason'] ?? '', version: versionOf(x['version']) }),
      (v) => ({
        heading: `Version ${v.returnVersion} started`,
        text: 'It is being assembled; the sent version stays until this one is sent.',
      }),
    );
  }

  @Policy('read', 'EvaluationReturn')
  @Get(':returnId/lineage')
  async lineage(@Param('returnId') id: string, @Res() res: Response) {
    const v = await this.returns.get(id);
    const snap = await this.returns.snapshot(id);
    const s = snap.snapshot as { figures: ReturnView['figures'] };
    return res.render('evaluation/return-lineage.njk', {
      title: `Lineage of the ${v.periodName} evidence return`,
      v,
      sha256: snap.sha256,
      frozenAt: snap.frozenAt,
      rows: s.figures.map((f) => [
        { text: f.indicatorName },
        { text: f.laId ? ((f as unknown as { laName: string | null }).laName ?? '') : 'Partnership' },
        { text: f.lineage.kind === 'missing' ? 'Missing' : f.value === null ? 'No value' : String(f.value) },
        { text: String(f.definitionVersion) },
        { text: lineageText(f.lineage) },
      ]),
    });
  }

  @Policy('read', 'EvaluationReturn')
  @Get(':returnId/export')
  async export(@Param('returnId') id: string, @Query('format') format: string, @Res() res: Response) {
    const v = await this.returns.get(id);
    const f = format === 'xlsx' ? 'xlsx' : 'csv';
    const body = f === 'xlsx' ? await returnXlsx(v) : Buffer.from(returnCsv(v), 'utf8');
    res.setHeader('Content-Type', RETURN_EXPORT_TYPES[f]);
    res.setHeader('Content-Disposition', `attachment; filename="${returnFilename(v, f)}"`);
    res.setHeader('Cache-Control', 'no-store');
    return res.send(body);
  }
}
