import { ConflictException, Controller, Get, Param, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Policy } from '@rep-hub/auth';
import {
  BOARD_PACK_STATUS_LABELS,
  BOARD_PACK_XLSX_TYPE,
  BoardPacksService,
  BoardPackStatus,
  BoardPackSummary,
} from '@rep-hub/national-domain';
import { FieldError, InvalidFieldsException, ProblemDetails } from '@rep-hub/platform';
import {
  dateInputItems,
  formatDate,
  formatDateTime,
  formFields,
  postedDate,
  saveSession,
  WebRequest,
  WebViewInterceptor,
} from '@rep-hub/web-surface';
import type { Response } from 'express';

const STATUS_TAGS: Record<BoardPackStatus, string> = {
  queued: 'govuk-tag--grey',
  building: 'govuk-tag--blue',
  ready: 'govuk-tag--green',
  failed: 'govuk-tag--red',
};
const tag = (s: BoardPackStatus) =>
  `<strong class="govuk-tag ${STATUS_TAGS[s]}">${BOARD_PACK_STATUS_LABELS[s]}</strong>`;
const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * Board packs as pages (GOV.UK, no JavaScript needed), for members of the National Board: the
 * packs by meeting with every version, asking for one (title, the meeting's date, the period),
 * and a pack's page, which shows the job's progress while it builds (with a Refresh link: no timed
 * refresh, which WCAG 2.2.1 forbids) and then offers the PDF and the XLSX. The same service as the API.
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('national/board-packs')
export class BoardPacksPagesController {
  constructor(private readonly packs: BoardPacksService) {}

  @Policy('read', 'BoardPack')
  @Get()
  async index(@Res() res: Response) {
    const items = await this.packs.list();
    const meetings: { heading: string; rows: unknown[] }[] = [];
    for (const p of items) {
      const heading = `${p.title}: meeting on ${formatDate(p.meetingDate)}`;
      let g = meetings.find((x) => x.heading === heading);
      if (!g) meetings.push((g = { heading, rows: [] }));
      g.rows.push(this.row(p));
    }
    return res.render('national/board-packs.njk', { title: 'Board packs', meetings });
  }

  private row(p: BoardPackSummary) {
    return [
      { html: `<a class="govuk-link" href="/national/board-packs/${p.id}">Version ${p.packVersion}</a>` },
      { text: p.periodName },
      { html: tag(p.status) },
      { text: `${formatDateTime(p.createdAt)} by ${p.requestedByName}` },
    ];
  }

  @Policy('create', 'BoardPack')
  @Get('new')
  async newPack(@Res() res: Response) {
    return this.renderNew(res, {}, []);
  }

  @Policy('create', 'BoardPack')
  @Post('new')
  async create(@Req() req: WebRequest, @Res() res: Response) {
    const values = formFields(req.body);
    const date = postedDate(values, 'meetingDate', 'The date of the meeting');
    try {
      const pack = await this.packs.request({
        title: values['title'],
        // a date that is not a real one is the date input's own error; blank is the service's
        meetingDate: date.error ? 'not-a-date' : (date.iso ?? ''),
        period: values['period'],
      });
      req.session.flash = {
        heading: 'Board pack queued',
        text: `${pack.title}, version ${pack.packVersion}: it is being built.`,
      };
      await saveSession(req);
      return res.redirect(303, `/national/board-packs/${pack.id}`);
    } catch (e) {
      if (e instanceof InvalidFieldsException) {
        const errors = e.fieldErrors.map((f) =>
          f.field === 'meetingDate' ? { field: 'meetingDate-day', message: date.error?.message ?? f.message } : f,
        );
        return this.renderNew(res.status(400), values, errors);
      }
      throw e;
    }
  }

  private async renderNew(res: Response, values: Record<string, string>, errors: FieldError[]) {
    const periods = await this.packs.periods();
    return res.render('national/board-pack-new.njk', {
      title: 'Make a board pack',
      errors,
      values,
      dates: {
        meetingDate: dateInputItems(
          'meetingDate',
          values,
          errors.some((e) => e.field === 'meetingDate-day'),
        ),
      },
      periods: periods.map((p, i) => ({
        value: p.code,
        text: p.name,
        checked: values['period'] ? values['period'] === p.code : i === 0,
      })),
    });
  }

  @Policy('read', 'BoardPack')
  @Get(':packId')
  async page(@Param('packId') id: string, @Res() res: Response) {
    const p = await this.packs.get(id);
    const running = p.status === 'queued' || p.status === 'building';
    return res.render('national/board-pack.njk', {
      title: `${p.title}, version ${p.packVersion}`,
      p,
      running,
      statusTag: tag(p.status),
      summary: [
        ['Meeting', formatDate(p.meetingDate)],
        ['Period', p.periodName],
        ['Version', String(p.packVersion)],
        ['Asked for', `${formatDateTime(p.createdAt)} by ${p.requestedByName}`],
        ...(p.finishedAt ? [[p.status === 'failed' ? 'Failed' : 'Ready', formatDateTime(p.finishedAt)]] : []),
      ].map(([k, v]) => ({ key: { text: k }, value: { text: v } })),
      releaseRows: p.releases.map((r) => [
        { text: r.partnershipName },
        { text: r.periodName },
        { text: String(r.version), format: 'numeric' },
        { text: formatDateTime(r.publishedAt) },
      ]),
      progressHtml: `<progress aria-label="How far the build has got" max="100" value="${p.progress}">${p.progress}%</progress> ${p.progress}%${p.progressText ? `: ${esc(p.progressText)}` : ''}`,
      canRebuild: !running,
      dataSets: [
        { key: 'pdf', text: 'Download the PDF' },
        { key: 'xlsx', text: 'Download the spreadsheet (XLSX)' },
      ],
    });
  }

  @Policy('create', 'BoardPack')
  @Post(':packId/rebuild')
  async rebuild(@Param('packId') id: string, @Req() req: WebRequest, @Res() res: Response) {
    try {
      const pack = await this.packs.rebuild(id);
      req.session.flash = {
        heading: 'Board pack queued again',
        text: `Version ${pack.packVersion} is being built from the same releases.`,
      };
      await saveSession(req);
      return res.redirect(303, `/national/board-packs/${pack.id}`);
    } catch (e) {
      if (e instanceof ConflictException) {
        req.session.flash = { heading: 'Not built again', text: (e.getResponse() as ProblemDetails).detail ?? '' };
        await saveSession(req);
        return res.redirect(303, `/national/board-packs/${id}`);
      }
      throw e;
    }
  }

  @Policy('read', 'BoardPack')
  @Get(':packId/pdf')
  async pdf(@Param('packId') id: string, @Res() res: Response) {
    return this.download(id, 'pdf', 'application/pdf', res);
  }

  @Policy('read', 'BoardPack')
  @Get(':packId/xlsx')
  async xlsx(@Param('packId') id: string, @Res() res: Response) {
    return this.download(id, 'xlsx', BOARD_PACK_XLSX_TYPE, res);
  }

  private async download(id: string, format: 'pdf' | 'xlsx', type: string, res: Response) {
    const f = await this.packs.file(id, format);
    res.setHeader('Content-Type', type);
    res.setHeader('Content-Disposition', `attachment; filename="${f.filename}"`);
    res.setHeader('Cache-Control', 'no-store');
    return res.send(f.body);
  }
}
