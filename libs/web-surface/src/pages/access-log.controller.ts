import { Controller, Get, Optional, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AuditService } from '@rep-hub/audit';
import { AuthContext, Policy } from '@rep-hub/auth';
import { DpoAccessLogPage, readDpoAccessLog, SubjectAccessRegistry } from '@rep-hub/contracts';
import { FieldError, isUuid, InvalidFieldsException } from '@rep-hub/platform';
import type { Response } from 'express';
import { formatDateTime } from '../dates';
import { formFields } from '../forms';
import { WebViewInterceptor } from '../web-view';

const CSV_LIMIT = 200;

/** A CSV cell: quoted, and a formula-like start made text (a spreadsheet must not run it). */
const cell = (v: string | null) => {
  const t = v ?? '';
  return `"${(/^[=+\-@\t\r]/.test(t) ? `'${t}` : t).replace(/"/g, '""')}"`;
};

/**
 * The DPO's "who accessed this record" (issue 20): by record (a pupil's id, from the subject
 * access page, or any record's) or by user (one of the partnership's people), the audit trail's
 * rows newest first, and the same as a CSV file. Limited to what the DPO's own LA answers for
 * (readDpoAccessLog); every read is audited.
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('audit/access')
export class AccessLogPagesController {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
    @Optional() private readonly records?: SubjectAccessRegistry,
  ) {}

  @Policy('read', 'AuditEvent')
  @Get()
  async page(@Query() query: Record<string, unknown>, @Res() res: Response) {
    const values = formFields(query);
    const people = await this.people();
    const asked = values['by'] === 'record' || values['by'] === 'user';
    let page: DpoAccessLogPage | null = null;
    let errors: FieldError[] = [];
    if (asked) {
      try {
        page = await this.read(values);
      } catch (error) {
        if (!(error instanceof InvalidFieldsException)) throw error;
        errors = error.fieldErrors;
      }
    }
    const names = new Map(people.map((p) => [p.id, p.name]));
    const download = page
      ? `/audit/access/download?${new URLSearchParams(values['by'] === 'record' ? { by: 'record', subjectId: values['subjectId'] } : { by: 'user', actorId: values['actorId'] }).toString()}`
      : null;
    return res.status(errors.length ? 400 : 200).render('audit/access.njk', {
      title: 'Who accessed a record',
      values,
      errors,
      people: people.map((p) => ({ value: p.id, text: p.name, selected: values['actorId'] === p.id })),
      rows: page?.items.map((e) => ({
        when: formatDateTime(e.occurredAt),
        who: e.actorId ? (names.get(e.actorId) ?? 'A user no longer in the partnership') : 'The system',
        action: e.action,
        subjectType: e.subjectType,
      })),
      nextHref:
        page?.nextCursor && download ? `/audit/access?${download.split('?')[1]}&before=${page.nextCursor}` : null,
      download,
    });
  }

  @Policy('read', 'AuditEvent')
  @Get('download')
  async download(@Query() query: Record<string, unknown>, @Res() res: Response) {
    const values = formFields(query);
    const page = await this.read({ ...values, before: '' }, CSV_LIMIT);
    const names = new Map((await this.people()).map((p) => [p.id, p.name]));
    const lines = [
      ['occurred_at', 'user_id', 'user_name', 'action', 'record_type', 'request_id'].join(','),
      ...page.items.map((e) =>
        [
          cell(e.occurredAt),
          cell(e.actorId),
          cell(e.actorId ? (names.get(e.actorId) ?? null) : 'system'),
          cell(e.action),
          cell(e.subjectType),
          cell(e.requestId),
        ].join(','),
      ),
    ];
    res.setHeader('Content-Disposition', 'attachment; filename="access-log.csv"');
    res.setHeader('Cache-Control', 'no-store');
    return res.type('text/csv').send(`${lines.join('\r\n')}\r\n`);
  }

  private read(values: Record<string, string>, limit = 50): Promise<DpoAccessLogPage> {
    const errors: FieldError[] = [];
    const byRecord = values['by'] === 'record';
    const id = byRecord ? values['subjectId'] : values['actorId'];
    if (!id)
      errors.push(
        byRecord
          ? { field: 'subjectId', message: 'Enter the record’s id' }
          : { field: 'actorId', message: 'Choose a person' },
      );
    else if (!isUuid(id))
      errors.push(
        byRecord
          ? {
              field: 'subjectId',
              message: 'Enter the record’s id as it is shown, like 5b2d7c1e-8f3a-4c59-9d7e-2a1b3c4d5e6f',
            }
          : { field: 'actorId', message: 'Choose a person' },
      );
    if (errors.length) throw new InvalidFieldsException(errors);
    return readDpoAccessLog(this.auth, this.audit, this.records, {
      ...(byRecord ? { subjectId: id } : { actorId: id }),
      limit,
      ...(values['before'] && isUuid(values['before']) ? { before: values['before'] } : {}),
    });
  }

  /** The partnership's people (anyone who has held a role in it), by name. */
  private async people(): Promise<{ id: string; name: string }[]> {
    const rows = (await this.auth.inTenant((m) =>
      m.query(
        `SELECT DISTINCT u.id::text AS id, u.display_name AS name FROM memberships ms JOIN users u ON u.id = ms.user_id
          WHERE ms.tenant_id = $1 ORDER BY u.display_name, u.id::text`,
        [this.auth.tenantId],
      ),
    )) as { id: string; name: string }[];
    return rows;
  }
}
