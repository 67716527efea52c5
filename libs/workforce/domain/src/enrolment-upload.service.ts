import { ForbiddenException, Injectable, PayloadTooLargeException } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import { AuthContext, positionalScope, sqlScope } from '@rep-hub/auth';
import { InvalidFieldsException, isUuid, JobQueue, problem, TabularFileError } from '@rep-hub/platform';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { LOAD_ENROLMENT_UPLOAD_JOB } from './enrolment-upload.job';
import { MAX_UPLOAD_BYTES, openUploadFile, uploadTemplate } from './enrolment-upload-file';
import { UploadRow, UploadStore } from './enrolment-upload.store';
import { EnrolmentsService } from './enrolments.service';
import { COHORT_COLUMNS } from './workforce-abilities';
import { notFound } from './workforce-checks';
import { inWorkforce } from './workforce-principal';
import { CohortSummary } from './workforce.model';
import { WorkforceStore } from './workforce.store';

export type UploadView = Omit<UploadRow, 'providerId'>;

const view = ({ providerId: _p, ...rest }: UploadRow): UploadView => rest;

/**
 * A training provider's bulk upload of enrolment rows for one of its own cohorts. The request
 * checks who may upload and that the file can be read at all (format, encoding, columns,
 * formulas, a zip bomb, its size), then keeps it and queues its load (LoadEnrolmentUploadHandler),
 * which checks every row and lands all of them or none. The same file again for the same cohort
 * is the upload already made: nothing changes the second time.
 */
@Injectable()
export class EnrolmentUploadService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
    private readonly jobs: JobQueue,
    private readonly enrolments: EnrolmentsService,
  ) {}

  async submit(
    cohortId: string,
    file: { buffer: Buffer; originalname?: string } | undefined,
  ): Promise<{ upload: UploadView; alreadyLoaded: boolean }> {
    if (!isUuid(cohortId)) throw notFound('cohort');
    await inWorkforce(this.auth, (m) => this.providersCohort(m, cohortId));
    if (!file || !file.buffer?.length)
      throw new InvalidFieldsException([{ field: 'file', message: 'Choose a CSV or Excel file to upload' }]);
    if (file.buffer.length > MAX_UPLOAD_BYTES) throw tooLarge();
    const filename = (file.originalname || 'upload').replace(/[^\w.\- ]+/g, '_').slice(0, 255) || 'upload';
    // the file read through once, row by row (nothing of it kept), so an unreadable one is refused now
    let format: 'csv' | 'xlsx';
    let rowsTotal = 0;
    try {
      const opened = await openUploadFile(file.buffer, filename);
      format = opened.format;
      for await (const row of opened.rows) if (row) rowsTotal++;
    } catch (error) {
      if (error instanceof TabularFileError) throw new InvalidFieldsException(error.errors);
      throw error;
    }
    const sha256 = createHash('sha256').update(file.buffer).digest('hex');
    return inWorkforce(this.auth, async (m) => {
      const cohort = await this.providersCohort(m, cohortId);
      const same = await UploadStore.sameFile(m, this.auth.tenantId, cohortId, sha256);
      if (same) return { upload: view(same), alreadyLoaded: true };
      const id = await UploadStore.insert(m, this.auth.tenantId, {
        cohortId,
        providerId: cohort.providerId,
        filename,
        format,
        body: file.buffer,
        sha256,
        rowsTotal,
        uploadedBy: this.auth.principal.userId,
      });
      if (!id) {
        // the same file arrived at the same moment: that upload is this one
        const raced = (await UploadStore.sameFile(m, this.auth.tenantId, cohortId, sha256))!;
        return { upload: view(raced), alreadyLoaded: true };
      }
      await this.jobs.enqueue(
        LOAD_ENROLMENT_UPLOAD_JOB,
        { uploadId: id },
        { idempotencyKey: `workforce-upload:${id}` },
      );
      await this.audit.record({
        action: 'workforce.upload.create',
        subjectType: 'WorkforceCohort',
        subjectIds: [cohortId, id],
        details: { sha256, bytes: file.buffer.length, format },
      });
      return { upload: view((await UploadStore.get(m, this.auth.tenantId, id))!), alreadyLoaded: false };
    });
  }

  /** One upload of a cohort: its progress, then its result or its problems (the cohort's provider only). */
  get(cohortId: string, uploadId: string): Promise<UploadView> {
    if (!isUuid(cohortId)) throw notFound('cohort');
    if (!isUuid(uploadId)) throw notFound('upload');
    return inWorkforce(this.auth, async (m) => {
      await this.providersCohort(m, cohortId);
      const row = await UploadStore.get(m, this.auth.tenantId, uploadId);
      if (!row || row.cohortId !== cohortId) throw notFound('upload');
      return view(row);
    });
  }

  /** The cohort's latest uploads, for its page (empty for those who may not upload). */
  list(cohortId: string): Promise<UploadView[]> {
    if (!isUuid(cohortId)) throw notFound('cohort');
    return inWorkforce(this.auth, async (m) => {
      const cohort = await this.cohort(m, cohortId);
      if (!this.enrolments.mayEnrol(cohort)) return [];
      return (await UploadStore.forCohort(m, this.auth.tenantId, cohortId)).map(view);
    });
  }

  /** The template, for those who may upload (a training provider's staff). */
  template(format: 'csv' | 'xlsx'): Promise<Buffer> {
    if (!this.auth.ability.can('create', 'WorkforceEnrolment'))
      throw new ForbiddenException(problem(403, 'Only a training provider’s staff upload enrolments.'));
    return uploadTemplate(format);
  }

  private async cohort(m: EntityManager, id: string): Promise<CohortSummary> {
    const params: unknown[] = [this.auth.tenantId, id];
    const scope = positionalScope(sqlScope(this.auth.ability, 'read', 'WorkforceCohort', 'c', COHORT_COLUMNS), params);
    const cohort = await WorkforceStore.cohort(m, params, scope);
    if (!cohort) throw notFound('cohort');
    return cohort;
  }

  private async providersCohort(m: EntityManager, id: string): Promise<CohortSummary> {
    const cohort = await this.cohort(m, id);
    if (!this.enrolments.mayEnrol(cohort))
      throw new ForbiddenException(problem(403, 'Only the cohort’s training provider uploads its enrolments.'));
    return cohort;
  }
}

const tooLarge = () =>
  new PayloadTooLargeException(
    problem(413, `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB: split it into smaller files.`),
  );
