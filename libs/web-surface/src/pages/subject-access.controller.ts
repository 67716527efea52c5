import { Controller, Get, Optional, Param, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AuditService } from '@rep-hub/audit';
import { AuthContext, Policy } from '@rep-hub/auth';
import { exportPerson, PersonCandidate, personDraftPdf, searchPeople, SubjectAccessRegistry } from '@rep-hub/contracts';
import { FieldError, InvalidFieldsException } from '@rep-hub/platform';
import type { Response } from 'express';
import { formFields } from '../forms';
import { WebViewInterceptor } from '../web-view';

/** How many records of a section the summary counts: a list's length, one record, or none. */
const count = (v: unknown) => (Array.isArray(v) ? v.length : v === null || v === undefined ? 0 : 1);

/**
 * The DPO's subject access requests about an adult (issue 25): find the records of their LA that
 * may be the requester's (by work email and/or name, through every module's finder; another LA
 * holding a match is named as the LA to ask), see what is held, and download the draft as JSON
 * or PDF. Every search, view and download is audited (searchPeople, exportPerson).
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('subject-access/people')
export class PersonSubjectAccessPagesController {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
    @Optional() private readonly registry?: SubjectAccessRegistry,
  ) {}

  @Policy('read', 'PersonSubjectAccess')
  @Get()
  async search(@Query() query: Record<string, unknown>, @Res() res: Response) {
    const values = formFields(query);
    const asked = 'email' in values || 'name' in values;
    let results: PersonCandidate[] | null = null;
    let elsewhere: { laId: string; laName: string }[] = [];
    let errors: FieldError[] = [];
    if (asked) {
      try {
        const found = await searchPeople(this.auth, this.audit, this.registry, {
          email: values['email'],
          name: values['name'],
        });
        results = found.items;
        elsewhere = found.heldByOtherLas;
      } catch (error) {
        if (!(error instanceof InvalidFieldsException)) throw error;
        errors = error.fieldErrors;
      }
    }
    return res.status(errors.length ? 400 : 200).render('subject-access/people-search.njk', {
      title: 'Subject access requests about an adult',
      values,
      errors,
      results,
      elsewhere,
    });
  }

  @Policy('read', 'PersonSubjectAccess')
  @Get(':personId')
  async held(@Param('personId') id: string, @Res() res: Response) {
    const { subject, draft } = await exportPerson(this.auth, this.audit, this.registry, id, 'page');
    const sections = this.registry?.sections('person') ?? [];
    return res.render('subject-access/person.njk', {
      title: `Subject access: ${subject.fullName}`,
      id: subject.recordId,
      notice: draft.notice,
      rows: [
        ['Name', subject.fullName],
        ['Work email', subject.workEmail],
        ['Data controller', draft.controller.name],
        [
          'Shared under agreements',
          draft.sharing.length
            ? draft.sharing.map((a) => `${a.title} (with ${a.otherParties.map((o) => o.name).join(', ')})`).join('; ')
            : 'None in force',
        ],
        ...sections.map((s) => [s.title, String(count(draft[s.key]))]),
        ['Audit trail entries', String(draft.auditTrail.length)],
      ].map(([k, v]) => ({ key: { text: k }, value: { text: v } })),
    });
  }

  @Policy('read', 'PersonSubjectAccess')
  @Get(':personId/draft.json')
  async json(@Param('personId') id: string, @Res() res: Response) {
    const { draft } = await exportPerson(this.auth, this.audit, this.registry, id, 'json');
    res.setHeader('Content-Disposition', `attachment; filename="subject-access-draft-${id}.json"`);
    res.setHeader('Cache-Control', 'no-store');
    return res.type('application/json').send(JSON.stringify(draft, null, 2));
  }

  @Policy('read', 'PersonSubjectAccess')
  @Get(':personId/draft.pdf')
  async pdf(@Param('personId') id: string, @Res() res: Response) {
    const body = await personDraftPdf(
      await exportPerson(this.auth, this.audit, this.registry, id, 'pdf'),
      this.registry,
    );
    res.setHeader('Content-Disposition', `attachment; filename="subject-access-draft-${id}.pdf"`);
    res.setHeader('Cache-Control', 'no-store');
    return res.type('application/pdf').send(body);
  }
}
