import {
  ArgumentsHost,
  Catch,
  ConflictException,
  Controller,
  ExceptionFilter,
  ForbiddenException,
  Get,
  NotFoundException,
  Param,
  PayloadTooLargeException,
  Post,
  Query,
  Req,
  Res,
  UploadedFile,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  AttendanceService,
  ProviderAttendanceService,
  AttendanceRegisterView,
  AttendanceView,
  MAX_ATTENDANCE_FILE_BYTES,
} from '@rep-hub/ap-domain';
import { Policy } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, ProblemDetails } from '@rep-hub/platform';
import { attendanceCodes, toIsoDate } from '@rep-hub/reference';
import type { Response } from 'express';
import {
  dateInputItems,
  dateParts,
  formatDate,
  formatDateTime,
  formFields,
  keepForPage,
  oneEach,
  postedDate,
  saveSession,
  takeForPage,
  WebRequest,
  WebViewInterceptor,
} from '@rep-hub/web-surface';

/** How many recorded days the placement page shows. */
const RECENT_DAYS = 30;
/** How many row errors of a file the page lists (the API names them all). */
const ROW_ERRORS_SHOWN = 200;
const RECORD_FIELDS = ['date-day', 'am', 'amNote', 'pm', 'pmNote'];
const HALVES = {
  AM: { code: 'am', note: 'amNote', name: 'morning' },
  PM: { code: 'pm', note: 'pmNote', name: 'afternoon' },
} as const;

interface UploadedAttendanceFile {
  buffer: Buffer;
  originalname: string;
}

/** A file over the limit is stopped while it streams in: back to the upload page, which says so. */
@Catch(PayloadTooLargeException)
export class AttendanceUploadTooLargeFilter implements ExceptionFilter {
  catch(_error: PayloadTooLargeException, host: ArgumentsHost): void {
    host.switchToHttp().getResponse<Response>().redirect(303, '/ap/attendance?problem=too-large');
  }
}

const inOrder = (errors: FieldError[], fields: readonly string[]) => {
  const at = (f: string) => (fields.includes(f) ? fields.indexOf(f) : fields.length);
  return oneEach([...errors].sort((a, b) => at(a.field) - at(b.field)));
};

/** The present code of the other session: "/" is the morning's mark, "\\" the afternoon's. */
const OTHER_SESSION_MARK = { AM: '\\', PM: '/' } as const;

/**
 * The codes in force on a date for one session as select items, with "not recorded" first (left
 * out when the session is recorded already: a recorded session is changed, never cleared, here).
 * The morning's list does not offer the afternoon's present mark, nor the afternoon's the morning's.
 */
const codeItems = (session: 'AM' | 'PM', selected: string | undefined, onDate = toIsoDate(), recorded = false) => [
  ...(recorded ? [] : [{ value: '', text: 'Not recorded' }]),
  ...attendanceCodes(onDate)
    .filter((c) => c.code !== OTHER_SESSION_MARK[session])
    .map((c) => ({
      value: c.code,
      text: `${c.code} – ${c.label}`,
      selected: selected === c.code,
    })),
];

/**
 * Attendance as pages: a placement's sessions and summary (LA officers, the school, the provider),
 * with a form to record a day for the provider; the provider's attendance page with its current
 * placements, the file upload (CSV or XLSX, all or nothing) and the templates.
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('ap')
export class ApAttendanceController {
  constructor(
    private readonly attendance: AttendanceService,
    private readonly providerAttendance: ProviderAttendanceService,
  ) {}

  // ---- the provider's attendance page ----

  @Policy('create', 'ApAttendance')
  @Get('attendance')
  async hub(@Query('problem') problemQ: unknown, @Req() req: WebRequest, @Res() res: Response) {
    const kept = takeForPage<KeptUpload>(req);
    if (kept) return this.renderHub(res.status(400), kept.values, kept.errors, kept.rowErrors, kept.moreRowErrors);
    const errors: FieldError[] =
      problemQ === 'too-large' ? [{ field: 'file', message: 'The selected file must be smaller than 5 MB' }] : [];
    return this.renderHub(res.status(errors.length ? 400 : 200), {}, errors, []);
  }

  @Policy('create', 'ApAttendance')
  @Get('attendance/template')
  async template(@Query('format') format: unknown, @Query('providerId') providerId: unknown, @Res() res: Response) {
    const t = await this.providerAttendance.template(format, providerId);
    res.setHeader('Content-Type', t.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${t.filename}"`);
    res.setHeader('Cache-Control', 'no-store');
    return res.send(t.body);
  }

  @Policy('create', 'ApAttendance')
  @Post('attendance/upload')
  @UseFilters(AttendanceUploadTooLargeFilter)
  @UseInterceptors(
    FileInterceptor('file', { limits: { fileSize: MAX_ATTENDANCE_FILE_BYTES, files: 1, fields: 5, parts: 6 } }),
  )
  async upload(@UploadedFile() file: UploadedAttendanceFile | undefined, @Req() req: WebRequest, @Res() res: Response) {
    const values = formFields(req.body);
    let result: Awaited<ReturnType<ProviderAttendanceService['upload']>>;
    try {
      result = await this.providerAttendance.upload(
        file?.buffer ?? Buffer.alloc(0),
        file?.originalname,
        values['providerId'] || undefined,
      );
    } catch (error) {
      if (!(error instanceof InvalidFieldsException)) throw error;
      const all = error.fieldErrors as (FieldError & { row?: number; column?: string })[];
      const rows = all.filter((e) => e.row !== undefined && e.column !== 'file');
      const errors: FieldError[] = all
        .filter((e) => e.row === undefined || e.column === 'file')
        .map((e) => ({ field: e.field === 'providerId' ? 'providerId' : 'file', message: e.message }));
      if (rows.length) {
        // the error summary links to the table of the file's problems
        errors.unshift({
          field: 'row-errors',
          message: `The file has ${rows.length === 1 ? '1 problem' : `${rows.length.toLocaleString('en-GB')} problems`}. Nothing was saved: correct the file and upload it again`,
        });
      }
      // the problems are kept for the attendance page, which the browser is sent to: the page is never
      // shown at the upload's address, whose query carries the form's CSRF token
      await keepForPage(req, '/ap/attendance', {
        values: { providerId: values['providerId'] ?? '' },
        errors: oneEach(errors),
        rowErrors: rows.slice(0, ROW_ERRORS_SHOWN).map((e) => ({ row: e.row!, column: e.column!, message: e.message })),
        moreRowErrors: Math.max(0, rows.length - ROW_ERRORS_SHOWN),
      } satisfies KeptUpload);
      return res.redirect(303, '/ap/attendance');
    }
    const unchanged = result.received - result.changed;
    req.session.flash = {
      heading: 'Attendance uploaded',
      text: `${result.filename ?? 'The file'} for ${result.providerName}: ${plural(result.received, 'row')} received, ${plural(result.changed, 'session')} saved.${unchanged ? ` ${plural(unchanged, 'session')} already recorded with the same code and note ${unchanged === 1 ? 'was' : 'were'} left as ${unchanged === 1 ? 'it was' : 'they were'}.` : ''}`,
    };
    await saveSession(req);
    return res.redirect(303, '/ap/attendance#uploads');
  }

  // ---- the daily register ----

  @Policy('create', 'ApAttendance')
  @Get('attendance/register')
  async registerPage(@Query() query: Record<string, unknown>, @Res() res: Response) {
    const q = formFields(query);
    const errors: FieldError[] = [];
    let date = toIsoDate();
    if (q['date-day'] !== undefined || q['date-month'] !== undefined || q['date-year'] !== undefined) {
      const d = postedDate(q, 'date', 'The date');
      if (d.error) errors.push(d.error);
      else if (!d.iso) errors.push({ field: 'date-day', message: 'Enter the date of the register' });
      else if (d.iso > toIsoDate())
        errors.push({ field: 'date-day', message: 'The date of the register must be today or in the past' });
      else date = d.iso;
    } else if (q['date'] && /^\d{4}-\d{2}-\d{2}$/.test(q['date']) && q['date'] <= toIsoDate()) date = q['date'];
    return this.renderRegister(res.status(errors.length ? 400 : 200), date, q['providerId'] || undefined, {}, errors, {
      ...dateParts('date', date),
      ...(errors.length ? q : {}),
    });
  }

  @Policy('create', 'ApAttendance')
  @Post('attendance/register')
  async saveRegister(@Req() req: WebRequest, @Res() res: Response) {
    const v = formFields(req.body);
    const date = v['date'] ?? '';
    const providerId = v['providerId'] || undefined;
    const errors: FieldError[] = [];
    const entries: { caseReference: string; session: 'AM' | 'PM'; code: string; note?: string }[] = [];
    const fields: string[] = [];
    for (const [key, value] of Object.entries(v)) {
      const m = /^(am|pm)-(AP-\d{1,12})$/.exec(key);
      if (!m) continue;
      const note = v[`${m[1]}Note-${m[2]}`] || undefined;
      if (!value) {
        if (note)
          errors.push({
            field: key,
            message: `Choose a ${m[1] === 'am' ? 'morning' : 'afternoon'} code for ${m[2]}, or leave its note empty`,
          });
        continue;
      }
      entries.push({ caseReference: m[2], session: m[1] === 'am' ? 'AM' : 'PM', code: value, note });
      fields.push(key);
    }
    if (!errors.length && !entries.length)
      errors.push({ field: 'register', message: 'Choose a code for at least one session' });
    if (errors.length) return this.renderRegister(res.status(400), date, providerId, v, errors);
    let written: { received: number; changed: number };
    try {
      written = await this.providerAttendance.saveRegister(date, entries, providerId);
    } catch (error) {
      if (!(error instanceof InvalidFieldsException)) throw error;
      // the upload's row errors, each on the field of the entry (row n is the nth entry) it names
      const mapped = (error.fieldErrors as (FieldError & { row?: number; column?: string })[]).map((e) => {
        const key = e.row ? fields[e.row - 1] : undefined;
        if (!key) return { field: e.field === 'providerId' ? 'providerId' : 'register', message: e.message };
        const [half, ref] = [key.slice(0, 2), key.slice(3)];
        const who = `${half === 'am' ? 'Morning' : 'Afternoon'}, ${ref}`;
        return {
          field: e.column === 'note' ? `${half}Note-${ref}` : key,
          message: `${who}: ${e.message.charAt(0).toLowerCase()}${e.message.slice(1)}`,
        };
      });
      return this.renderRegister(res.status(400), date, providerId, v, oneEach(mapped));
    }
    req.session.flash = {
      heading: 'Register saved',
      text: `${formatDate(date)}: ${written.changed === 0 ? 'nothing changed (the same codes were recorded already)' : `${plural(written.changed, 'session')} saved`}.`,
    };
    await saveSession(req);
    return res.redirect(
      303,
      `/ap/attendance/register?date=${date}${providerId ? `&providerId=${encodeURIComponent(providerId)}` : ''}`,
    );
  }

  // ---- one placement ----

  @Policy('read', 'ApAttendance')
  @Get('placements/:placementId/attendance')
  async show(@Param('placementId') placementId: string, @Res() res: Response) {
    const view = await this.attendance.read(placementId);
    return this.renderPlacement(res, view, dateParts('date', toIsoDate()), []);
  }

  @Policy('create', 'ApAttendance')
  @Post('placements/:placementId/attendance')
  async record(@Param('placementId') placementId: string, @Req() req: WebRequest, @Res() res: Response) {
    const v = formFields(req.body);
    const errors: FieldError[] = [];
    const d = postedDate(v, 'date', 'The date');
    if (d.error) errors.push(d.error);
    else if (!d.iso) errors.push({ field: 'date-day', message: 'Enter the date' });
    if (!v['am'] && !v['pm'])
      errors.push({ field: 'am', message: 'Choose a code for the morning, the afternoon or both' });
    const order: ('AM' | 'PM')[] = [];
    const sessions: { date?: string; session: string; code: string; note?: string }[] = [];
    for (const s of ['AM', 'PM'] as const) {
      const h = HALVES[s];
      if (!v[h.code]) {
        if (v[h.note])
          errors.push({ field: h.code, message: `Choose a code for the ${h.name}, or leave its note empty` });
        continue;
      }
      order.push(s);
      sessions.push({ date: d.iso, session: s, code: v[h.code], note: v[h.note] || undefined });
    }
    if (errors.length) return this.renderAgain(res, placementId, v, errors);
    let written: { received: number; changed: number };
    try {
      written = await this.attendance.record(placementId, { sessions });
    } catch (error) {
      if (error instanceof ConflictException)
        return this.renderAgain(res.status(409), placementId, v, [], (error.getResponse() as ProblemDetails).detail);
      if (!(error instanceof InvalidFieldsException)) throw error;
      const mapped = error.fieldErrors.map((e) => {
        const m = /^sessions\[(\d+)\]\.(\w+)$/.exec(e.field);
        const half = m ? HALVES[order[Number(m[1])]] : undefined;
        if (!m || !half) return { field: 'date-day', message: e.message };
        if (m[2] === 'date') return { field: 'date-day', message: e.message };
        return { field: m[2] === 'note' ? half.note : half.code, message: e.message };
      });
      return this.renderAgain(res, placementId, v, mapped);
    }
    req.session.flash = {
      heading: 'Attendance recorded',
      text: `${formatDate(d.iso)}: ${written.changed === 0 ? 'nothing changed (the same codes were recorded already)' : `${written.changed} session${written.changed === 1 ? '' : 's'} saved`}.`,
    };
    await saveSession(req);
    return res.redirect(303, `/ap/placements/${placementId}/attendance`);
  }

  // ---- internals ----

  /**
   * The register page: a date to choose (a GET form), then one row per current placement with a
   * code and a note for each session, posted in one go. `posted` are the fields sent (after a
   * problem); otherwise what is recorded on the date fills the form.
   */
  private async renderRegister(
    res: Response,
    date: string,
    providerIdInput: string | undefined,
    posted: Record<string, string>,
    errors: FieldError[],
    query: Record<string, string> = dateParts('date', date),
  ) {
    const providers = await this.providerAttendance.providers();
    const several = providers.length > 1;
    let view: AttendanceRegisterView | null = null;
    const isoDate = /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : toIsoDate();
    if (!several || providerIdInput) {
      try {
        view = await this.providerAttendance.register(isoDate, providerIdInput);
      } catch (error) {
        if (!(error instanceof InvalidFieldsException)) throw error;
        errors = [
          ...errors,
          ...error.fieldErrors.map((e) => ({
            field: e.field === 'providerId' ? 'providerId' : 'date-day',
            message: e.message,
          })),
        ];
        if (res.statusCode < 400) res.status(400);
      }
    }
    const fromPost = Object.keys(posted).length > 0;
    const has = (field: string) => errors.some((e) => e.field === field);
    return res.render('ap/attendance-register.njk', {
      title: view ? `Register for ${formatDate(view.date)}` : 'Daily register',
      errors,
      date: view?.date ?? isoDate,
      dateLabel: formatDate(view?.date ?? isoDate),
      isToday: (view?.date ?? isoDate) === toIsoDate(),
      providerId: view?.providerId ?? '',
      several,
      providerName: providers.find((p) => p.id === view?.providerId)?.name,
      providers: [
        { value: '', text: 'Choose a provider' },
        ...providers.map((p) => ({ value: p.id, text: p.name, selected: providerIdInput === p.id })),
      ],
      dateItems: dateInputItems('date', query, has('date-day')),
      pupils: (view?.pupils ?? []).map((p) => {
        const name = `${p.pupil.givenName} ${p.pupil.familyName}`;
        const half = (key: 'am' | 'pm') => {
          const recorded = p[key];
          const field = `${key}-${p.reference}`;
          const noteField = `${key}Note-${p.reference}`;
          const code = fromPost ? posted[field] : recorded?.code;
          return {
            field,
            noteField,
            label: `${key === 'am' ? 'Morning' : 'Afternoon'} code for ${name}`,
            noteLabel: `${key === 'am' ? 'Morning' : 'Afternoon'} note for ${name}`,
            items: codeItems(key === 'am' ? 'AM' : 'PM', code, view!.date, !!recorded),
            note: fromPost ? (posted[noteField] ?? '') : (recorded?.note ?? ''),
            error: errors.find((e) => e.field === field)?.message,
            noteError: errors.find((e) => e.field === noteField)?.message,
          };
        };
        return {
          name,
          reference: p.reference,
          placementId: p.placementId,
          notStarted: !!p.startedOn && p.startedOn > view!.date,
          am: half('am'),
          pm: half('pm'),
        };
      }),
    });
  }

  private async renderAgain(
    res: Response,
    placementId: string,
    values: Record<string, string>,
    errors: FieldError[],
    conflict?: string,
  ) {
    const view = await this.attendance.read(placementId);
    return this.renderPlacement(
      res.statusCode === 409 ? res : res.status(400),
      view,
      values,
      inOrder(errors, RECORD_FIELDS),
      conflict,
    );
  }

  private renderPlacement(
    res: Response,
    view: AttendanceView,
    values: Record<string, string>,
    errors: FieldError[],
    conflict?: string,
  ) {
    const days = new Map<
      string,
      { am?: AttendanceView['sessions'][number]; pm?: AttendanceView['sessions'][number] }
    >();
    for (const s of view.sessions) {
      const day = days.get(s.date) ?? {};
      day[s.session === 'AM' ? 'am' : 'pm'] = s;
      days.set(s.date, day);
    }
    const cell = (s?: AttendanceView['sessions'][number]) =>
      s ? `${s.code} – ${s.meaning}${s.note ? ` (${s.note})` : ''}` : 'Not recorded';
    const recent = [...days.entries()].sort((a, b) => (a[0] < b[0] ? 1 : -1)).slice(0, RECENT_DAYS);
    const summary = view.summary;
    return res.render('ap/placement-attendance.njk', {
      title: `Attendance: ${view.reference}`,
      view,
      conflict,
      values,
      errors,
      started: formatDate(view.startedOn) || 'Not started',
      ended: formatDate(view.endedOn),
      summaryRows: [
        { key: { text: 'Possible sessions' }, value: { text: String(summary.possibleSessions) } },
        { key: { text: 'Attended' }, value: { text: String(summary.attended) } },
        { key: { text: 'Authorised absence' }, value: { text: String(summary.authorisedAbsence) } },
        { key: { text: 'Unauthorised absence' }, value: { text: String(summary.unauthorisedAbsence) } },
        { key: { text: 'Not counted (not a possible session)' }, value: { text: String(summary.notPossible) } },
        {
          key: { text: 'Sessions missed' },
          value: { text: summary.percentMissed === null ? 'No possible sessions yet' : `${summary.percentMissed}%` },
        },
      ],
      rows: recent.map(([date, day]) => [{ text: formatDate(date) }, { text: cell(day.am) }, { text: cell(day.pm) }]),
      moreDays: days.size > RECENT_DAYS ? days.size - RECENT_DAYS : 0,
      canRecord: view.canRecord && view.status !== 'planned',
      dateItems: dateInputItems(
        'date',
        values,
        errors.some((e) => e.field === 'date-day'),
      ),
      amItems: codeItems('AM', values['am']),
      pmItems: codeItems('PM', values['pm']),
    });
  }

  private async renderHub(
    res: Response,
    values: Record<string, string>,
    errors: FieldError[],
    rowErrors: { row: number; column: string; message: string }[],
    moreRowErrors = 0,
  ) {
    const [providers, placements, uploads] = [
      await this.providerAttendance.providers(),
      await this.providerAttendance.placements(),
      await this.providerAttendance.uploads(),
    ];
    return res.render('ap/attendance.njk', {
      title: 'Attendance',
      values,
      errors,
      providers: providers.map((p) => ({ value: p.id, text: p.name, selected: values['providerId'] === p.id })),
      placements: placements.map((p) => [
        {
          html: `<a class="govuk-link" href="/ap/placements/${p.placementId}/attendance">${escapeHtml(p.reference)}</a>`,
        },
        { text: `${p.pupil.givenName} ${p.pupil.familyName}` },
        ...(providers.length > 1 ? [{ text: p.providerName }] : []),
        { text: formatDate(p.startedOn) },
        { text: formatDate(p.lastRecorded) || 'Nothing yet' },
      ]),
      severalProviders: providers.length > 1,
      rowErrors: rowErrors.map((e) => [
        { text: String(e.row), format: 'numeric' },
        { text: e.column },
        { text: e.message },
      ]),
      moreRowErrors,
      uploads: uploads.map((u) => [
        {
          text: formatDateTime(u.uploadedAt),
        },
        { text: u.filename ?? 'Unnamed file' },
        ...(providers.length > 1 ? [{ text: u.providerName }] : []),
        { text: String(u.rowCount), format: 'numeric' },
        { text: String(u.changedCount), format: 'numeric' },
        { text: u.uploadedBy ?? '' },
      ]),
    });
  }
}

const plural = (n: number, what: string) => `${n.toLocaleString('en-GB')} ${what}${n === 1 ? '' : 's'}`;

/** What a failed upload leaves for the attendance page. */
type KeptUpload = {
  values: Record<string, string>;
  errors: FieldError[];
  rowErrors: { row: number; column: string; message: string }[];
  moreRowErrors: number;
};

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * The case page's attendance section (views/ap/case-attendance.njk): the placement's summary and
 * last day recorded, or null when the case has no started placement or the user does not read
 * attendance. Called by the case page before it renders.
 */
export async function caseAttendance(
  attendance: AttendanceService,
  c: { placement: { id: string; status: string } | null },
): Promise<{
  placementId: string;
  summary: AttendanceView['summary'];
  lastRecorded: string;
  canRecord: boolean;
} | null> {
  if (!c.placement || c.placement.status === 'planned') return null;
  try {
    const view = await attendance.read(c.placement.id);
    const last = view.sessions[view.sessions.length - 1];
    return {
      placementId: view.placementId,
      summary: view.summary,
      lastRecorded: formatDate(last?.date) || 'Nothing yet',
      canRecord: view.canRecord,
    };
  } catch (error) {
    if (error instanceof NotFoundException || error instanceof ForbiddenException) return null;
    throw error;
  }
}
