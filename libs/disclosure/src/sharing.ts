import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  Injectable,
  InternalServerErrorException,
  NestInterceptor,
  SetMetadata,
  StreamableFile,
  UseInterceptors,
} from '@nestjs/common';
import type { Response } from 'express';
import { map, Observable } from 'rxjs';
import { assertControlled } from './control';
import { releaseRows, ReleaseRow } from './rows';
import { ControlledRelease, MethodNote } from './types';

/** Route metadata: this route's output leaves the partnership. */
export const FOR_SHARING = 'rep-hub:for-sharing';

/** A file for sharing outside the partnership, made only by `sharedFile` from a controlled release. */
export interface SharedFile {
  body: Buffer;
  contentType: string;
  filename: string;
  kind: string;
  version: number;
}

const made = new WeakSet<object>();

/** True only for a file `sharedFile` made. */
export function isSharedFile(value: unknown): value is SharedFile {
  return typeof value === 'object' && value !== null && made.has(value);
}

/**
 * A file for sharing: `render` gets the controlled release's published rows and its method note,
 * and nothing else, so the file can only carry what control let through. Refuses a release that
 * `controlRelease` did not return.
 */
export async function sharedFile(
  release: ControlledRelease,
  file: {
    contentType: string;
    filename: string;
    render: (rows: ReleaseRow[], note: MethodNote) => Buffer | Promise<Buffer>;
  },
): Promise<SharedFile> {
  assertControlled(release);
  const body = await file.render(releaseRows(release), release.note);
  const out: SharedFile = Object.freeze({
    body,
    contentType: file.contentType,
    filename: file.filename,
    kind: release.kind,
    version: release.version,
  });
  made.add(out);
  return out;
}

/**
 * Sends a `SharedFile` as an attachment, and refuses (500, nothing sent) anything else a route
 * marked `@ForSharing()` returns: a figure leaving the partnership cannot skip control.
 */
@Injectable()
export class ForSharingInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<StreamableFile> {
    const res = ctx.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((value: unknown) => {
        if (!isSharedFile(value))
          throw new InternalServerErrorException(
            'A file for sharing outside the partnership must go through disclosure control.',
          );
        res.setHeader('Content-Type', value.contentType);
        res.setHeader('Content-Disposition', `attachment; filename="${value.filename}"`);
        res.setHeader('Cache-Control', 'no-store');
        res.setHeader('Disclosure-Control', `controlled; release="${value.kind}"; version=${value.version}`);
        return new StreamableFile(value.body);
      }),
    );
  }
}

/**
 * Marks a route whose output leaves the partnership: it must return a `SharedFile` (the
 * interceptor refuses anything else), and the route-structure test finds it by this mark.
 */
export function ForSharing() {
  return applyDecorators(SetMetadata(FOR_SHARING, true), UseInterceptors(ForSharingInterceptor));
}
