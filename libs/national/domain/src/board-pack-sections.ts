import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { PackException, PackRating, PackReform, PackSections } from './board-packs.model';
import { ProgrammeStore } from './programme.store';

/** A reform's status in words, as the pack prints it. */
const STATUS_WORDS: Record<string, string> = {
  planned: 'Planned',
  active: 'Active',
  paused: 'Paused',
  stopped: 'Stopped',
};

/**
 * The sections of a pack besides its figures (RAG summary, exceptions with commentary, reform
 * status) from the releases it names, read as the board role (`forBoard`) through the one reader
 * of what a release says besides its figures (`ProgrammeStore`).
 */
@Injectable()
export class BoardPackSectionsReader {
  constructor(private readonly programme: ProgrammeStore) {}

  async read(
    m: EntityManager,
    releases: readonly { id: string; partnershipName: string }[],
    indicatorNames: ReadonlyMap<string, string>,
  ): Promise<PackSections> {
    const ids = releases.map((r) => r.id);
    const partnership = new Map(releases.map((r) => [r.id, r.partnershipName]));
    const ratings: PackRating[] = [];
    const exceptions: PackException[] = [];
    for (const r of await this.programme.ratings(m, ids)) {
      const rating = {
        partnershipName: partnership.get(r.releaseId) ?? '',
        indicatorCode: r.indicatorCode,
        indicatorName: r.indicatorName || indicatorNames.get(r.indicatorCode) || r.indicatorCode,
        rag: r.rag,
      };
      ratings.push(rating);
      if (r.exception) exceptions.push({ ...rating, ownerName: r.ownerName, commentary: r.commentary });
    }
    const reforms: PackReform[] = (await this.programme.reforms(m, ids)).map((r) => ({
      partnershipName: partnership.get(r.releaseId) ?? '',
      reform: r.reformName,
      laName: r.laName,
      status: STATUS_WORDS[r.status] ?? r.status,
      note: r.reason.trim() === '' ? null : r.reason,
    }));
    const order = (a: { partnershipName: string }, b: { partnershipName: string }) =>
      a.partnershipName.localeCompare(b.partnershipName);
    return {
      ratings: ratings.sort((a, b) => order(a, b) || a.indicatorCode.localeCompare(b.indicatorCode)),
      exceptions: exceptions.sort((a, b) => order(a, b) || a.indicatorCode.localeCompare(b.indicatorCode)),
      reforms: reforms.sort(
        (a, b) => order(a, b) || a.reform.localeCompare(b.reform) || (a.laName ?? '').localeCompare(b.laName ?? ''),
      ),
    };
  }
}
