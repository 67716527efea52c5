import { Injectable, Logger } from '@nestjs/common';
import { defineJob, HandlesJob, JobContext, JobHandler, UnitOfWork } from '@rep-hub/platform';
import { createHash } from 'node:crypto';
import { contentSha256, packContent, packIndicator, packIndicatorCodes } from './board-pack-content';
import type { PackIndicator } from './board-packs.model';
import { boardPackPdf } from './board-pack-pdf';
import { BoardPackSectionsReader } from './board-pack-sections';
import { boardPackXlsx } from './board-pack-xlsx';
import { BoardPacksStore } from './board-packs.store';
import { ReleasesStore } from './releases.store';

export type BuildBoardPackPayload = { packId: string };

/**
 * Builds a board pack. A job with no tenant (a platform job), enqueued from the board's unit of
 * work in the same transaction as the pack it builds; it reads and writes as the board role only.
 */
export const BUILD_BOARD_PACK_JOB = defineJob<BuildBoardPackPayload>('national.build_board_pack', 'reports', {
  attempts: 3,
});

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/**
 * The build of one pack, step by step, each step's progress committed so the pack's page shows it:
 * claim it (building), read the releases it names and their figures (as the board role: nothing
 * else exists for it), build each indicator's part, then the PDF and the XLSX, and keep them with
 * their SHA-256 (ready). A pack already ready is left alone: the job may run twice.
 */
@Injectable()
export class BoardPackBuilder {
  private readonly logger = new Logger('BoardPacks');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: BoardPacksStore,
    private readonly releases: ReleasesStore,
    private readonly sections: BoardPackSectionsReader,
  ) {}

  async build(packId: string): Promise<'ready' | 'skipped'> {
    const claimed = await this.uow.forBoardWrite((m) => this.store.claim(m, packId));
    if (!claimed) return 'skipped';
    try {
      const pack = (await this.uow.forBoard((m) => this.store.get(m, packId)))!;
      const { named, figures, sections } = await this.uow.forBoard(async (m) => {
        const named = await this.releases.byIds(m, claimed.releaseIds);
        const figures = await this.releases.figures(m, claimed.releaseIds);
        const names = new Map(figures.map((f) => [f.indicatorCode, f.indicatorName]));
        return { named, figures, sections: await this.sections.read(m, named, names) };
      });
      const codes = packIndicatorCodes(figures);
      await this.step(packId, 10, `Read ${named.length} releases and ${codes.length} indicators`);
      // one indicator at a time, so the page can say how far it has got
      const indicators: PackIndicator[] = [];
      for (const [i, code] of codes.entries()) {
        const one = packIndicator(code, named, figures);
        indicators.push(one);
        await this.step(
          packId,
          10 + (70 * (i + 1)) / codes.length,
          `Indicator ${i + 1} of ${codes.length}: ${one.name}`,
        );
      }
      const whole = packContent(pack, named, figures, sections, indicators);
      await this.step(packId, 85, 'Writing the PDF');
      const pdf = await boardPackPdf(whole, { packVersion: pack.packVersion });
      await this.step(packId, 93, 'Writing the spreadsheet');
      const xlsx = await boardPackXlsx(whole, { packVersion: pack.packVersion });
      await this.uow.forBoardWrite((m) =>
        this.store.ready(m, packId, {
          pdf,
          xlsx,
          pdfSha256: sha256(pdf),
          xlsxSha256: sha256(xlsx),
          contentSha256: contentSha256(whole),
        }),
      );
      return 'ready';
    } catch (error) {
      const name = (error as { name?: string })?.name ?? 'Error';
      this.logger.warn({ packId, err: error }, 'Board pack failed');
      await this.uow
        .forBoardWrite((m) => this.store.failed(m, packId, `The pack could not be built (${name}). Build it again.`))
        .catch(() => undefined);
      throw error;
    }
  }

  private step(packId: string, progress: number, text: string): Promise<void> {
    return this.uow.forBoardWrite((m) => this.store.progress(m, packId, progress, text));
  }
}

/** Runs a queued pack's build (in the worker, or in process with no Redis). */
@Injectable()
@HandlesJob(BUILD_BOARD_PACK_JOB)
export class BuildBoardPackHandler implements JobHandler<BuildBoardPackPayload> {
  constructor(private readonly builder: BoardPackBuilder) {}

  async handle(_ctx: JobContext, payload: BuildBoardPackPayload): Promise<void> {
    await this.builder.build(payload.packId);
  }
}
