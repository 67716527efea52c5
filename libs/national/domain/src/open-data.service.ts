import { Injectable, NotFoundException } from '@nestjs/common';
import { FieldError, InvalidFieldsException, problem, isUuid, UnitOfWork } from '@rep-hub/platform';
import { readPartnershipIds, readPeriod } from './comparison.service';
import { OPEN_DATA_SYMBOLS, openDataFile, releaseChanges, sortFigures } from './open-data-files';
import type {
  OpenDataFile,
  OpenDataFileName,
  OpenDataFilter,
  OpenDataRelease,
  OpenDataReleaseSummary,
} from './open-data.model';
import { OpenDataStore } from './open-data.store';
import { ReleasesStore } from './releases.store';

/** A release id from a path, or 400 naming the field. */
export function readReleaseId(input: unknown): string {
  if (!isUuid(input))
    throw new InvalidFieldsException([{ field: 'releaseId', message: 'releaseId must be a release id (a UUID)' }]);
  return input.toLowerCase();
}

/** The list's filters from a query (`partnership`, `period`), or 400 naming each bad one. */
export function readOpenDataFilter(query: { partnership?: unknown; period?: unknown }): OpenDataFilter {
  const errors: FieldError[] = [];
  const ids = readPartnershipIds(query.partnership, 'partnership', errors);
  if (ids && ids.length !== 1) errors.push({ field: 'partnership', message: 'partnership must be one partnership id' });
  const period = readPeriod(query.period, 'period', errors);
  if (errors.length) throw new InvalidFieldsException(errors);
  return { partnershipId: ids?.[0] ?? null, periodCode: period?.code ?? null };
}

/**
 * Open data (issue 24): the partnerships' published releases for anyone, with no sign-in, every
 * version of each, read only through the open-data role (`UnitOfWork.forOpenData`): a release
 * version with its figures as controlled for disclosure, what a correction changed, and its files.
 */
@Injectable()
export class OpenDataService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: OpenDataStore,
    private readonly releases: ReleasesStore,
  ) {}

  /** Every release version, newest term first, optionally of one partnership or term. */
  list(filter: OpenDataFilter): Promise<OpenDataReleaseSummary[]> {
    return this.uow.forOpenData((m) => this.store.list(m, filter));
  }

  /** One release version whole; 404 when none has that id. */
  async release(releaseId: string): Promise<OpenDataRelease> {
    const id = readReleaseId(releaseId);
    return this.uow.forOpenData(async (m) => {
      const r = await this.store.one(m, id);
      if (!r) throw new NotFoundException(problem(404, 'There is no published release with that id.'));
      const versions = await this.store.versions(m, r.partnershipId, r.period.code);
      const replaced = r.replacesVersion === null ? undefined : versions.find((v) => v.version === r.replacesVersion);
      const figures = await this.releases.figures(m, replaced ? [id, replaced.id] : [id]);
      const strip = ({ releaseId: _r, ...f }: (typeof figures)[number]) => f;
      const own = sortFigures(figures.filter((f) => f.releaseId === id).map(strip));
      const { methodNote, ...summary } = r;
      return {
        ...summary,
        methodNote: methodNote.split('\n'),
        symbols: OPEN_DATA_SYMBOLS,
        figures: own,
        changes: replaced
          ? {
              replacesReleaseId: replaced.id,
              replacesVersion: replaced.version,
              reason: r.correctionReason ?? '',
              items: releaseChanges(figures.filter((f) => f.releaseId === replaced.id).map(strip), own),
            }
          : null,
        versions: versions.map((v) => ({ id: v.id, version: v.version, publishedAt: v.publishedAt, latest: v.latest })),
      };
    });
  }

  /** One of a release version's files (data.csv, metadata.csv, method.txt). */
  async file(releaseId: string, file: OpenDataFileName): Promise<OpenDataFile> {
    return openDataFile(await this.release(releaseId), file);
  }
}
