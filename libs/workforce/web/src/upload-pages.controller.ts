import {
  ArgumentsHost,
  Catch,
  Controller,
  ExceptionFilter,
  Get,
  Param,
  PayloadTooLargeException,
  Post,
  Req,
  Res,
  UploadedFile,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import { Policy } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, isUuid } from '@rep-hub/platform';
import { keepForPage, WebRequest, WebViewInterceptor } from '@rep-hub/web-surface';
import { EnrolmentUploadService, MAX_UPLOAD_BYTES } from '@rep-hub/workforce-domain';
import type { Response } from 'express';

const RUNNING = new Set(['queued', 'checking', 'writing']);

/** A file the upload refused before any row was checked, kept for the cohort's page (takeForPage). */
export interface KeptUploadProblems extends Record<string, unknown> {
  uploadProblems: (FieldError & { row?: number; column?: string })[];
}

/**
 * Keeps a refused file's problems for the cohort's page and sends the browser there: no page is
 * shown at the upload's address, whose query carries the form's CSRF token.
 */
async function backToTheCohort(req: WebRequest, res: Response, cohortId: string, problems: FieldError[]) {
  if (!isUuid(cohortId)) return res.redirect(303, '/workforce');
  await keepForPage(req, `/workforce/cohorts/${cohortId}`, { uploadProblems: problems } satisfies KeptUploadProblems);
  return res.redirect(303, `/workforce/cohorts/${cohortId}`);
}

/** A file past the size limit (refused while it is read, before the handler): said on the cohort's page. */
@Catch(PayloadTooLargeException)
export class UploadTooLargeFilter implements ExceptionFilter {
  async catch(_error: PayloadTooLargeException, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const req = http.getRequest<WebRequest>();
    await backToTheCohort(req, http.getResponse<Response>(), String(req.params['cohortId']), [
      {
        field: 'file',
        message: `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB: split it into smaller files`,
      },
    ]);
  }
}

/**
 * A training provider's bulk upload pages: the form on the cohort's page posts the file here (a
 * file that cannot be read, or too large, is sent back to the cohort's page with its problems),
 * and the upload's page follows its job (its Refresh link shows how far it has got: no timed
 * refresh, which WCAG 2.2.1 rules out), then shows what was saved or every problem by row and column. The templates are
 * downloaded from here too.
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('workforce')
export class UploadPagesController {
  constructor(private readonly uploads: EnrolmentUploadService) {}

  @Policy('create', 'WorkforceEnrolment')
  @Post('cohorts/:cohortId/uploads')
  @UseFilters(UploadTooLargeFilter)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 2, parts: 3 } }))
  async upload(
    @Param('cohortId') cohortId: string,
    @UploadedFile() file: { buffer: Buffer; originalname: string } | undefined,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    try {
      const { upload } = await this.uploads.submit(cohortId, file);
      return res.redirect(303, `/workforce/cohorts/${cohortId}/uploads/${upload.id}`);
    } catch (error) {
      if (!(error instanceof InvalidFieldsException)) throw error;
      return backToTheCohort(req, res, cohortId, error.fieldErrors);
    }
  }

  @Policy('create', 'WorkforceEnrolment')
  @Get('cohorts/:cohortId/uploads/:uploadId')
  async follow(@Param('cohortId') cohortId: string, @Param('uploadId') uploadId: string, @Res() res: Response) {
    const upload = await this.uploads.get(cohortId, uploadId);
    const running = RUNNING.has(upload.status);
    return res.render('workforce/upload.njk', {
      title: running ? 'Your upload is being checked' : upload.status === 'done' ? 'Upload saved' : 'Nothing was saved',
      cohortId,
      upload,
      running,
      problems: upload.problems,
    });
  }

  @Policy('create', 'WorkforceEnrolment')
  @Get('upload-template.csv')
  async templateCsv(@Res() res: Response) {
    const body = await this.uploads.template('csv');
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="workforce-enrolments-template.csv"');
    res.send(body);
  }

  @Policy('create', 'WorkforceEnrolment')
  @Get('upload-template.xlsx')
  async templateXlsx(@Res() res: Response) {
    const body = await this.uploads.template('xlsx');
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', 'attachment; filename="workforce-enrolments-template.xlsx"');
    res.send(body);
  }
}
