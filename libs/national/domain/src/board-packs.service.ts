import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { AuthContext } from '@rep-hub/auth';
import { InvalidFieldsException, JobQueue, problem, UnitOfWork, UUID_PATTERN } from '@rep-hub/platform';
import { parsePeriod } from '@rep-hub/reference';
import type { EntityManager } from 'typeorm';
import { BoardMember } from './board-member';
import { BUILD_BOARD_PACK_JOB } from './board-pack.job';
import { BoardPackRelease, BoardPackSummary, BoardPackView } from './board-packs.model';
import { boardPackProblems } from './board-packs.rules';
import { BoardPackRow, BoardPacksStore } from './board-packs.store';
import { ReleaseRow, ReleasesStore } from './releases.store';

/** How many periods, up to and including the pack's, its charts run over. */
export const PACK_PERIODS = 6;

const summary = (r: BoardPackRow): BoardPackSummary => ({
  id: r.id,
  title: r.title,
  meetingDate: r.meetingDate,
  packVersion: r.packVersion,
  periodCode: r.periodCode,
  periodName: r.periodName,
  status: r.status,
  progress: r.progress,
  progressText: r.progressText,
  requestedByName: r.requestedByName,
  createdAt: r.createdAt,
  finishedAt: r.finishedAt,
});

const release = (r: ReleaseRow): BoardPackRelease => ({
  id: r.id,
  partnershipId: r.partnershipId,
  partnershipName: r.partnershipName,
  periodCode: r.periodCode,
  periodName: r.periodName,
  version: r.version,
  publishedAt: new Date(r.publishedAt).toISOString(),
});

/**
 * Board packs for the National Board: asking for one (it names, there and then, the latest
 * release of each partnership for its period and the periods before, so it is reproducible),
 * its progress while the job builds it, its files when ready, and a rebuild (a new version from
 * the same releases). The board's own records, read and written in its units of work.
 */
@Injectable()
export class BoardPacksService {
  constructor(
    private readonly auth: AuthContext,
    private readonly member: BoardMember,
    private readonly uow: UnitOfWork,
    private readonly store: BoardPacksStore,
    private readonly releases: ReleasesStore,
    private readonly jobs: JobQueue,
  ) {}

  requireRead(): void {
    if (!this.auth.ability.can('read', 'BoardPack'))
      throw new ForbiddenException(problem(403, 'Board packs are for members of the National Board.'));
  }

  requireCreate(): void {
    if (!this.auth.ability.can('create', 'BoardPack'))
      throw new ForbiddenException(problem(403, 'Board packs are made by members of the National Board.'));
  }

  notFound(): NotFoundException {
    return new NotFoundException(problem(404, 'There is no such board pack.'));
  }

  async list(): Promise<BoardPackSummary[]> {
    this.requireRead();
    return (await this.uow.forBoard((m) => this.store.list(m))).map(summary);
  }

  /** The periods releases are published for (the periods a pack may report), newest first. */
  async periods(): Promise<{ code: string; name: string }[]> {
    this.requireRead();
    const codes = await this.uow.forBoard((m) => this.releases.periods(m));
    return codes.flatMap((code) => {
      const p = parsePeriod(code);
      return p ? [{ code, name: p.name }] : [];
    });
  }

  async get(id: string): Promise<BoardPackView> {
    this.requireRead();
    if (!UUID_PATTERN.test(id)) throw this.notFound();
    return this.uow.forBoard(async (m) => {
      const r = await this.store.get(m, id);
      if (!r) throw this.notFound();
      return this.view(m, r);
    });
  }

  /** Asks for a pack: 400 naming the field, or the pack queued (its job is in the same transaction). */
  async request(input: { title?: unknown; meetingDate?: unknown; period?: unknown }): Promise<BoardPackView> {
    this.requireRead();
    this.requireCreate();
    const { errors, value } = boardPackProblems(input ?? {});
    if (!value) throw new InvalidFieldsException(errors);
    const named = await this.uow.forBoard((m) => this.releases.latest(m));
    const own = named.find((r) => r.periodCode === value.period);
    if (!own)
      throw new InvalidFieldsException([
        { field: 'period', message: 'No partnership has published a release for this period: select another' },
      ]);
    const periods = [...new Set(named.filter((r) => r.periodFrom <= own.periodFrom).map((r) => r.periodFrom))]
      .sort()
      .slice(-PACK_PERIODS);
    const releaseIds = named.filter((r) => periods.includes(r.periodFrom)).map((r) => r.id);
    const requestedByName = await this.member.name();
    const pack = await this.uow.forBoardWrite(async (m) => {
      const id = await this.store.insert(m, {
        title: value.title,
        meetingDate: value.meetingDate,
        packVersion: await this.store.nextVersion(m, value.meetingDate, value.title),
        periodCode: own.periodCode,
        periodName: own.periodName,
        releaseIds,
        rebuiltFrom: null,
        requestedBy: this.auth.principal.userId,
        requestedByName,
      });
      await this.enqueue(id);
      return this.view(m, (await this.store.get(m, id))!);
    });
    await this.member.audited('national.board_pack.request', 'BoardPack', [pack.id], {
      period: pack.periodCode,
      version: pack.packVersion,
    });
    return pack;
  }

  /** A new version of a pack from the same releases (the same figures, whatever was published since). */
  async rebuild(id: string): Promise<BoardPackView> {
    this.requireRead();
    this.requireCreate();
    if (!UUID_PATTERN.test(id)) throw this.notFound();
    const requestedByName = await this.member.name();
    const pack = await this.uow.forBoardWrite(async (m) => {
      const from = await this.store.get(m, id);
      if (!from) throw this.notFound();
      if (from.status === 'queued' || from.status === 'building')
        throw new ConflictException(
          problem(409, 'This pack is still being built: wait until it is ready or has failed to build it again.', {
            packStatus: from.status,
          }),
        );
      const next = await this.store.insert(m, {
        title: from.title,
        meetingDate: from.meetingDate,
        packVersion: await this.store.nextVersion(m, from.meetingDate, from.title),
        periodCode: from.periodCode,
        periodName: from.periodName,
        releaseIds: from.releaseIds,
        rebuiltFrom: from.id,
        requestedBy: this.auth.principal.userId,
        requestedByName,
      });
      await this.enqueue(next);
      return this.view(m, (await this.store.get(m, next))!);
    });
    await this.member.audited('national.board_pack.rebuild', 'BoardPack', [pack.id, id], { version: pack.packVersion });
    return pack;
  }

  /** A ready pack's PDF or XLSX; 404 when there is no such pack, 409 while it is not ready. */
  async file(id: string, format: 'pdf' | 'xlsx'): Promise<{ body: Buffer; filename: string }> {
    this.requireRead();
    if (!UUID_PATTERN.test(id)) throw this.notFound();
    const f = await this.uow.forBoard((m) => this.store.file(m, id, format));
    if (!f) throw this.notFound();
    if (f.status !== 'ready' || !f.body)
      throw new ConflictException(
        problem(
          409,
          `This pack is ${f.status === 'failed' ? 'not built: it failed' : 'not ready yet'}; its files come when it is ready.`,
          {
            packStatus: f.status,
          },
        ),
      );
    const slug = f.title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60);
    return { body: f.body, filename: `board-pack-${f.meetingDate}-${slug || 'pack'}-v${f.packVersion}.${format}` };
  }

  private async enqueue(id: string): Promise<void> {
    await this.jobs.enqueue(BUILD_BOARD_PACK_JOB, { packId: id }, { idempotencyKey: `national-board-pack:${id}` });
  }

  private async view(m: EntityManager, r: BoardPackRow): Promise<BoardPackView> {
    const named = await this.releases.byIds(m, r.releaseIds);
    return {
      ...summary(r),
      rebuiltFrom: r.rebuiltFrom,
      error: r.error,
      startedAt: r.startedAt,
      releases: named.map(release),
      pdfSha256: r.pdfSha256,
      xlsxSha256: r.xlsxSha256,
      contentSha256: r.contentSha256,
    };
  }
}
